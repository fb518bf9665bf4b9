// The orchestrator's in-memory counters for the dashboard's metrics section: per session tasks
// run, success rate, median duration and tokens per task; routing decision latency; the
// token-count cache hit rate. Cheap (no disk, bounded memory per session), exportable as JSON.
// A task counts once, by its latest run (a retry replaces the earlier attempt): the same
// definition the router's success history uses (core/sessions/taskOutcome).
import type { QuantileSummary } from './quantileSketch';
import { QuantileSketch } from './quantileSketch';
import { TaskOutcomeLog } from '../sessions/taskOutcomeLog';

export interface TaskSample {
  readonly sessionId: string;
  /** The task's id: a later sample of the same task (a retry) replaces the earlier one. */
  readonly taskId: string;
  readonly success: boolean;
  readonly durationMs: number;
  /** Tokens the task used (input + output), when known. */
  readonly tokens?: number;
}

export interface RoutingSample {
  readonly latencyMs: number;
  readonly taskId?: string;
  readonly sessionId?: string;
  readonly at: number;
}

export interface SessionMetrics {
  readonly sessionId: string;
  readonly tasksRun: number;
  readonly succeeded: number;
  /** succeeded / tasksRun (0 when no task ran). */
  readonly successRate: number;
  readonly medianDurationMs: number;
  /** Mean tokens over the tasks that reported tokens (0 when none did). */
  readonly tokensPerTask: number;
}

/** One MCP tool call (src/core/mcp): who called (a session, or none for an editor's agent), which tool, how long it took. */
export interface ToolCallSample {
  readonly sessionId?: string;
  readonly tool: string;
  readonly latencyMs: number;
  readonly isError: boolean;
}

/** An MCP tool's calls by one caller (`sessionId` '' for callers that are not sessions). */
export interface ToolCallMetrics {
  readonly sessionId: string;
  readonly tool: string;
  readonly calls: number;
  /** Calls answered with an error (refused, unavailable, failed). */
  readonly errors: number;
  readonly meanLatencyMs: number;
  readonly maxLatencyMs: number;
}

export interface MetricsSnapshot {
  readonly format: 'agent-affinity-metrics';
  readonly version: 1;
  readonly since: string;
  readonly at: string;
  readonly sessions: readonly SessionMetrics[];
  readonly routing: QuantileSummary & { readonly recent: readonly RoutingSample[] };
  readonly tokenCache: { readonly hits: number; readonly misses: number; readonly hitRate: number };
  readonly tools: readonly ToolCallMetrics[];
}

export interface MetricsCollectorOptions {
  /** How many recent routing decisions to keep (default 50). */
  readonly recentRouting?: number;
  /** Start time (epoch ms) shown as "since". */
  readonly now?: number;
  /** The task log to record into (shared with the router); a private one when absent. */
  readonly outcomes?: TaskOutcomeLog;
}

export class MetricsCollector {
  /** The tasks per session, shared with the router's success figure when given. */
  readonly outcomes: TaskOutcomeLog;
  private routing = new QuantileSketch();
  private recent: RoutingSample[] = [];
  private cacheHits = 0;
  private cacheMisses = 0;
  /** caller ('' for non-sessions) → tool → counts. */
  private readonly tools = new Map<string, Map<string, { calls: number; errors: number; totalMs: number; maxMs: number }>>();
  private since: number;
  private readonly recentLimit: number;

  constructor(options: MetricsCollectorOptions = {}) {
    this.outcomes = options.outcomes ?? new TaskOutcomeLog();
    this.recentLimit = options.recentRouting ?? 50;
    this.since = options.now ?? Date.now();
  }

  recordTask(sample: TaskSample): void {
    const tokens = sample.tokens !== undefined && Number.isFinite(sample.tokens) && sample.tokens >= 0 ? sample.tokens : undefined;
    this.outcomes.record(sample.sessionId, sample.taskId, {
      success: sample.success,
      durationMs: sample.durationMs,
      ...(tokens !== undefined ? { tokens } : {}),
    });
  }

  recordRouting(sample: RoutingSample): void {
    this.routing.add(sample.latencyMs);
    this.recent.push(sample);
    if (this.recent.length > this.recentLimit) this.recent.splice(0, this.recent.length - this.recentLimit);
  }

  recordTokenCache(hit: boolean, count = 1): void {
    if (hit) this.cacheHits += count;
    else this.cacheMisses += count;
  }

  recordToolCall(sample: ToolCallSample): void {
    const caller = sample.sessionId ?? '';
    let byTool = this.tools.get(caller);
    if (!byTool) this.tools.set(caller, (byTool = new Map()));
    const t = byTool.get(sample.tool) ?? { calls: 0, errors: 0, totalMs: 0, maxMs: 0 };
    const ms = Number.isFinite(sample.latencyMs) && sample.latencyMs >= 0 ? sample.latencyMs : 0;
    t.calls += 1;
    if (sample.isError) t.errors += 1;
    t.totalMs += ms;
    t.maxMs = Math.max(t.maxMs, ms);
    byTool.set(sample.tool, t);
  }

  /** Forgets a session's counters (session removed). */
  forgetSession(sessionId: string): void {
    this.outcomes.forget(sessionId);
    this.tools.delete(sessionId);
  }

  reset(now: number): void {
    this.outcomes.clear();
    this.routing = new QuantileSketch();
    this.recent = [];
    this.cacheHits = 0;
    this.cacheMisses = 0;
    this.tools.clear();
    this.since = now;
  }

  snapshot(now: number): MetricsSnapshot {
    const sessions = this.outcomes.sessionIds().map((sessionId): SessionMetrics => {
      const entries = this.outcomes.tasks(sessionId);
      const succeeded = this.outcomes.success(sessionId).succeeded;
      const withTokens = entries.filter((t) => t.tokens !== undefined);
      return {
        sessionId,
        tasksRun: entries.length,
        succeeded,
        successRate: entries.length ? succeeded / entries.length : 0,
        medianDurationMs: median(entries.map((t) => t.durationMs)),
        tokensPerTask: withTokens.length ? withTokens.reduce((a, t) => a + (t.tokens ?? 0), 0) / withTokens.length : 0,
      };
    });
    const lookups = this.cacheHits + this.cacheMisses;
    return {
      format: 'agent-affinity-metrics',
      version: 1,
      since: new Date(this.since).toISOString(),
      at: new Date(now).toISOString(),
      sessions,
      routing: { ...this.routing.summary(), recent: [...this.recent] },
      tokenCache: { hits: this.cacheHits, misses: this.cacheMisses, hitRate: lookups ? this.cacheHits / lookups : 0 },
      tools: [...this.tools].flatMap(([sessionId, byTool]) =>
        [...byTool].map(([tool, t]) => ({
          sessionId,
          tool,
          calls: t.calls,
          errors: t.errors,
          meanLatencyMs: t.calls ? t.totalMs / t.calls : 0,
          maxLatencyMs: t.maxMs,
        })),
      ),
    };
  }

  /** The snapshot as a JSON document for export. */
  exportJson(now: number): string {
    return JSON.stringify(this.snapshot(now), null, 2) + '\n';
  }
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
