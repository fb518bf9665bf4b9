// Affinity routing over the wire: decisions with their reasons, dispatch, the audit log, fan-out,
// the editors signal the host sends, and the workspace symbols it looks up for the router.
import { notificationType, requestType } from './rpc';
import type { CreateSessionParams, TaskSummary } from './sessions';

export interface RankedSessionView {
  sessionId: string;
  name: string;
  score: number;
  reasons: string[];
}

export interface RouteDecisionView {
  /** Pass back to dispatch so the audit log links the decision to what was done. */
  decisionId: string;
  text: string;
  strategy: string;
  /** A session id, or 'new'. */
  chosen: string;
  ranked: RankedSessionView[];
  excluded: { sessionId: string; name: string; why: string }[];
  newSession?: { specialty: string; globs: string[]; folder: string; reason: string };
  independent: boolean;
  targetFiles: string[];
  latencyMs: number;
  /** How sure the router is of `chosen` (affinity and manual strategies, when a session was chosen). */
  confidence?: RouteConfidenceView;
  /** Notes on the decision (e.g. that only the start of a huge task text was read). */
  notes?: string[];
  /** What routing has learned, in words ("learned from 2,000 commits and 35 finished tasks"). */
  learned?: string;
}

export interface RouteConfidenceView {
  /** Calibrated probability (0..1) that the chosen session is the right one. */
  value: number;
  level: 'high' | 'medium' | 'low';
  /** The best two sessions nearly tie: the person should look before sending. */
  closeCall: boolean;
  /** The first sessions with their shares of the choice. */
  leaders: { sessionId: string; name: string; probability: number }[];
  /** "close call: backend 0.41, api 0.38" or "high confidence: backend 0.82, api 0.10". */
  text: string;
}

/** What routing has learned, and how reading each folder's git history went. */
export interface RoutingStatusView {
  commits: number;
  tasks: number;
  /** "learned from 2,000 commits and 35 finished tasks". */
  text: string;
  history: { folder: string; status: string; message: string }[];
}

export interface RouteParams {
  text: string;
  /** Marked context-independent by hand. */
  independent?: boolean;
}

export interface DispatchParams {
  decisionId?: string;
  text: string;
  /** A session id, or 'new' with `newSession`. */
  sessionId: string;
  newSession?: CreateSessionParams;
  by: 'router' | 'user';
}

export interface DispatchResult {
  sessionId: string;
  sessionName: string;
  task: TaskSummary;
  /** Set when a handoff summary was attached because the task moved away from its context. */
  handoffFrom?: string;
}

export interface AuditEntryView {
  at: string;
  task: string;
  strategy: string;
  chosen: string;
  chosenName: string;
  by: string;
  proposed?: string;
  /** The router's confidence in its choice at decision time (0..1), and whether it was a close call. */
  confidence?: number;
  closeCall?: boolean;
  candidates: { sessionId: string; name: string; score: number; reasons: string[] }[];
}

export interface FanOutParams {
  text: string;
  glob: string;
}

export interface FanOutView {
  fanOutId: string;
  subtasks: { id: string; sessionName: string; files: number; taskId?: string }[];
  matchedFiles: number;
  newSessions: number;
  note?: string;
}

export interface WorkspaceSymbolsParams {
  /** Code identifiers of a task's text (at most `WorkspaceSymbolLimits.maxNames`). */
  names: string[];
}

/** One identifier's definitions, as absolute file-system paths (`Uri.fsPath`) inside the workspace
 *  folders. A name whose lookup timed out or failed is left out of the result (not "none"), so the
 *  orchestrator asks again next time instead of remembering a miss. */
export interface WorkspaceSymbolDefinitions {
  name: string;
  files: string[];
}

/** Bounds both sides keep: the host per query, the orchestrator for the whole round trip. */
export const WorkspaceSymbolLimits = {
  maxNames: 12,
  maxFilesPerName: 8,
  /** Each name's query to the symbol providers (the queries run in parallel). */
  queryTimeoutMs: 1_000,
  /** The orchestrator's wait for the whole answer before it routes without it. */
  roundTripTimeoutMs: 1_200,
} as const;

export const RouteRequest = requestType<RouteParams, RouteDecisionView>('affinity/route');
/** The same scoring as route, without remembering anything. */
export const ExplainRouteRequest = requestType<RouteParams, RouteDecisionView>('affinity/route/explain');
export const DispatchRequest = requestType<DispatchParams, DispatchResult>('affinity/route/dispatch');
export const AuditLogRequest = requestType<{ limit?: number }, AuditEntryView[]>('affinity/route/audit');
export const FanOutRequest = requestType<FanOutParams, FanOutView>('affinity/route/fanOut');
/** What routing has learned so far (the git history, finished tasks). */
export const RoutingStatusRequest = requestType<void, RoutingStatusView>('affinity/route/status');
/** Orchestrator → host: what routing has learned changed (history read, a task finished). */
export const RoutingStatusNotification = notificationType<RoutingStatusView>('affinity/route/statusChanged');

/** Orchestrator → host: the files defining each name, from the workspace symbol providers (before a
 *  routing decision, for names not in the orchestrator's cache). */
export const WorkspaceSymbolsRequest = requestType<WorkspaceSymbolsParams, WorkspaceSymbolDefinitions[]>('affinity/route/workspaceSymbols');

/** Host → orchestrator: the visible editors and the active one (absolute file paths). */
export const EditorsNotification = notificationType<{ visible: string[]; active?: string }>('affinity/editors');
/** Orchestrator → host: the session the active editor has most affinity with. */
export const ActiveSessionNotification = notificationType<{ sessionId?: string; reason?: string }>('affinity/route/activeSession');
/** Orchestrator → host: a fan-out finished; the combined report in words (`text`, one line per
 *  subtask) and in full as Markdown (`report`: each subtask's files and whole result). */
export const FanOutFinishedNotification = notificationType<{
  fanOutId: string;
  text: string;
  report: string;
  succeeded: number;
  failed: number;
}>('affinity/route/fanOutFinished');
