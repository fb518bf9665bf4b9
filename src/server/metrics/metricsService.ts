// The orchestrator's metrics feature: in-memory counters (MetricsCollector) fed from the session
// manager's finished tasks, with hooks for the router (decision latency) and the token counter
// (cache hits); answers the dashboard's metrics requests. No disk writes.
import type { MetricsSnapshot } from '../../core/metrics';
import { MetricsCollector } from '../../core/metrics';
import { ExportMetricsRequest, MetricsChangedNotification, MetricsRequest, type MetricsView } from '../../protocol/fixes';
import { onRequest, sendNotification } from '../rpc';
import type { ServerContext } from '../serverContext';

export interface FinishedTaskSample {
  readonly sessionId: string;
  readonly status: string;
  readonly startedAt?: number | undefined;
  readonly finishedAt?: number | undefined;
  readonly tokens?: number | undefined;
}

export interface MetricsService {
  /** A task ended; tasks that never started (skipped, cancelled in the queue) are not counted. */
  taskFinished(sample: FinishedTaskSample): void;
  /** Hook for the router: one routing decision and how long it took. */
  recordRouting(latencyMs: number, detail?: { taskId?: string; sessionId?: string }): void;
  /** Hook for the token counter: cache hits or misses. */
  recordTokenCache(hit: boolean, count?: number): void;
  forgetSession(sessionId: string): void;
  view(): MetricsView;
}

export function metricsView(s: MetricsSnapshot): MetricsView {
  return {
    since: s.since,
    at: s.at,
    sessions: s.sessions.map((m) => ({ ...m })),
    routing: { count: s.routing.count, p50: s.routing.p50, p99: s.routing.p99 },
    tokenCache: { ...s.tokenCache },
  };
}

export function startMetricsService(ctx: ServerContext, now: () => number = Date.now): MetricsService {
  const collector = new MetricsCollector({ now: now() });
  let timer: NodeJS.Timeout | undefined;
  const changed = (): void => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      sendNotification(ctx.connection, MetricsChangedNotification, undefined);
    }, 500);
    timer.unref();
  };
  const service: MetricsService = {
    taskFinished(t) {
      if (t.startedAt === undefined || (t.status !== 'succeeded' && t.status !== 'failed' && t.status !== 'cancelled')) return;
      collector.recordTask({
        sessionId: t.sessionId,
        success: t.status === 'succeeded',
        durationMs: Math.max(0, (t.finishedAt ?? now()) - t.startedAt),
        ...(t.tokens !== undefined ? { tokens: t.tokens } : {}),
      });
      changed();
    },
    recordRouting(latencyMs, detail = {}) {
      collector.recordRouting({
        latencyMs,
        at: now(),
        ...(detail.taskId !== undefined ? { taskId: detail.taskId } : {}),
        ...(detail.sessionId !== undefined ? { sessionId: detail.sessionId } : {}),
      });
      changed();
    },
    recordTokenCache(hit, count = 1) {
      collector.recordTokenCache(hit, count);
    },
    forgetSession(sessionId) {
      collector.forgetSession(sessionId);
      changed();
    },
    view: () => metricsView(collector.snapshot(now())),
  };
  onRequest(ctx.connection, MetricsRequest, () => service.view());
  onRequest(ctx.connection, ExportMetricsRequest, () => collector.exportJson(now()));
  return service;
}
