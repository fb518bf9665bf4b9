// The last routing decisions, fetched from the orchestrator's audit log, and what routing has
// learned (the git history, finished tasks), for the dashboard.
import * as vscode from 'vscode';
import { RoutingStatusNotification, RoutingStatusRequest, type AuditEntryView, type RoutingStatusView } from '../../protocol/routing';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import { fetchAudit } from './routingCommands';

export class RoutingAuditModel extends Disposable {
  private entries: AuditEntryView[] = [];
  private learned: RoutingStatusView | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly orchestrator: OrchestratorController) {
    super();
    this._register(
      orchestrator.onDidChangeStatus((s) => {
        if (s.state === 'ready') void this.refresh();
      }),
    );
    this._register(
      orchestrator.onNotification(RoutingStatusNotification, (s) => {
        this.learned = s;
        this.changed.fire();
      }),
    );
  }

  /** What routing has learned ("learned from 2,000 commits and 35 finished tasks"), once known. */
  status(): RoutingStatusView | undefined {
    return this.learned;
  }

  async refresh(): Promise<void> {
    try {
      this.entries = await fetchAudit(this.orchestrator, 20);
      this.learned = await this.orchestrator.request(RoutingStatusRequest, undefined);
      this.changed.fire();
    } catch {
      // not running: the list is refreshed when it is ready again
    }
  }

  all(): AuditEntryView[] {
    return this.entries;
  }
}
