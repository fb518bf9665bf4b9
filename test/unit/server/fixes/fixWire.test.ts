// Wire conversions for learned fixes, the fix settings' schema, and the metrics view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsCollector } from '../../../../src/core/metrics/metricsCollector';
import { fileDiagnostics } from '../../../../src/protocol/schemas/fixes';
import { parseOrchestratorSettings } from '../../../../src/protocol/schemas/settings';
import { DEFAULT_SETTINGS } from '../../../../src/protocol/settings';
import { fromWireDiagnostic } from '../../../../src/server/fixes/fixWire';
import { metricsView } from '../../../../src/server/metrics/metricsService';

test('forwarded diagnostics are checked at the boundary, then mapped as they are', () => {
  const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 4 } };
  assert.deepEqual(fromWireDiagnostic({ message: 'm', range, source: 'ts', code: 2588, severity: 'error' }), {
    message: 'm',
    range,
    source: 'ts',
    code: 2588,
    severity: 'error',
  });
  for (const bad of [
    null,
    7,
    {},
    { message: 'm' },
    { message: 'm', range: { start: { line: -1, character: 0 }, end: range.end }, severity: 'error' },
    { message: 1, range, severity: 'error' },
    { message: 'm', range, severity: 'bogus' },
  ]) {
    assert.equal(fileDiagnostics.safeParse({ uri: 'file:///a.ts', diagnostics: [bad] }).success, false, JSON.stringify(bad));
  }
});

test('fix settings fall back per field and clamp the threshold', () => {
  assert.deepEqual(parseOrchestratorSettings({ fixes: null }).fixes, DEFAULT_SETTINGS.fixes);
  assert.deepEqual(parseOrchestratorSettings({ fixes: { enabled: false, similarityThreshold: 0.1, shareWithSessions: 'yes' } }).fixes, {
    enabled: false,
    similarityThreshold: 0.3,
    shareWithSessions: true,
    exclude: DEFAULT_SETTINGS.fixes.exclude,
  });
  assert.equal(parseOrchestratorSettings({ fixes: { similarityThreshold: 3 } }).fixes.similarityThreshold, 1);
  assert.deepEqual(parseOrchestratorSettings({ fixes: { exclude: ['gen/**', 7, null] } }).fixes.exclude, ['gen/**']);
  assert.deepEqual(parseOrchestratorSettings({ fixes: { exclude: 'gen/**' } }).fixes.exclude, DEFAULT_SETTINGS.fixes.exclude);
});

test('the metrics view shows routing as empty until a decision is recorded', () => {
  const c = new MetricsCollector({ now: 0 });
  c.recordTask({ sessionId: 's', taskId: 't1', success: true, durationMs: 1000, tokens: 500 });
  c.recordTask({ sessionId: 's', taskId: 't2', success: false, durationMs: 3000 });
  let v = metricsView(c.snapshot(10));
  assert.equal(v.routing.count, 0);
  assert.deepEqual(
    v.sessions.map((s) => [s.tasksRun, s.succeeded, s.tokensPerTask]),
    [[2, 1, 500]],
  );
  c.recordRouting({ latencyMs: 4, at: 5 });
  c.recordTokenCache(true, 3);
  c.recordTokenCache(false);
  v = metricsView(c.snapshot(10));
  assert.equal(v.routing.count, 1);
  assert.equal(v.tokenCache.hitRate, 0.75);
});
