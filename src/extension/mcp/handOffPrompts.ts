// Answers the orchestrator's hand-off questions (an agent asked, through the MCP tool `hand_off`, to
// give another session a task): a notification with the task and Allow / Deny, like the agents'
// permission questions. Only an explicit Allow lets it through; a dismissed question is a refusal.
import * as vscode from 'vscode';
import { ConfirmHandOffRequest, type HandOffDecision, type HandOffQuestion } from '../../protocol/mcp';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import { handOffQuestionText } from './mcpPresentation';

export class HandOffPrompts extends Disposable {
  constructor(orchestrator: OrchestratorController) {
    super();
    this._register(orchestrator.onRequest(ConfirmHandOffRequest, (q) => this.ask(q)));
  }

  private async ask(q: HandOffQuestion): Promise<HandOffDecision> {
    if (!q || typeof q !== 'object' || typeof q.task !== 'string') return { allow: false };
    const choice = await vscode.window.showWarningMessage(`Agent Affinity: ${handOffQuestionText(q)}`, 'Allow', 'Deny');
    return { allow: choice === 'Allow' && !this.isDisposed };
  }
}
