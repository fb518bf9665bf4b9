// The sessions as the extension host knows them: a map kept current from the orchestrator's list
// and its change notifications. Views (tree, dashboard, status) read it; none of them own it.
import * as vscode from 'vscode';
import { ListSessionsRequest, SessionChangedNotification, SessionDeletedNotification, type SessionSummary } from '../../protocol/sessions';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';

export class SessionsModel extends Disposable {
  private readonly sessions = new Map<string, SessionSummary>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly orchestrator: OrchestratorController) {
    super();
    this._register(
      orchestrator.onNotification(SessionChangedNotification, ({ session }) => {
        this.sessions.set(session.id, session);
        this.changed.fire();
      }),
    );
    this._register(
      orchestrator.onNotification(SessionDeletedNotification, ({ sessionId }) => {
        if (this.sessions.delete(sessionId)) this.changed.fire();
      }),
    );
    this._register(
      orchestrator.onDidChangeStatus((s) => {
        if (s.state === 'ready') void this.refresh();
      }),
    );
  }

  /** Reloads the whole list from the orchestrator. */
  async refresh(): Promise<void> {
    const list = await this.orchestrator.request(ListSessionsRequest, undefined);
    this.sessions.clear();
    for (const s of list) this.sessions.set(s.id, s);
    this.changed.fire();
  }

  all(): SessionSummary[] {
    return [...this.sessions.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  get(id: string): SessionSummary | undefined {
    return this.sessions.get(id);
  }

  /** Sessions grouped by workspace folder, in folder order. */
  byFolder(): Map<string, SessionSummary[]> {
    const groups = new Map<string, SessionSummary[]>();
    for (const s of this.all()) {
      const list = groups.get(s.folder) ?? [];
      list.push(s);
      groups.set(s.folder, list);
    }
    return groups;
  }
}
