// The questions agents are waiting on, as the host knows them: kept current from the
// orchestrator's notifications and reloaded whole when it (re)starts. The tree and the prompts read it.
import * as vscode from 'vscode';
import {
  ListApprovalsRequest,
  ApprovalRequestedNotification,
  ApprovalSettledNotification,
  type ApprovalRequest,
} from '../../protocol/approvals';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';

const key = (sessionId: string, requestId: string): string => `${sessionId}\u0000${requestId}`;

export class ApprovalsModel extends Disposable {
  private readonly pending = new Map<string, ApprovalRequest>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  private readonly asked = this._register(new vscode.EventEmitter<ApprovalRequest>());
  readonly onDidChange = this.changed.event;
  /** A new question (not fired for the ones a reload finds). */
  readonly onDidAsk = this.asked.event;

  constructor(private readonly orchestrator: OrchestratorController) {
    super();
    this._register(
      orchestrator.onNotification(ApprovalRequestedNotification, (r) => {
        this.pending.set(key(r.sessionId, r.requestId), r);
        this.changed.fire();
        this.asked.fire(r);
      }),
    );
    this._register(
      orchestrator.onNotification(ApprovalSettledNotification, ({ sessionId, requestId }) => {
        if (this.pending.delete(key(sessionId, requestId))) this.changed.fire();
      }),
    );
    this._register(
      orchestrator.onDidChangeStatus((s) => {
        if (s.state === 'ready') void this.refresh().catch(() => undefined);
        else if (this.pending.size > 0) {
          this.pending.clear();
          this.changed.fire();
        }
      }),
    );
  }

  /** Reloads the pending questions from the orchestrator and returns them. */
  async refresh(): Promise<ApprovalRequest[]> {
    const list = await this.orchestrator.request(ListApprovalsRequest, undefined);
    this.pending.clear();
    for (const r of list) this.pending.set(key(r.sessionId, r.requestId), r);
    this.changed.fire();
    return this.all();
  }

  /** Oldest first. */
  all(): ApprovalRequest[] {
    return [...this.pending.values()].sort((a, b) => a.at - b.at);
  }

  forSession(sessionId: string): ApprovalRequest[] {
    return this.all().filter((r) => r.sessionId === sessionId);
  }
}
