// The host side of context budgets in one place: the budgets model, threshold notifications, the
// commands, and the status bar fed with the active session's budget.
import type * as vscode from 'vscode';
import { registerBudgetCommands } from '../commands/budgetCommands';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import type { SessionsModel } from '../sessions/sessionsModel';
import type { StatusBar } from '../statusBar';
import type { ActiveBudgetState } from '../statusBarModel';
import { mostRecentlyActive } from './activeSession';
import { BudgetModel } from './budgetModel';
import { BudgetNotifications } from './budgetNotifications';

export class BudgetFeature extends Disposable {
  readonly model: BudgetModel;
  readonly notifications: BudgetNotifications;
  /** Which session the status bar shows; replaceable (the routing tracker's active-editor session). */
  activeSessionId: () => string | undefined;

  constructor(
    orchestrator: OrchestratorController,
    private readonly sessions: SessionsModel,
    private readonly statusBar: StatusBar,
  ) {
    super();
    this.model = this._register(new BudgetModel(orchestrator));
    this.notifications = this._register(new BudgetNotifications(orchestrator, sessions));
    this.activeSessionId = () => mostRecentlyActive(sessions.all())?.id;
    for (const d of registerBudgetCommands({ orchestrator, model: sessions })) this._register(d);
    this._register(this.model.onDidChange(() => this.paint()));
    this._register(sessions.onDidChange(() => this.paint()));
  }

  /** What the status bar shows of the sessions now. */
  statusState(): ActiveBudgetState {
    const all = this.sessions.all();
    const id = this.activeSessionId();
    const s = id !== undefined ? this.sessions.get(id) : undefined;
    if (!s) return { sessionCount: all.length };
    const budget = this.model.get(s.id);
    return { sessionCount: all.length, active: { id: s.id, name: s.name, ...(budget ? { budget } : {}) } };
  }

  /** Re-renders the status bar (call when the active editor's session changes). */
  paint(): void {
    this.statusBar.renderSessions(this.statusState());
  }

  /** Subscribes `listener` to budget changes. */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.model.onDidChange(listener);
  }
}
