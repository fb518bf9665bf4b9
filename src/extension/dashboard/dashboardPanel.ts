// The dashboard webview panel: builds its HTML, queues state until the webview says it is ready,
// relays the webview's typed requests, and survives hide/show and reloads (see dashboardSerializer).
import * as vscode from 'vscode';
import {
  isWebviewToHostMessage,
  type DashboardState,
  type HostToWebviewMessage,
  type WebviewToHostMessage,
} from '../../protocol/webviewMessages';
import { ViewIds } from '../contributions';
import { Disposable } from '../lifecycle';
import { dashboardHtml } from './dashboardHtml';
import { refusedInRestrictedMode } from './restrictedActions';

export interface DashboardHost {
  state(): DashboardState;
  onDidChangeState: vscode.Event<void>;
  handle(message: Exclude<WebviewToHostMessage, { type: 'ready' }>): Promise<void>;
}

export class DashboardPanel extends Disposable {
  private ready = false;
  /** A session to bring into view once the webview is ready (it may still be loading). */
  private pendingFocus: string | undefined;
  private readonly closeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidClose = this.closeEmitter.event;

  static create(extensionUri: vscode.Uri, host: DashboardHost): DashboardPanel {
    const panel = vscode.window.createWebviewPanel(
      ViewIds.dashboardPanel,
      'Agent Affinity',
      vscode.ViewColumn.Active,
      DashboardPanel.options(extensionUri),
    );
    return new DashboardPanel(panel, extensionUri, host);
  }

  static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    };
  }

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly host: DashboardHost,
  ) {
    super();
    const webview = panel.webview;
    webview.options = DashboardPanel.options(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'activity.svg');
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    webview.html = dashboardHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'dashboard.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'dashboard.css')).toString(),
    });
    this._register(webview.onDidReceiveMessage((m: unknown) => void this.receive(m)));
    this._register(host.onDidChangeState(() => this.pushState()));
    // A hidden webview is torn down unless retained; it says `ready` again when shown.
    this._register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    );
    this._register(
      panel.onDidDispose(() => {
        this.closeEmitter.fire();
        this.dispose();
      }),
    );
  }

  get visible(): boolean {
    return !this.isDisposed && this.panel.visible;
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Scrolls the dashboard to a session's budget (or its row) and highlights it. */
  focusSession(sessionId: string): void {
    this.pendingFocus = sessionId;
    this.flushFocus();
  }

  private flushFocus(): void {
    if (!this.ready || this.isDisposed || this.pendingFocus === undefined) return;
    const message: HostToWebviewMessage = { type: 'focusSession', sessionId: this.pendingFocus };
    this.pendingFocus = undefined;
    void this.panel.webview.postMessage(message);
  }

  private async receive(message: unknown): Promise<void> {
    if (!isWebviewToHostMessage(message)) return;
    if (message.type === 'ready') {
      this.ready = true;
      this.pushState();
      this.flushFocus();
      return;
    }
    if (refusedInRestrictedMode(message)) return;
    await this.host.handle(message);
  }

  private pushState(): void {
    if (!this.ready || this.isDisposed) return;
    const message: HostToWebviewMessage = { type: 'state', state: this.host.state() };
    void this.panel.webview.postMessage(message);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.panel.dispose();
  }
}
