import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isHostToWebviewMessage, isWebviewToHostMessage } from '../../../src/protocol/webviewMessages';

test('the host accepts only the webview messages it knows', () => {
  for (const ok of [{ type: 'ready' }, { type: 'restartOrchestrator' }, { type: 'showLogs' }]) assert.equal(isWebviewToHostMessage(ok), true);
  for (const bad of [null, undefined, 'ready', 42, {}, { type: 'eval' }, { type: 7 }, []]) assert.equal(isWebviewToHostMessage(bad), false);
});

test('the webview accepts only well-formed state messages', () => {
  assert.equal(isHostToWebviewMessage({ type: 'state', state: { orchestrator: { state: 'ready' }, extensionVersion: '1', sessions: [] } }), true);
  for (const bad of [null, { type: 'state' }, { type: 'state', state: {} }, { type: 'other', state: { orchestrator: {} } }]) assert.equal(isHostToWebviewMessage(bad), false);
});

test('the webview accepts a request to bring a session into view, with its id', () => {
  assert.equal(isHostToWebviewMessage({ type: 'focusSession', sessionId: 's-1' }), true);
  for (const bad of [{ type: 'focusSession' }, { type: 'focusSession', sessionId: '' }, { type: 'focusSession', sessionId: 7 }]) assert.equal(isHostToWebviewMessage(bad), false);
});
