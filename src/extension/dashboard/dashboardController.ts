// Keeps at most one dashboard panel: opens or reveals it, and revives it after a reload through a
// webview panel serializer.
import * as vscode from 'vscode';
import { ViewIds } from '../contributions';
import { Disposable } from '../lifecycle';
import { DashboardPanel, type DashboardHost } from './dashboardPanel';

export class DashboardController extends Disposable {
  private panel: DashboardPanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: DashboardHost,
  ) {
    super();
    this._register(
      vscode.window.registerWebviewPanelSerializer(ViewIds.dashboardPanel, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel): Promise<void> => {
          this.adopt(new DashboardPanel(panel, this.extensionUri, this.host));
        },
      }),
    );
  }

  /** Opens or reveals the dashboard; with a session id, scrolls to that session and highlights it. */
  show(sessionId?: string): void {
    if (this.panel) this.panel.reveal();
    else this.adopt(DashboardPanel.create(this.extensionUri, this.host));
    if (sessionId !== undefined) this.panel?.focusSession(sessionId);
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  private adopt(panel: DashboardPanel): void {
    this.panel?.dispose();
    this.panel = panel;
    panel.onDidClose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
  }

  override dispose(): void {
    this.panel?.dispose();
    super.dispose();
  }
}
