// Every method the orchestrator receives, with the schema its parameters must satisfy. The server
// validates each request and notification against it before any handler runs (src/server/rpc.ts),
// so a malformed message is answered with a clear InvalidParams error and never reaches a store.
import type { z } from 'zod';
import {
  AddAllowRulesRequest,
  AnswerApprovalRequest,
  ListApprovalsRequest,
  ListRuleSuggestionsRequest,
  PreviewAllowRuleRequest,
  ResolveRuleSuggestionRequest,
} from '../approvals';
import { ContextPackRequest, ImportClaudeSessionsRequest, ListBudgetsRequest, RollOverSessionRequest } from '../budget';
import {
  DeleteFixesRequest,
  EditFixRequest,
  ExportFixesRequest,
  FileDiagnosticsNotification,
  GetFixRequest,
  ImportFixesRequest,
  ListFixesRequest,
  RememberFixRequest,
} from '../fixes';
import { ExportMetricsRequest, MetricsRequest } from '../metrics';
import { HealthRequest } from '../orchestrator';
import { ApplyPermissionsRequest, LastConsolidationsRequest, PlanPermissionsRequest, UndoPermissionsRequest } from '../permissions';
import {
  AuditLogRequest,
  DispatchRequest,
  EditorsNotification,
  ExplainRouteRequest,
  FanOutRequest,
  RouteRequest,
  RoutingStatusRequest,
} from '../routing';
import type { NotificationType, RequestType } from '../rpc';
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
} from '../sessions';
import { SettingsNotification } from '../settings';
import { addAllowRulesParams, answerApprovalParams, previewAllowRuleParams, resolveRuleSuggestionParams } from './approvals';
import { contextPackParams, importClaudeParams } from './budget';
import { none, sessionRef } from './common';
import { editFixParams, fileDiagnostics, fixIds, fixListQuery, fixRef, importFixesParams, rememberFixParams } from './fixes';
import { applyPermissionsParams, planPermissionsParams, undoPermissionsParams } from './permissions';
import { auditLogParams, dispatchParams, editorsParams, fanOutParams, routeParams } from './routing';
import {
  createSessionParams,
  deleteSessionParams,
  renameSessionParams,
  retryTaskParams,
  sendTaskParams,
  sessionSettingsParams,
  worktreeSupportParams,
} from './sessions';
import { orchestratorSettings } from './settings';

type Method<P> = RequestType<P, unknown> | NotificationType<P>;

/** Pairs a method with its schema; the schema's output must be the method's parameter type. */
function entry<P>(type: Method<P>, schema: z.ZodType<P>): [string, z.ZodType] {
  return [type.method, schema];
}

/** Parameter schemas by method name, for every message the orchestrator accepts. */
export const paramSchemas: ReadonlyMap<string, z.ZodType> = new Map([
  entry(HealthRequest, none),
  entry(SettingsNotification, orchestratorSettings),
  // sessions
  entry(ListSessionsRequest, none),
  entry(CreateSessionRequest, createSessionParams),
  entry(SendTaskRequest, sendTaskParams),
  entry(RetryTaskRequest, retryTaskParams),
  entry(StopSessionRequest, sessionRef),
  entry(ResumeSessionRequest, sessionRef),
  entry(UpdateSessionSettingsRequest, sessionSettingsParams),
  entry(RenameSessionRequest, renameSessionParams),
  entry(DeleteSessionRequest, deleteSessionParams),
  entry(SessionTranscriptRequest, sessionRef),
  entry(SessionTerminalRequest, sessionRef),
  entry(WorktreeSupportRequest, worktreeSupportParams),
  // approvals
  entry(ListApprovalsRequest, none),
  entry(AnswerApprovalRequest, answerApprovalParams),
  entry(PreviewAllowRuleRequest, previewAllowRuleParams),
  entry(AddAllowRulesRequest, addAllowRulesParams),
  entry(ListRuleSuggestionsRequest, none),
  entry(ResolveRuleSuggestionRequest, resolveRuleSuggestionParams),
  // budget
  entry(ListBudgetsRequest, none),
  entry(ImportClaudeSessionsRequest, importClaudeParams),
  entry(RollOverSessionRequest, sessionRef),
  entry(ContextPackRequest, contextPackParams),
  // learned fixes
  entry(FileDiagnosticsNotification, fileDiagnostics),
  entry(ListFixesRequest, fixListQuery),
  entry(GetFixRequest, fixRef),
  entry(DeleteFixesRequest, fixIds),
  entry(EditFixRequest, editFixParams),
  entry(ExportFixesRequest, none),
  entry(ImportFixesRequest, importFixesParams),
  entry(RememberFixRequest, rememberFixParams),
  // metrics
  entry(MetricsRequest, none),
  entry(ExportMetricsRequest, none),
  // permissions
  entry(PlanPermissionsRequest, planPermissionsParams),
  entry(ApplyPermissionsRequest, applyPermissionsParams),
  entry(UndoPermissionsRequest, undoPermissionsParams),
  entry(LastConsolidationsRequest, none),
  // routing
  entry(RouteRequest, routeParams),
  entry(ExplainRouteRequest, routeParams),
  entry(DispatchRequest, dispatchParams),
  entry(AuditLogRequest, auditLogParams),
  entry(FanOutRequest, fanOutParams),
  entry(RoutingStatusRequest, none),
  entry(EditorsNotification, editorsParams),
]);
