// Commands about the orchestrator process and its logs.
import * as vscode from 'vscode';
import { CommandIds } from '../contributions';
import type { IDisposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';

export function registerOrchestratorCommands(orchestrator: OrchestratorController, output: vscode.LogOutputChannel): IDisposable[] {
  return [
    vscode.commands.registerCommand(CommandIds.restartOrchestrator, async () => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window
          .showWarningMessage(
            'Agent Affinity: the orchestrator does not run in Restricted Mode. Trust this workspace to start it.',
            'Manage Workspace Trust',
          )
          .then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
        return;
      }
      output.info('restarting the orchestrator');
      await orchestrator.restart();
    }),
    vscode.commands.registerCommand(CommandIds.showLogs, () => output.show(true)),
  ];
}
