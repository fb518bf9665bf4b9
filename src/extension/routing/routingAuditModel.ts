// The last routing decisions, fetched from the orchestrator's audit log for the dashboard.
import * as vscode from 'vscode';
import type { AuditEntryView } from '../../protocol/routing';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import { fetchAudit } from './routingCommands';

export class RoutingAuditModel extends Disposable {
  private entries: AuditEntryView[] = [];
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly orchestrator: OrchestratorController) {
    super();
    this._register(
      orchestrator.onDidChangeStatus((s) => {
        if (s.state === 'ready') void this.refresh();
      }),
    );
  }

  async refresh(): Promise<void> {
    try {
      this.entries = await fetchAudit(this.orchestrator, 20);
      this.changed.fire();
    } catch {
      // not running: the list is refreshed when it is ready again
    }
  }

  all(): AuditEntryView[] {
    return this.entries;
  }
}
