// The last permission consolidation per folder as the host knows it, kept current from the
// orchestrator (on start and on every change) for the dashboard.
import * as vscode from 'vscode';
import { ConsolidationsChangedNotification, LastConsolidationsRequest, type ConsolidationRecord } from '../../protocol/permissions';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';

export class PermissionsModel extends Disposable {
  private records: ConsolidationRecord[] = [];
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly orchestrator: OrchestratorController) {
    super();
    this._register(orchestrator.onNotification(ConsolidationsChangedNotification, ({ records }) => this.set(records)));
    this._register(
      orchestrator.onDidChangeStatus((s) => {
        if (s.state === 'ready') void this.refresh().catch(() => undefined);
      }),
    );
  }

  async refresh(): Promise<void> {
    this.set(await this.orchestrator.request(LastConsolidationsRequest, undefined));
  }

  private set(records: ConsolidationRecord[]): void {
    this.records = records;
    this.changed.fire();
  }

  all(): ConsolidationRecord[] {
    return this.records;
  }
}
