// Metrics over the wire: per-session task counts, success and durations, routing latency and the
// token-count cache, MCP tool calls per session, for the dashboard and Export Metrics….
import { notificationType, requestType } from './rpc';

export interface SessionMetricsView {
  sessionId: string;
  tasksRun: number;
  succeeded: number;
  successRate: number;
  medianDurationMs: number;
  tokensPerTask: number;
}

/** One MCP tool's calls by one caller (`sessionId` '' for callers that are not Agent Affinity sessions, such as VS Code's agent mode). */
export interface ToolCallsView {
  sessionId: string;
  tool: string;
  calls: number;
  errors: number;
  meanLatencyMs: number;
  maxLatencyMs: number;
}

export interface MetricsView {
  since: string;
  at: string;
  sessions: SessionMetricsView[];
  routing: { count: number; p50: number; p99: number };
  tokenCache: { hits: number; misses: number; hitRate: number };
  /** MCP tool calls per caller and tool. */
  tools: ToolCallsView[];
}

/** The metrics now. */
export const MetricsRequest = requestType<void, MetricsView>('affinity/metrics/get');
/** The metrics as an export file's JSON text. */
export const ExportMetricsRequest = requestType<void, string>('affinity/metrics/export');
/** Orchestrator → host: the metrics changed (debounced). */
export const MetricsChangedNotification = notificationType<void>('affinity/metrics/changed');
