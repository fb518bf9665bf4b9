// The dashboard's metrics on the host side: refreshed from the orchestrator when its metrics change
// and when it (re)starts.
import * as vscode from 'vscode';
import { MetricsChangedNotification, MetricsRequest, type MetricsView } from '../../protocol/metrics';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';

export class MetricsModel extends Disposable {
  private view: MetricsView | undefined;
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly orchestrator: OrchestratorController) {
    super();
    this._register(orchestrator.onNotification(MetricsChangedNotification, () => void this.refresh()));
    this._register(
      orchestrator.onDidChangeStatus((s) => {
        if (s.state === 'ready') void this.refresh();
      }),
    );
  }

  current(): MetricsView | undefined {
    return this.view;
  }

  async refresh(): Promise<void> {
    if (this.orchestrator.current.state !== 'ready') return;
    try {
      this.view = await this.orchestrator.request(MetricsRequest, undefined);
      this.changeEmitter.fire();
    } catch {
      // The orchestrator stopped meanwhile; the next start refreshes.
    }
  }
}
