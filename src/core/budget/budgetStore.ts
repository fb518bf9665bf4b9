// The workspace's session budgets on the store layer (`budgets.json` beside `sessions.json`): the
// last summary of every session, so the status bar, tree and dashboard show it after a reload.
import { join } from 'node:path';
import { openJsonStore, type JsonObject, type JsonStore, type StoreProblem } from '../store';
import type { BudgetLevelName, SessionBudgetSummary } from './budgetSummary';

export interface PersistedBudget {
  summary: SessionBudgetSummary;
  /** The highest level a notification was shown for since the fill last went back to ok. */
  notified: BudgetLevelName;
}

export interface BudgetsDocument {
  budgets: Record<string, PersistedBudget>;
}

function validate(data: JsonObject): string | undefined {
  const b = data.budgets;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return 'budgets is not an object';
  for (const [id, v] of Object.entries(b as Record<string, unknown>)) {
    const p = v as Partial<PersistedBudget> | null;
    if (
      typeof p !== 'object' ||
      p === null ||
      typeof p.summary !== 'object' ||
      p.summary === null ||
      typeof p.summary.window !== 'number'
    ) {
      return `the budget of session ${id} lacks its summary`;
    }
  }
  return undefined;
}

export class BudgetStore {
  private constructor(private readonly store: JsonStore<BudgetsDocument>) {}

  static async open(storageDir: string, onProblem: (p: StoreProblem) => void): Promise<BudgetStore> {
    const store = await openJsonStore<BudgetsDocument>({
      file: join(storageDir, 'budgets.json'),
      defaults: () => ({ budgets: {} }),
      schemaVersion: 1,
      validate,
      onProblem,
    });
    return new BudgetStore(store);
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
