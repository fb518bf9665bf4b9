// Tells the orchestrator which file editors are visible and which is active (a routing signal),
// debounced, and at once whenever the orchestrator (re)starts. The active file is the file editor the
// user was last in, while its tab is open: looking at the dashboard or a transcript (no active file
// editor) does not make the status bar and the dashboard forget which session that file belongs to.
// That file is remembered across a reload (workspace state), when the window may come back with the
// dashboard in front of it; with nothing remembered, an open file editor stands in (a visible one
// first, then the front tab of a group, then any open file tab).
import * as vscode from 'vscode';
import { EditorsNotification } from '../../protocol/routing';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';

/** Workspace-state key of the last active file editor's URI. */
const LAST_ACTIVE_KEY = 'agentAffinity.routing.lastActiveFile';

export class EditorsSignal extends Disposable {
  private timer: NodeJS.Timeout | undefined;
  private lastActive: vscode.Uri | undefined;

  constructor(
    private readonly orchestrator: OrchestratorController,
    private readonly memory?: vscode.Memento,
  ) {
    super();
    const remembered = memory?.get<string>(LAST_ACTIVE_KEY);
    if (remembered) this.lastActive = vscode.Uri.parse(remembered);
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.schedule()));
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()));
    this._register(vscode.window.tabGroups.onDidChangeTabs(() => this.schedule()));
    this._register(
      orchestrator.onDidChangeStatus((s) => {
        // A (re)started orchestrator knows no editors: tell it now, so the status bar shows the
        // active editor's session from the start rather than the most recent one.
        if (s.state === 'ready') {
          clearTimeout(this.timer);
          this.send();
        }
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
   *  file editor's while its tab is open, else an open file editor's. */
  private activeFile(): vscode.Uri | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    let file: vscode.Uri | undefined;
    if (uri?.scheme === 'file') file = uri;
    else if (this.lastActive && isOpenInTab(this.lastActive)) file = this.lastActive;
    else file = openFileEditor();
    if (file?.toString() !== this.lastActive?.toString()) {
      this.lastActive = file;
      void this.memory?.update(LAST_ACTIVE_KEY, file?.toString());
    }
    return file;
  }
}

function isOpenInTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key),
  );
}

/** A file editor that is open when none is active and none is remembered: a visible one (the active
 *  group's first), else the front tab of a group (the active group's first), else any file tab. */
function openFileEditor(): vscode.Uri | undefined {
  const visible = vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme === 'file');
  const activeColumn = vscode.window.tabGroups.activeTabGroup.viewColumn;
  const visibleFile = (visible.find((e) => e.viewColumn === activeColumn) ?? visible[0])?.document.uri;
  if (visibleFile) return visibleFile;
  const groups = [vscode.window.tabGroups.activeTabGroup, ...vscode.window.tabGroups.all.filter((g) => !g.isActive)];
  const fileOf = (t: vscode.Tab | undefined): vscode.Uri | undefined =>
    t?.input instanceof vscode.TabInputText && t.input.uri.scheme === 'file' ? t.input.uri : undefined;
  for (const g of groups) {
    const front = fileOf(g.activeTab);
    if (front) return front;
  }
  for (const g of groups) {
    for (const t of g.tabs) {
      const any = fileOf(t);
      if (any) return any;
    }
  }
  return undefined;
}
