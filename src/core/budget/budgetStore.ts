// The workspace's session budgets on the store layer (`budgets.json` beside `sessions.json`): the
// last summary of every session, so the status bar, tree and dashboard show it after a reload
// (spec in ../workspace/workspaceStores.ts).
import type { JsonStore, StoreProblem } from '../store/storeTypes';
import type { BudgetLevelName, SessionBudgetSummary } from './budgetSummary';
import { openWorkspaceStore } from '../workspace/workspaceStores';

export interface PersistedBudget {
  summary: SessionBudgetSummary;
  /** The highest level a notification was shown for since the fill last went back to ok. */
  notified: BudgetLevelName;
  /** The context windows the agent reported, by model (kept so a reload never falls back to a default). */
  windows?: Record<string, number>;
}

export interface BudgetsDocument {
  budgets: Record<string, PersistedBudget>;
}

export class BudgetStore {
  private constructor(private readonly store: JsonStore<BudgetsDocument>) {}

  static async open(storageDir: string, onProblem: (p: StoreProblem) => void): Promise<BudgetStore> {
    return new BudgetStore(await openWorkspaceStore(storageDir, 'budgets', onProblem));
  }

  get file(): string {
    return this.store.file;
  }

  all(): PersistedBudget[] {
    return Object.values(structuredClone(this.store.data.budgets));
  }

  save(p: PersistedBudget): void {
    const copy = structuredClone(p);
    this.store.update((d) => {
      d.budgets[copy.summary.sessionId] = copy;
    });
  }

  delete(sessionId: string): void {
    if (!(sessionId in this.store.data.budgets)) return;
    this.store.update((d) => {
      delete d.budgets[sessionId];
    });
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
