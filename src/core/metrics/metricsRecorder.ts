// What the orchestrator's features report to the metrics: finished tasks (counted by the one
// outcome definition), routing latency, and the token-count cache's running totals.
import { taskOutcome } from '../sessions/taskOutcome';
import { TypedEmitter } from '../sessions/typedEmitter';
import type { TaskOutcomeLog } from '../sessions/taskOutcomeLog';
import { MetricsCollector, type MetricsSnapshot, type ToolCallSample } from './metricsCollector';

export interface FinishedTaskSample {
  readonly sessionId: string;
  readonly taskId: string;
  readonly status: string;
  readonly failureKind?: string | undefined;
  readonly startedAt?: number | undefined;
  readonly finishedAt?: number | undefined;
  readonly tokens?: number | undefined;
}

export class MetricsRecorder {
  private readonly collector: MetricsCollector;
  private readonly events = new TypedEmitter<{ changed: undefined }>();
  private lastCache = { hits: 0, misses: 0 };

  constructor(private readonly now: () => number = Date.now) {
    this.collector = new MetricsCollector({ now: now() });
  }

  /** The tasks per session by the one outcome definition: the router shows the same success figure. */
  get outcomes(): TaskOutcomeLog {
    return this.collector.outcomes;
  }

  /** The metrics changed (at most once per call that changed them). */
  onChanged(listener: () => void): () => void {
    return this.events.on('changed', listener);
  }

  /** A task ended; one that never ran (setup failure, cancelled in the queue) is not counted. */
  taskFinished(t: FinishedTaskSample): void {
    const outcome = taskOutcome(t);
    if (outcome === 'not-run' || t.startedAt === undefined) return;
    this.collector.recordTask({
      sessionId: t.sessionId,
      taskId: t.taskId,
      success: outcome === 'succeeded',
      durationMs: Math.max(0, (t.finishedAt ?? this.now()) - t.startedAt),
      ...(t.tokens !== undefined ? { tokens: t.tokens } : {}),
    });
    this.events.emit('changed', undefined);
  }

  /** An MCP tool call answered. */
  toolCall(sample: ToolCallSample): void {
    this.collector.recordToolCall(sample);
    this.events.emit('changed', undefined);
  }

  routingDecision(latencyMs: number): void {
    this.collector.recordRouting({ latencyMs, at: this.now() });
    this.events.emit('changed', undefined);
  }

  /** The token counter's running totals: the increase since the last call is recorded. */
  tokenCacheTotals(now: { hits: number; misses: number }): void {
    if (now.hits > this.lastCache.hits) this.collector.recordTokenCache(true, now.hits - this.lastCache.hits);
    if (now.misses > this.lastCache.misses) this.collector.recordTokenCache(false, now.misses - this.lastCache.misses);
    this.lastCache = { hits: now.hits, misses: now.misses };
  }

  forgetSession(sessionId: string): void {
    this.collector.forgetSession(sessionId);
    this.events.emit('changed', undefined);
  }

  snapshot(): MetricsSnapshot {
    return this.collector.snapshot(this.now());
  }

  exportJson(): string {
    return this.collector.exportJson(this.now());
  }
}
