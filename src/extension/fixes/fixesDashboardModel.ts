// The dashboard's fixes and metrics data on the host side: the current query's fix list, the fix
// being viewed, the last import report and the metrics, refreshed from the orchestrator when the
// dashboard asks, when fixes or metrics change, and when the orchestrator (re)starts.
import * as vscode from 'vscode';
import {
  DeleteFixesRequest,
  EditFixRequest,
  FixesChangedNotification,
  GetFixRequest,
  ListFixesRequest,
  MetricsChangedNotification,
  MetricsRequest,
  type EditFixResult,
  type FixImportReportView,
  type MetricsView,
} from '../../protocol/fixes';
import type { DashboardState, FixesDashboardState, FixesWebviewMessage } from '../../protocol/webviewMessages';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';

const LIST_LIMIT = 200;

export class FixesDashboardModel extends Disposable {
  private state: FixesDashboardState = { query: { text: '', sort: 'recency' }, list: { items: [], matching: 0, total: 0 } };
  private metricsView: MetricsView | undefined;
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changeEmitter.event;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly orchestrator: OrchestratorController) {
    super();
    // One handler per notification method (the connection keeps only the last registered): these are ours alone.
    orchestrator.onNotification(FixesChangedNotification, () => void this.refreshFixes());
    orchestrator.onNotification(MetricsChangedNotification, () => void this.refreshMetrics());
    this._register(
      orchestrator.onDidChangeStatus((s) => {
        if (s.state === 'ready') void this.refresh();
      }),
    );
  }

  fixes(): FixesDashboardState {
    return this.state;
  }

  /** The dashboard state's fixes and metrics parts. */
  dashboardState(): Pick<DashboardState, 'fixes' | 'metrics'> {
    return { fixes: this.state, ...(this.metricsView ? { metrics: this.metricsView } : {}) };
  }

  metrics(): MetricsView | undefined {
    return this.metricsView;
  }

  async refresh(): Promise<void> {
    await Promise.all([this.refreshFixes(), this.refreshMetrics()]);
  }

  /** Handles a fixes/metrics message from the dashboard; the commands handle export and import. */
  async handle(message: FixesWebviewMessage): Promise<void> {
    if (message.type === 'fixesQuery') {
      this.state = { ...this.state, query: { text: message.text, sort: message.sort } };
      await this.refreshFixes();
    } else if (message.type === 'fixShow') {
      const detail = await this.orchestrator.request(GetFixRequest, { id: message.id });
      this.update(detail ? { detail } : {});
    } else if (message.type === 'fixClose') {
      this.update({});
    } else if (message.type === 'fixDelete') {
      const fix = this.state.list.items.find((f) => f.id === message.id) ?? this.state.detail;
      const choice = await vscode.window.showWarningMessage(
        `Delete the learned fix "${fix?.title ?? message.id}"?`,
        { modal: true },
        'Delete',
      );
      if (choice !== 'Delete') return;
      await this.orchestrator.request(DeleteFixesRequest, { ids: [message.id] });
      if (this.state.detail?.id === message.id) this.update({});
      await this.refreshFixes();
    } else if (message.type === 'fixEdit') {
      await this.edit(message);
    }
  }

  /** Saves an edit of the viewed fix; the answer (saved, or the reason beside its field) goes into the state. */
  private async edit(message: Extract<FixesWebviewMessage, { type: 'fixEdit' }>): Promise<void> {
    const { id, requestId } = message;
    const result: EditFixResult = await this.orchestrator
      .request(EditFixRequest, { id, title: message.title, diff: message.diff })
      .catch((e: unknown) => ({ ok: false, field: 'id', error: `The fix was not saved: ${e instanceof Error ? e.message : String(e)}` }));
    const { edit: _old, ...rest } = this.state;
    if (result.ok) {
      this.state = { ...rest, ...(rest.detail?.id === id ? { detail: result.fix } : {}), edit: { id, requestId } };
      this.changeEmitter.fire();
      await this.refreshFixes();
    } else {
      this.state = { ...rest, edit: { id, requestId, error: { message: result.error, field: result.field } } };
      this.changeEmitter.fire();
    }
  }

  /** Records an import's report for the dashboard to show. */
  imported(file: string, report: FixImportReportView): void {
    this.state = { ...this.state, lastImport: { file, report } };
    this.changeEmitter.fire();
    void this.refreshFixes();
  }

  private update(view: Pick<FixesDashboardState, 'detail'>): void {
    const { detail: _dropped, edit: _answer, ...rest } = this.state;
    this.state = { ...rest, ...view };
    this.changeEmitter.fire();
  }

  private async refreshFixes(): Promise<void> {
    if (this.orchestrator.current.state !== 'ready') return;
    // One refresh at a time; a burst of changes ends with one more refresh.
    if (this.refreshing) {
      await this.refreshing;
      return this.refreshFixes();
    }
    this.refreshing = (async () => {
      try {
        const { text, sort } = this.state.query;
        const list = await this.orchestrator.request(ListFixesRequest, { text, sort, limit: LIST_LIMIT });
        const detail = this.state.detail ? await this.orchestrator.request(GetFixRequest, { id: this.state.detail.id }) : null;
        const { detail: _old, ...rest } = this.state;
        this.state = { ...rest, list, ...(detail ? { detail } : {}) };
        this.changeEmitter.fire();
      } catch {
        // The orchestrator stopped meanwhile; the next start refreshes.
      }
    })();
    try {
      await this.refreshing;
    } finally {
      this.refreshing = undefined;
    }
  }

  private async refreshMetrics(): Promise<void> {
    if (this.orchestrator.current.state !== 'ready') return;
    try {
      this.metricsView = await this.orchestrator.request(MetricsRequest, undefined);
      this.changeEmitter.fire();
    } catch {
      // As above.
    }
  }
}
