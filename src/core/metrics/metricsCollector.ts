// The orchestrator's in-memory counters for the dashboard's metrics section: per session tasks
// run, success rate, median duration and tokens per task; routing decision latency; the
// token-count cache hit rate. Cheap (no disk, fixed memory per session), exportable as JSON.
import type { QuantileSummary } from './quantileSketch';
import { QuantileSketch } from './quantileSketch';

export interface TaskSample {
  readonly sessionId: string;
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

export interface MetricsSnapshot {
  readonly format: 'agent-affinity-metrics';
  readonly version: 1;
  readonly since: string;
  readonly at: string;
  readonly sessions: readonly SessionMetrics[];
  readonly routing: QuantileSummary & { readonly recent: readonly RoutingSample[] };
  readonly tokenCache: { readonly hits: number; readonly misses: number; readonly hitRate: number };
}

interface SessionCounters {
  tasks: number;
  succeeded: number;
  tokens: number;
  tokenTasks: number;
  readonly durations: QuantileSketch;
}

export interface MetricsCollectorOptions {
  /** How many recent routing decisions to keep (default 50). */
  readonly recentRouting?: number;
  /** Start time (epoch ms) shown as "since". */
  readonly now?: number;
}

export class MetricsCollector {
  private readonly sessions = new Map<string, SessionCounters>();
  private routing = new QuantileSketch();
  private recent: RoutingSample[] = [];
  private cacheHits = 0;
  private cacheMisses = 0;
  private since: number;
  private readonly recentLimit: number;

  constructor(options: MetricsCollectorOptions = {}) {
    this.recentLimit = options.recentRouting ?? 50;
    this.since = options.now ?? Date.now();
  }

  recordTask(sample: TaskSample): void {
    let s = this.sessions.get(sample.sessionId);
    if (!s)
      this.sessions.set(sample.sessionId, (s = { tasks: 0, succeeded: 0, tokens: 0, tokenTasks: 0, durations: new QuantileSketch() }));
    s.tasks++;
    if (sample.success) s.succeeded++;
    s.durations.add(sample.durationMs);
    if (sample.tokens !== undefined && Number.isFinite(sample.tokens) && sample.tokens >= 0) {
      s.tokens += sample.tokens;
      s.tokenTasks++;
    }
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

  /** Forgets a session's counters (session removed). */
  forgetSession(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  reset(now: number): void {
    this.sessions.clear();
    this.routing = new QuantileSketch();
    this.recent = [];
    this.cacheHits = 0;
    this.cacheMisses = 0;
    this.since = now;
  }

  snapshot(now: number): MetricsSnapshot {
    const sessions = [...this.sessions].map(([sessionId, s]): SessionMetrics => ({
      sessionId,
      tasksRun: s.tasks,
      succeeded: s.succeeded,
      successRate: s.tasks ? s.succeeded / s.tasks : 0,
      medianDurationMs: s.durations.quantile(0.5),
      tokensPerTask: s.tokenTasks ? s.tokens / s.tokenTasks : 0,
    }));
    const lookups = this.cacheHits + this.cacheMisses;
    return {
      format: 'agent-affinity-metrics',
      version: 1,
      since: new Date(this.since).toISOString(),
      at: new Date(now).toISOString(),
      sessions,
      routing: { ...this.routing.summary(), recent: [...this.recent] },
      tokenCache: { hits: this.cacheHits, misses: this.cacheMisses, hitRate: lookups ? this.cacheHits / lookups : 0 },
    };
  }

  /** The snapshot as a JSON document for export. */
  exportJson(now: number): string {
    return JSON.stringify(this.snapshot(now), null, 2) + '\n';
  }
}
