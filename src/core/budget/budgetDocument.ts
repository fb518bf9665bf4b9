// The shape of budgets.json: the last summary of every session, the highest level told, and the
// context windows the agent reported (types only: the store spec and the store both use them).
import type { BudgetLevelName, SessionBudgetSummary } from './budgetSummary';

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
