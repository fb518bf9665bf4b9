// The session budgets as the extension host knows them: kept current from the orchestrator's list
// and its change notifications; the status bar, tree and dashboard read it.
import * as vscode from 'vscode';
import { BudgetChangedNotification, ListBudgetsRequest, type SessionBudgetSummary } from '../../protocol/budget';
import { SessionDeletedNotification } from '../../protocol/sessions';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';

export class BudgetModel extends Disposable {
  private readonly budgets = new Map<string, SessionBudgetSummary>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly orchestrator: OrchestratorController) {
    super();
    this._register(
      orchestrator.onNotification(BudgetChangedNotification, ({ budget }) => {
        this.budgets.set(budget.sessionId, budget);
        this.changed.fire();
      }),
    );
    this._register(
      orchestrator.onNotification(SessionDeletedNotification, ({ sessionId }) => {
        if (this.budgets.delete(sessionId)) this.changed.fire();
      }),
    );
    this._register(
      orchestrator.onDidChangeStatus((s) => {
        if (s.state === 'ready') void this.refresh().catch(() => undefined);
      }),
    );
  }

  async refresh(): Promise<void> {
    const list = await this.orchestrator.request(ListBudgetsRequest, undefined);
    this.budgets.clear();
    for (const b of list) this.budgets.set(b.sessionId, b);
    this.changed.fire();
  }

  get(sessionId: string): SessionBudgetSummary | undefined {
    return this.budgets.get(sessionId);
  }

  all(): SessionBudgetSummary[] {
    return [...this.budgets.values()];
  }
}
