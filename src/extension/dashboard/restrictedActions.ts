// The dashboard's buttons run commands through executeCommand, which does not check a command's
// `enablement`: in Restricted Mode the ones that spawn agents or write files are refused here, with
// one clear message, instead of starting a flow that fails at its last step.
import * as vscode from 'vscode';
import type { WebviewToHostMessage } from '../../protocol/webviewMessages';

/** Dashboard actions that spawn processes or write files, with the name a person clicked. */
const needsTrust: Partial<Record<WebviewToHostMessage['type'], string>> = {
  createSession: 'Create Session…',
  consolidatePermissions: 'Consolidate Permissions…',
  undoPermissionConsolidation: 'Undo Permission Consolidation',
  fixEdit: 'Editing a learned fix',
  fixDelete: 'Deleting a learned fix',
  fixesExport: 'Export Learned Fixes…',
  fixesImport: 'Import Learned Fixes…',
  metricsExport: 'Export Metrics…',
};

/** True (and the user told why) when the workspace is untrusted and the action needs trust. */
export function refusedInRestrictedMode(message: WebviewToHostMessage): boolean {
  const action = needsTrust[message.type];
  if (action === undefined || vscode.workspace.isTrusted) return false;
  void vscode.window.showWarningMessage(`Agent Affinity: ${action} needs a trusted workspace. In Restricted Mode no agent runs and no file is written.`, 'Manage Workspace Trust')
    .then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
  return true;
}
