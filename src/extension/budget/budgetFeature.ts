// The host side of context budgets in one place: the budgets model, threshold notifications, the
// commands, and the status bar fed with the budget of the active editor's session (the routing
// tracker's), else the most recently active session.
import type * as vscode from 'vscode';
import { registerBudgetCommands } from './budgetCommands';
import type { ReadOnlyDocuments } from '../documents/readOnlyDocuments';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import type { SessionsModel } from '../sessions/sessionsModel';
import type { StatusBar } from '../statusBar';
import type { ActiveBudgetState } from '../statusBarModel';
import { mostRecentlyActive } from './activeSession';
import { BudgetModel } from './budgetModel';
import { BudgetNotifications } from './budgetNotifications';

/** The session the active editor has most affinity with, as the router reports it. */
export interface ActiveEditorSession {
  readonly sessionId: string | undefined;
  readonly onDidChange: vscode.Event<void>;
}

export class BudgetFeature extends Disposable {
  readonly model: BudgetModel;
  readonly notifications: BudgetNotifications;

  constructor(
    orchestrator: OrchestratorController,
    private readonly sessions: SessionsModel,
    private readonly statusBar: StatusBar,
    private readonly activeEditorSession: ActiveEditorSession,
    documents: ReadOnlyDocuments,
  ) {
    super();
    this.model = this._register(new BudgetModel(orchestrator));
    this.notifications = this._register(new BudgetNotifications(orchestrator, sessions));
    for (const d of registerBudgetCommands({ orchestrator, model: sessions, documents })) this._register(d);
    this._register(this.model.onDidChange(() => this.paint()));
    this._register(sessions.onDidChange(() => this.paint()));
    this._register(activeEditorSession.onDidChange(() => this.paint()));
  }

  /** The session the status bar shows. */
  activeSessionId(): string | undefined {
    return this.activeEditorSession.sessionId ?? mostRecentlyActive(this.sessions.all())?.id;
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

  /** Re-renders the status bar. */
  paint(): void {
    this.statusBar.renderSessions(this.statusState());
  }

  /** Subscribes `listener` to budget changes. */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.model.onDidChange(listener);
  }
}
