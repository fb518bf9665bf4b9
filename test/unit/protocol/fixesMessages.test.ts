// The fixes and metrics sections' webview messages: accepted only when well-formed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFixesWebviewMessage, isWebviewToHostMessage } from '../../../src/protocol/webviewMessages';

test('fixes messages are accepted when well-formed and refused otherwise', () => {
  const ok = [
    { type: 'fixesQuery', text: 'ts 2588', sort: 'success' }, { type: 'fixShow', id: 'abc' }, { type: 'fixDelete', id: 'abc' },
    { type: 'fixClose' }, { type: 'fixesExport' }, { type: 'fixesImport' }, { type: 'metricsExport' },
  ];
  for (const m of ok) {
    assert.equal(isFixesWebviewMessage(m), true, JSON.stringify(m));
    assert.equal(isWebviewToHostMessage(m), true, JSON.stringify(m));
  }
  const bad = [
    { type: 'fixesQuery', text: 'x', sort: 'random' }, { type: 'fixesQuery', sort: 'uses' }, { type: 'fixesQuery', text: 'x'.repeat(501), sort: 'uses' },
    { type: 'fixShow' }, { type: 'fixDelete', id: '' }, { type: 'fixDelete', id: 7 }, null, 'fixesExport', { type: 'fixesDeleteAll' },
  ];
  for (const m of bad) assert.equal(isWebviewToHostMessage(m), false, JSON.stringify(m));
});
