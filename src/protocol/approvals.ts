// An agent asking whether it may use a tool, over the wire: the orchestrator tells the host when a
// session's agent asks and when the question goes away; the host answers on the person's behalf.
import { notificationType, requestType } from './rpc';

export interface ApprovalRequest {
  sessionId: string;
  sessionName: string;
  /** The agent's id for the question (unique while it is pending). */
  requestId: string;
  taskId: string;
  /** The tool the agent wants to use (`Bash`, `Write`, `WebFetch`, …). */
  toolName: string;
  /** What the tool would do, briefly: the command, the file path, the URL… (one line). */
  detail: string;
  /** When the agent asked (ms since the epoch). */
  at: number;
}

export interface AnswerApprovalParams {
  sessionId: string;
  requestId: string;
  allow: boolean;
  /** Why not, told to the agent when `allow` is false. */
  message?: string;
}

export type ApprovalSettlement = 'allowed' | 'denied' | 'withdrawn';

export interface ApprovalSettledParams {
  sessionId: string;
  requestId: string;
  outcome: ApprovalSettlement;
  /** For `withdrawn`: why (the task ended, the session was stopped or deleted). */
  reason?: string;
}

/** Host → orchestrator: every question still waiting for an answer, oldest first. */
export const ListApprovalsRequest = requestType<void, ApprovalRequest[]>('affinity/approvals/list');
/** Host → orchestrator: answers a pending question; an unknown or settled one is refused with why. */
export const AnswerApprovalRequest = requestType<AnswerApprovalParams, ApprovalRequest>('affinity/approvals/answer');
/** Orchestrator → host: a session's agent asks whether it may use a tool; its session is waiting. */
export const ApprovalRequestedNotification = notificationType<ApprovalRequest>('affinity/approvals/requested');
/** Orchestrator → host: a question was answered, or withdrawn because its task ended. */
export const ApprovalSettledNotification = notificationType<ApprovalSettledParams>('affinity/approvals/settled');
