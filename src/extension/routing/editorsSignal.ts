// Tells the orchestrator which file editors are visible and which is active (a routing signal),
// debounced, and again whenever the orchestrator (re)starts.
import * as vscode from 'vscode';
import { EditorsNotification } from '../../protocol/routing';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';

export class EditorsSignal extends Disposable {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly orchestrator: OrchestratorController) {
    super();
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.schedule()));
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()));
    this._register(orchestrator.onDidChangeStatus((s) => {
      if (s.state === 'ready') this.schedule();
    }));
    this._register({ dispose: () => clearTimeout(this.timer) });
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.send(), 100);
  }

  private send(): void {
    const files = (editors: readonly vscode.TextEditor[]): string[] => editors.filter((e) => e.document.uri.scheme === 'file').map((e) => e.document.uri.fsPath);
    const active = vscode.window.activeTextEditor;
    this.orchestrator.notify(EditorsNotification, {
      visible: files(vscode.window.visibleTextEditors),
      ...(active?.document.uri.scheme === 'file' ? { active: active.document.uri.fsPath } : {}),
    });
  }
}
