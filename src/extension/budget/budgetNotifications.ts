// Threshold notifications: at critical, one warning per crossing offering Roll Over Session (and
// Compact Session for Claude Code); at warn, a quieter status-bar message (the colour already says it).
import * as vscode from 'vscode';
import { BudgetThresholdNotification, type BudgetThresholdEvent } from '../../protocol/budget';
import { CommandIds } from '../contributions';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import type { SessionsModel } from '../sessions/sessionsModel';

export class BudgetNotifications extends Disposable {
  /** Every notification shown, in order (for the test API). */
  readonly shown: BudgetThresholdEvent[] = [];

  constructor(
    orchestrator: OrchestratorController,
    private readonly sessions: SessionsModel,
  ) {
    super();
    this._register(orchestrator.onNotification(BudgetThresholdNotification, (e) => this.show(e)));
  }

  private show(e: BudgetThresholdEvent): void {
    this.shown.push(e);
    const pct = `${Math.round(e.fraction * 100)}%`;
    if (e.level === 'warn') {
      this._register(vscode.window.setStatusBarMessage(`$(warning) ${e.sessionName}: context ${pct} full`, 8000));
      return;
    }
    const rollOver = 'Roll Over Session';
    const compact = 'Compact Session';
    const actions = this.sessions.get(e.sessionId)?.agent === 'claude' ? [rollOver, compact] : [rollOver];
    void vscode.window
      .showWarningMessage(
        `Agent Affinity: ${e.sessionName}'s context window is ${pct} full; it will soon compact away what it knows. Roll it over to a fresh session with a handoff summary?`,
        ...actions,
      )
      .then((choice) => {
        if (choice === rollOver) return vscode.commands.executeCommand(CommandIds.rollOverSession, e.sessionId);
        if (choice === compact) return vscode.commands.executeCommand(CommandIds.compactSession, e.sessionId);
        return undefined;
      });
  }
}
