// The orchestrator's metrics feature: LSP wiring around the core's MetricsRecorder (the dashboard's
// requests, and a debounced change notification). No disk writes.
import type { MetricsSnapshot } from '../../core/metrics/metricsCollector';
import { MetricsRecorder } from '../../core/metrics/metricsRecorder';
import { ExportMetricsRequest, MetricsChangedNotification, MetricsRequest, type MetricsView } from '../../protocol/metrics';
import { onRequest, sendNotification } from '../rpc';
import type { ServerContext } from '../serverContext';

export function metricsView(s: MetricsSnapshot): MetricsView {
  return {
    since: s.since,
    at: s.at,
    sessions: s.sessions.map((m) => ({ ...m })),
    routing: { count: s.routing.count, p50: s.routing.p50, p99: s.routing.p99 },
    tokenCache: { ...s.tokenCache },
    tools: s.tools.map((t) => ({ ...t })),
  };
}

export function startMetricsService(ctx: ServerContext): MetricsRecorder {
  const metrics = new MetricsRecorder();
  let timer: NodeJS.Timeout | undefined;
  metrics.onChanged(() => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      sendNotification(ctx.connection, MetricsChangedNotification, undefined);
    }, 500);
    timer.unref();
  });
  onRequest(ctx.connection, MetricsRequest, () => metricsView(metrics.snapshot()));
  onRequest(ctx.connection, ExportMetricsRequest, () => metrics.exportJson());
  ctx.onShutdown(async () => clearTimeout(timer));
  return metrics;
}
