// A notification for every question an agent asks: "'backend' wants to run Bash: `npm test`" with
// Allow, Always Allow… (a rule saved to the folder's settings, see alwaysAllowFlow.ts) and Deny. Dismissing it answers nothing: the session keeps waiting and the question stays
// in the Sessions view and in Answer Permission Request….
import * as vscode from 'vscode';
import { CommandIds } from '../contributions';
import { Disposable } from '../lifecycle';
import { permissionQuestion } from './approvalPresentation';
import type { ApprovalsModel } from './approvalsModel';

export class ApprovalPrompts extends Disposable {
  constructor(model: ApprovalsModel) {
    super();
    this._register(
      model.onDidAsk((r) => {
        void vscode.window
          .showWarningMessage(`Agent Affinity: ${permissionQuestion(r)}`, 'Allow', 'Always Allow…', 'Deny')
          .then((choice) => {
            if (!choice || this.isDisposed) return undefined;
            return vscode.commands.executeCommand(
              CommandIds.answerPermissionRequest,
              { sessionId: r.sessionId, requestId: r.requestId },
              choice === 'Allow' ? 'allow' : choice === 'Deny' ? 'deny' : 'alwaysAllow',
            );
          });
      }),
    );
  }
}
