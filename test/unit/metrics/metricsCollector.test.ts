import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsCollector } from '../../../src/core/metrics/metricsCollector';

const T0 = Date.UTC(2026, 0, 1);

describe('metrics collector', () => {
  test('per session: tasks run, success rate, median duration, tokens per task', () => {
    const m = new MetricsCollector({ now: T0 });
    m.recordTask({ sessionId: 'auth', taskId: 't1', success: true, durationMs: 1000, tokens: 3000 });
    m.recordTask({ sessionId: 'auth', taskId: 't2', success: false, durationMs: 5000, tokens: 1000 });
    m.recordTask({ sessionId: 'auth', taskId: 't3', success: true, durationMs: 2000 });
    m.recordTask({ sessionId: 'docs', taskId: 't4', success: true, durationMs: 300, tokens: 100 });
    const snap = m.snapshot(T0 + 10);
    const auth = snap.sessions.find((s) => s.sessionId === 'auth');
    assert.equal(auth?.tasksRun, 3);
    assert.equal(auth?.succeeded, 2);
    assert.ok(Math.abs((auth?.successRate ?? 0) - 2 / 3) < 1e-9);
    assert.ok(Math.abs((auth?.medianDurationMs ?? 0) - 2000) <= 20);
    assert.equal(auth?.tokensPerTask, 2000, 'averaged over tasks that reported tokens');
    assert.equal(snap.sessions.find((s) => s.sessionId === 'docs')?.tokensPerTask, 100);
  });

  test('routing latency p50/p99 and the recent decisions, capped', () => {
    const m = new MetricsCollector({ now: T0, recentRouting: 3 });
    for (let i = 1; i <= 100; i++) m.recordRouting({ latencyMs: i / 10, at: T0 + i, taskId: `t${i}` });
    const r = m.snapshot(T0).routing;
    assert.equal(r.count, 100);
    assert.ok(Math.abs(r.p50 - 5) / 5 < 0.03, String(r.p50));
    assert.ok(Math.abs(r.p99 - 9.9) / 9.9 < 0.03, String(r.p99));
    assert.deepEqual(
      r.recent.map((x) => x.taskId),
      ['t98', 't99', 't100'],
    );
  });

  test('token cache hit rate; empty collector reads as zeros', () => {
    const m = new MetricsCollector({ now: T0 });
    assert.equal(m.snapshot(T0).tokenCache.hitRate, 0);
    m.recordTokenCache(true, 3);
    m.recordTokenCache(false);
    assert.deepEqual(m.snapshot(T0).tokenCache, { hits: 3, misses: 1, hitRate: 0.75 });
  });

  test('exports as JSON; reset and forgetSession', () => {
    const m = new MetricsCollector({ now: T0 });
    m.recordTask({ sessionId: 's', taskId: 't5', success: true, durationMs: 10 });
    const doc = JSON.parse(m.exportJson(T0 + 1000)) as { format: string; since: string; at: string; sessions: unknown[] };
    assert.equal(doc.format, 'agent-affinity-metrics');
    assert.equal(doc.since, new Date(T0).toISOString());
    assert.equal(doc.sessions.length, 1);
    m.forgetSession('s');
    assert.equal(m.snapshot(T0).sessions.length, 0);
    m.recordRouting({ latencyMs: 1, at: T0 });
    m.reset(T0 + 5);
    const snap = m.snapshot(T0 + 6);
    assert.equal(snap.routing.count, 0);
    assert.equal(snap.since, new Date(T0 + 5).toISOString());
  });
});
