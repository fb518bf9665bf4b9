// The workspace's session budgets on the store layer (`budgets.json` beside `sessions.json`): the
// last summary of every session, so the status bar, tree and dashboard show it after a reload
// (spec in ../workspace/workspaceStores.ts).
import type { JsonStore, StoreProblem } from '../store/storeTypes';
import type { BudgetsDocument, PersistedBudget } from './budgetDocument';
import { openWorkspaceStore } from '../workspace/workspaceStores';

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
