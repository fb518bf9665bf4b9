// Without a folder or workspace open there is no storage for sessions: every sessions, approvals,
// budget and routing request is answered the same way (lists are empty, the rest say why), never
// with "unhandled method".
import {
  AddAllowRulesRequest,
  AnswerApprovalRequest,
  ListApprovalsRequest,
  ListRuleSuggestionsRequest,
  PreviewAllowRuleRequest,
  ResolveRuleSuggestionRequest,
} from '../protocol/approvals';
import { ContextPackRequest, ImportClaudeSessionsRequest, ListBudgetsRequest, RollOverSessionRequest } from '../protocol/budget';
import {
  AuditLogRequest,
  DispatchRequest,
  EditorsNotification,
  ExplainRouteRequest,
  FanOutRequest,
  RouteRequest,
  RoutingStatusRequest,
} from '../protocol/routing';
import type { RequestType } from '../protocol/rpc';
import {
  CreateSessionRequest,
  DeleteSessionRequest,
  ListSessionsRequest,
  RenameSessionRequest,
  ResumeSessionRequest,
  RetryTaskRequest,
  SendTaskRequest,
  SessionTerminalRequest,
  SessionTranscriptRequest,
  StopSessionRequest,
  UpdateSessionSettingsRequest,
  WorktreeSupportRequest,
} from '../protocol/sessions';
import { onNotification, onRequest } from './rpc';
import type { ServerContext } from './serverContext';

export const NO_WORKSPACE = 'Agent sessions, routing and context budgets need a folder or workspace: open one (File > Open Folder…).';

type Method = Pick<RequestType<unknown, unknown>, 'method'>;

/** Requests that list something: answered with an empty list. */
const LISTS: Method[] = [ListSessionsRequest, ListApprovalsRequest, ListRuleSuggestionsRequest, ListBudgetsRequest, AuditLogRequest];

/** Requests that act on sessions or route tasks: refused with NO_WORKSPACE. */
const ACTIONS: Method[] = [
  CreateSessionRequest,
  SendTaskRequest,
  RetryTaskRequest,
  StopSessionRequest,
  ResumeSessionRequest,
  UpdateSessionSettingsRequest,
  RenameSessionRequest,
  DeleteSessionRequest,
  SessionTranscriptRequest,
  SessionTerminalRequest,
  WorktreeSupportRequest,
  AnswerApprovalRequest,
  PreviewAllowRuleRequest,
  AddAllowRulesRequest,
  ResolveRuleSuggestionRequest,
  ImportClaudeSessionsRequest,
  RollOverSessionRequest,
  ContextPackRequest,
  RouteRequest,
  ExplainRouteRequest,
  DispatchRequest,
  FanOutRequest,
];

export function serveWithoutWorkspace(ctx: ServerContext): void {
  onRequest(ctx.connection, RoutingStatusRequest, () => ({ commits: 0, tasks: 0, text: 'nothing learned: no workspace', history: [] }));
  for (const type of LISTS) onRequest(ctx.connection, type as RequestType<unknown, unknown[]>, () => []);
  for (const type of ACTIONS)
    onRequest(ctx.connection, type as RequestType<unknown, never>, () => {
      throw new Error(NO_WORKSPACE);
    });
  onNotification(ctx.connection, EditorsNotification, () => undefined);
}
