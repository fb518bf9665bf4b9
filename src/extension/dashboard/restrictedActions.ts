// The dashboard's buttons run commands through executeCommand, which does not check a command's
// `enablement`: in Restricted Mode the ones that spawn agents or write files are refused here, with
// one clear message, instead of starting a flow that fails at its last step (the dashboard also
// shows their buttons disabled).
import * as vscode from 'vscode';
import { actionsNeedingTrust, type WebviewToHostMessage } from '../../protocol/webviewMessages';

/** True (and the user told why) when the workspace is untrusted and the action needs trust. */
export function refusedInRestrictedMode(message: WebviewToHostMessage): boolean {
  const action = (actionsNeedingTrust as Partial<Record<WebviewToHostMessage['type'], string>>)[message.type];
  if (action === undefined || vscode.workspace.isTrusted) return false;
  void vscode.window
    .showWarningMessage(
      `Agent Affinity: ${action} needs a trusted workspace. In Restricted Mode no agent runs and no file is written.`,
      'Manage Workspace Trust',
    )
    .then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
  return true;
}
