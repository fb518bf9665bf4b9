// Answer Permission Request…: lists the questions agents are waiting on (all, or one session's) and
// answers the one picked with Allow, Always Allow… (a rule saved, see alwaysAllowFlow.ts), Deny, or
// Deny with a message. With arguments (request or session, 'allow' | 'alwaysAllow' | 'deny' |
// { allow, message }) nothing is asked but the Always Allow rule; a session with
// several questions then gets the oldest answered.
import * as vscode from 'vscode';
import { AnswerApprovalRequest, type ApprovalRequest } from '../../protocol/approvals';
import { formatAge } from '../../common/format';
import { CommandIds } from '../contributions';
import { withQuickFlow, type QuickFlow } from '../input/quickFlow';
import type { IDisposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import { alwaysAllow } from './alwaysAllowFlow';
import { decisionArgument, permissionLabel, permissionQuestion, requestArgument } from './approvalPresentation';
import type { ApprovalsModel } from './approvalsModel';
import { guarded } from '../input/guarded';

export interface ApprovalCommandDeps {
  orchestrator: OrchestratorController;
  requests: ApprovalsModel;
}

async function pickRequest(flow: QuickFlow, candidates: ApprovalRequest[]): Promise<ApprovalRequest | undefined> {
  if (candidates.length === 1) return candidates[0];
  const picked = await flow.pick(
    candidates.map((r) => ({
      label: `$(bell-dot) ${r.sessionName}`,
      description: permissionLabel(r),
      detail: `asked ${formatAge(Date.now() - r.at)}`,
      request: r,
    })),
    { title: 'Answer Permission Request', placeholder: 'Which question to answer', matchOnDescription: true },
  );
  return picked?.request;
}

type Decision = { allow: boolean; message?: string; always?: true };

async function pickDecision(flow: QuickFlow, r: ApprovalRequest): Promise<Decision | undefined> {
  const choice = await flow.pick(
    [
      { label: '$(check) Allow', decision: 'allow' as const },
      { label: '$(check-all) Always Allow…', description: 'save a rule so agents stop asking', decision: 'always' as const },
      { label: '$(close) Deny', decision: 'deny' as const },
      { label: '$(comment) Deny with a Message…', decision: 'message' as const },
    ],
    { title: permissionQuestion(r), placeholder: 'The agent waits for your answer' },
  );
  if (!choice) return undefined;
  if (choice.decision === 'always') return { allow: true, always: true };
  if (choice.decision !== 'message') return { allow: choice.decision === 'allow' };
  const message = await flow.input({
    title: `Deny ${r.toolName}`,
    prompt: `Told to ${r.sessionName}'s agent`,
    placeholder: 'e.g. run the unit tests only',
  });
  if (message === undefined) return undefined;
  return message.trim() ? { allow: false, message: message.trim() } : { allow: false };
}

export function registerApprovalCommands({ orchestrator, requests }: ApprovalCommandDeps): IDisposable[] {
  return [
    vscode.commands.registerCommand(
      CommandIds.answerPermissionRequest,
      guarded('answer the permission request', async (arg?: unknown, decisionArg?: unknown) => {
        const { sessionId, requestId } = requestArgument(arg);
        // Fresh from the orchestrator: a question answered elsewhere or withdrawn is not offered.
        const pending = await requests.refresh();
        const candidates = pending.filter((r) => (!sessionId || r.sessionId === sessionId) && (!requestId || r.requestId === requestId));
        if (candidates.length === 0) {
          void vscode.window.showInformationMessage(
            requestId
              ? 'Agent Affinity: that permission request was already answered, or its task ended.'
              : 'Agent Affinity: no agent is waiting for a permission.',
          );
          return undefined;
        }
        const given = decisionArgument(decisionArg);
        const answered = await withQuickFlow(async (flow) => {
          const request = given ? candidates[0] : await pickRequest(flow, candidates);
          if (!request) return undefined;
          const decision = given ?? (await pickDecision(flow, request));
          return decision ? { request, decision } : undefined;
        });
        if (!answered) return undefined;
        const { request, decision } = answered;
        if (decision.always) {
          const outcome = await alwaysAllow(orchestrator, request);
          return outcome.answered ? { ...request, allow: true, ...(outcome.added ? { added: outcome.added } : {}) } : undefined;
        }
        await orchestrator.request(AnswerApprovalRequest, {
          sessionId: request.sessionId,
          requestId: request.requestId,
          allow: decision.allow,
          ...(decision.message !== undefined ? { message: decision.message } : {}),
        });
        vscode.window.setStatusBarMessage(
          `$(${decision.allow ? 'check' : 'close'}) ${request.sessionName}: ${request.toolName} ${decision.allow ? 'allowed' : 'denied'}`,
          4000,
        );
        return { ...request, allow: decision.allow };
      }),
    ),
  ];
}
