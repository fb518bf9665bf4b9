// Wire conversions and settings parsing for learned fixes: malformed input never throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsCollector } from '../../../../src/core/metrics';
import { defaultFixesConfig, parseFixesConfig } from '../../../../src/server/fixes/fixesService';
import { fromWireDiagnostic, uriToPath } from '../../../../src/server/fixes/fixWire';
import { metricsView } from '../../../../src/server/metrics/metricsService';

test('forwarded diagnostics are validated', () => {
  const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 4 } };
  assert.deepEqual(fromWireDiagnostic({ message: 'm', range, source: 'ts', code: 2588, severity: 'error' }), {
    message: 'm',
    range,
    source: 'ts',
    code: 2588,
    severity: 'error',
  });
  assert.equal(fromWireDiagnostic({ message: 'm', range, severity: 'bogus' })?.severity, 'error');
  for (const bad of [
    null,
    7,
    {},
    { message: 'm' },
    { message: 'm', range: { start: { line: -1, character: 0 }, end: range.end } },
    { message: 1, range },
  ]) {
    assert.equal(fromWireDiagnostic(bad), undefined, JSON.stringify(bad));
  }
});

test('file URIs become paths; other URIs stay as they are', () => {
  assert.equal(uriToPath('file:///w/a%20b.ts'), '/w/a b.ts');
  assert.equal(uriToPath('untitled:Untitled-1'), 'untitled:Untitled-1');
});

test('fix settings fall back per field and clamp the threshold', () => {
  assert.deepEqual(parseFixesConfig(null, defaultFixesConfig), defaultFixesConfig);
  assert.deepEqual(parseFixesConfig({ enabled: false, similarityThreshold: 0.1, shareWithSessions: 'yes' }, defaultFixesConfig), {
    enabled: false,
    similarityThreshold: 0.3,
    shareWithSessions: true,
    exclude: ['**/node_modules/**', '**/.git/**', '**/.vscode/**'],
  });
  assert.equal(parseFixesConfig({ similarityThreshold: 3 }, defaultFixesConfig).similarityThreshold, 1);
  assert.deepEqual(parseFixesConfig({ exclude: ['gen/**', 7, null] }, defaultFixesConfig).exclude, ['gen/**']);
  assert.deepEqual(parseFixesConfig({ exclude: 'gen/**' }, defaultFixesConfig).exclude, defaultFixesConfig.exclude);
});

test('the metrics view shows routing as empty until a decision is recorded', () => {
  const c = new MetricsCollector({ now: 0 });
  c.recordTask({ sessionId: 's', success: true, durationMs: 1000, tokens: 500 });
  c.recordTask({ sessionId: 's', success: false, durationMs: 3000 });
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
