// The metrics core's public surface: the in-memory collector and its quantile sketch.
export { MetricsCollector } from './metricsCollector';
export type { MetricsCollectorOptions, MetricsSnapshot, RoutingSample, SessionMetrics, TaskSample } from './metricsCollector';
export { QuantileSketch } from './quantileSketch';
export type { QuantileSketchOptions, QuantileSummary } from './quantileSketch';
