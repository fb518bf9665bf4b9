// The fixes and metrics sections' webview messages: accepted only when well-formed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFixesWebviewMessage, isWebviewToHostMessage } from '../../../src/protocol/webviewMessages';

test('fixes messages are accepted when well-formed and refused otherwise', () => {
  const ok = [
    { type: 'fixesQuery', text: 'ts 2588', sort: 'success' },
    { type: 'fixShow', id: 'abc' },
    { type: 'fixDelete', id: 'abc' },
    { type: 'fixClose' },
    { type: 'fixesExport' },
    { type: 'fixesImport' },
    { type: 'metricsExport' },
  ];
  for (const m of ok) {
    assert.equal(isFixesWebviewMessage(m), true, JSON.stringify(m));
    assert.equal(isWebviewToHostMessage(m), true, JSON.stringify(m));
  }
  const bad = [
    { type: 'fixesQuery', text: 'x', sort: 'random' },
    { type: 'fixesQuery', sort: 'uses' },
    { type: 'fixesQuery', text: 'x'.repeat(501), sort: 'uses' },
    { type: 'fixShow' },
    { type: 'fixDelete', id: '' },
    { type: 'fixDelete', id: 7 },
    null,
    'fixesExport',
    { type: 'fixesDeleteAll' },
  ];
  for (const m of bad) assert.equal(isWebviewToHostMessage(m), false, JSON.stringify(m));
});

test('fixEdit messages carry a fix id, a request number and bounded text', () => {
  const edit = { type: 'fixEdit', id: 'abc', requestId: 7, title: 'Declare it with let', diff: '@@ -1 +1 @@\n-a\n+b\n' };
  assert.equal(isWebviewToHostMessage(edit), true);
  assert.equal(isWebviewToHostMessage({ ...edit, title: '' }), true, 'the orchestrator explains an empty title');
  const bad = [
    { ...edit, id: '' },
    { ...edit, requestId: -1 },
    { ...edit, requestId: 1.5 },
    { ...edit, requestId: '7' },
    { ...edit, title: 3 },
    { ...edit, diff: null },
    { ...edit, title: 'x'.repeat(1_001) },
    { ...edit, diff: 'x'.repeat(200_001) },
    { type: 'fixEdit', id: 'abc', requestId: 1 },
  ];
  for (const m of bad) assert.equal(isWebviewToHostMessage(m), false, JSON.stringify(m).slice(0, 80));
});
