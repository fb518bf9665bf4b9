// Tells the orchestrator which file editors are visible and which is active (a routing signal),
// debounced, and again whenever the orchestrator (re)starts. The active file is the file editor the
// user was last in, while its tab is open: looking at the dashboard or a transcript (no active file
// editor) does not make the status bar and the dashboard forget which session that file belongs to.
import * as vscode from 'vscode';
import { EditorsNotification } from '../../protocol/routing';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';

export class EditorsSignal extends Disposable {
  private timer: NodeJS.Timeout | undefined;
  private lastActive: vscode.Uri | undefined;

  constructor(private readonly orchestrator: OrchestratorController) {
    super();
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.schedule()));
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()));
    this._register(vscode.window.tabGroups.onDidChangeTabs(() => this.schedule()));
    this._register(
      orchestrator.onDidChangeStatus((s) => {
        if (s.state === 'ready') this.schedule();
      }),
    );
    this._register({ dispose: () => clearTimeout(this.timer) });
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.send(), 100);
  }

  private send(): void {
    const files = (editors: readonly vscode.TextEditor[]): string[] =>
      editors.filter((e) => e.document.uri.scheme === 'file').map((e) => e.document.uri.fsPath);
    const active = this.activeFile();
    this.orchestrator.notify(EditorsNotification, {
      visible: files(vscode.window.visibleTextEditors),
      ...(active ? { active: active.fsPath } : {}),
    });
  }

  /** The active file editor's file; with another editor active (a webview, a transcript), the last
   *  file editor's while its tab is open. */
  private activeFile(): vscode.Uri | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (uri?.scheme === 'file') this.lastActive = uri;
    else if (this.lastActive && !isOpenInTab(this.lastActive)) this.lastActive = undefined;
    return this.lastActive;
  }
}

function isOpenInTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key),
  );
}
