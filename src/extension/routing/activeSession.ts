// The session the active editor has most affinity with, as the orchestrator's router reports it.
// The tree marks it; the status bar and the dashboard follow it.
import * as vscode from 'vscode';
import { ActiveSessionNotification } from '../../protocol/routing';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';

export class ActiveSession extends Disposable {
  private current: { sessionId: string; reason: string } | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(orchestrator: OrchestratorController) {
    super();
    this._register(
      orchestrator.onNotification(ActiveSessionNotification, (p) => {
        const next = p.sessionId ? { sessionId: p.sessionId, reason: p.reason ?? '' } : undefined;
        if (next?.sessionId === this.current?.sessionId && next?.reason === this.current?.reason) return;
        this.current = next;
        this.changed.fire();
      }),
    );
  }

  get sessionId(): string | undefined {
    return this.current?.sessionId;
  }

  get reason(): string | undefined {
    return this.current?.reason;
  }
}
