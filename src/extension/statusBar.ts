// The status-bar item: renders statusBarModel's view of the orchestrator's state.
import * as vscode from 'vscode';
import type { OrchestratorStatus } from '../protocol/orchestratorState';
import { StatusBarItemId } from './contributions';
import { Disposable } from './lifecycle';
import { statusBarView, type ActiveBudgetState } from './statusBarModel';

export class StatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem(StatusBarItemId, vscode.StatusBarAlignment.Left, 50));

  constructor() {
    super();
    this.item.name = 'Agent Affinity';
  }

  private status: OrchestratorStatus = { state: 'starting' };
  private sessions: ActiveBudgetState | undefined;

  /** The text shown now (for the test API). */
  get text(): string {
    return this.item.text;
  }

  /** Shows the active session's budget once the orchestrator is ready. */
  renderSessions(sessions: ActiveBudgetState): void {
    this.sessions = sessions;
    this.render(this.status);
  }

  render(status: OrchestratorStatus): void {
    this.status = status;
    const view = statusBarView(status, Date.now(), this.sessions);
    this.item.text = view.text;
    this.item.tooltip = view.tooltipMarkdown ? new vscode.MarkdownString(view.tooltipMarkdown, true) : view.tooltip;
    this.item.command = view.commandArgs ? { command: view.command, title: 'Open', arguments: view.commandArgs } : view.command;
    this.item.accessibilityInformation = { label: view.accessibilityLabel };
    this.item.backgroundColor = view.background ? new vscode.ThemeColor(view.background) : undefined;
    this.item.show();
  }
}
