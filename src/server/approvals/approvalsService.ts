// The orchestrator's approvals feature: LSP wiring around the core's ApprovalQueue (the agents'
// questions before a tool, announced to the host and answered only by the person there).
import { ApprovalQueue, type Approval } from '../../core/approvals/approvalQueue';
import type { SessionManager } from '../../core/sessions/sessionManager';
import {
  AnswerApprovalRequest,
  ApprovalRequestedNotification,
  ApprovalSettledNotification,
  ListApprovalsRequest,
  type ApprovalRequest,
} from '../../protocol/approvals';
import { onRequest, sendNotification } from '../rpc';
import type { ServerContext } from '../serverContext';

export function approvalView({ input: _input, ...wire }: Approval): ApprovalRequest {
  return wire;
}

export function startApprovalsService(ctx: ServerContext, manager: SessionManager): ApprovalQueue {
  const queue = new ApprovalQueue(manager, (m) => ctx.log.info(m));
  queue.onRequested((a) => sendNotification(ctx.connection, ApprovalRequestedNotification, approvalView(a)));
  queue.onSettled((s) => sendNotification(ctx.connection, ApprovalSettledNotification, s));
  onRequest(ctx.connection, ListApprovalsRequest, () => queue.list().map(approvalView));
  onRequest(ctx.connection, AnswerApprovalRequest, (p) => approvalView(queue.answer(p)));
  return queue;
}
