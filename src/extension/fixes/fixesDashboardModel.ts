// The dashboard's learned fixes on the host side: the current query's fix list, the fix being
// viewed and the last import report, refreshed from the orchestrator when the dashboard asks, when
// fixes change, and when the orchestrator (re)starts.
import * as vscode from 'vscode';
import {
  DeleteFixesRequest,
  EditFixRequest,
  FixesChangedNotification,
  GetFixRequest,
  ListFixesRequest,
  type EditFixResult,
  type FixImportReportView,
} from '../../protocol/fixes';
import type { FixesDashboardState, FixesWebviewMessage } from '../../protocol/webviewMessages';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';

const LIST_LIMIT = 200;

export class FixesDashboardModel extends Disposable {
  private state: FixesDashboardState = { query: { text: '', sort: 'recency' }, list: { items: [], matching: 0, total: 0 } };
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changeEmitter.event;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly orchestrator: OrchestratorController) {
    super();
    this._register(orchestrator.onNotification(FixesChangedNotification, () => void this.refreshFixes()));
    this._register(
      orchestrator.onDidChangeStatus((s) => {
        if (s.state === 'ready') void this.refreshFixes();
      }),
    );
  }

  fixes(): FixesDashboardState {
    return this.state;
  }

  /** Handles a fixes message from the dashboard; the commands handle export and import. */
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
}
