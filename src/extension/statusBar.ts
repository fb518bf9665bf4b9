// The status-bar item: renders statusBarModel's view of the orchestrator's state.
import * as vscode from 'vscode';
import type { OrchestratorStatus } from '../protocol/orchestratorState';
import { StatusBarItemId } from './contributions';
import { Disposable } from './lifecycle';
import { statusBarView } from './statusBarModel';

export class StatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem(StatusBarItemId, vscode.StatusBarAlignment.Left, 50));

  constructor() {
    super();
    this.item.name = 'Agent Affinity';
  }

  render(status: OrchestratorStatus): void {
    const view = statusBarView(status);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = view.command;
    this.item.accessibilityInformation = { label: view.accessibilityLabel };
    this.item.backgroundColor = view.background ? new vscode.ThemeColor(view.background) : undefined;
    this.item.show();
  }
}
