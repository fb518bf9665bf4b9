import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isHostToWebviewMessage, isWebviewToHostMessage } from '../../../src/protocol/webviewMessages';

test('the host accepts only the webview messages it knows', () => {
  for (const ok of [{ type: 'ready' }, { type: 'restartOrchestrator' }, { type: 'showLogs' }])
    assert.equal(isWebviewToHostMessage(ok), true);
  for (const bad of [null, undefined, 'ready', 42, {}, { type: 'eval' }, { type: 7 }, []]) assert.equal(isWebviewToHostMessage(bad), false);
});

test('the webview accepts only well-formed state messages', () => {
  assert.equal(
    isHostToWebviewMessage({ type: 'state', state: { orchestrator: { state: 'ready' }, extensionVersion: '1', sessions: [] } }),
    true,
  );
  for (const bad of [null, { type: 'state' }, { type: 'state', state: {} }, { type: 'other', state: { orchestrator: {} } }])
    assert.equal(isHostToWebviewMessage(bad), false);
});

test('the webview accepts a request to bring a session into view, with its id', () => {
  assert.equal(isHostToWebviewMessage({ type: 'focusSession', sessionId: 's-1' }), true);
  for (const bad of [{ type: 'focusSession' }, { type: 'focusSession', sessionId: '' }, { type: 'focusSession', sessionId: 7 }])
    assert.equal(isHostToWebviewMessage(bad), false);
});

test('the host accepts an answer to a permission question only with its session, request and decision', () => {
  assert.equal(isWebviewToHostMessage({ type: 'answerPermission', sessionId: 's-1', requestId: 'r-1', allow: true }), true);
  assert.equal(isWebviewToHostMessage({ type: 'answerPermission', sessionId: 's-1', requestId: 'r-1', allow: false }), true);
  for (const bad of [
    { type: 'answerPermission' },
    { type: 'answerPermission', sessionId: 's-1', requestId: 'r-1' },
    { type: 'answerPermission', sessionId: 's-1', requestId: 'r-1', allow: 'yes' },
    { type: 'answerPermission', sessionId: '', requestId: 'r-1', allow: true },
    { type: 'answerPermission', sessionId: 's-1', requestId: 7, allow: true },
  ])
    assert.equal(isWebviewToHostMessage(bad), false, JSON.stringify(bad));
});

test('the host accepts an answer to a suggested rule only with its id and one of Add, Not Now, Never', () => {
  for (const how of ['add', 'notNow', 'never']) assert.equal(isWebviewToHostMessage({ type: 'ruleSuggestion', id: 'abc', how }), true);
  for (const bad of [
    { type: 'ruleSuggestion', id: 'abc' },
    { type: 'ruleSuggestion', id: '', how: 'add' },
    { type: 'ruleSuggestion', id: 'abc', how: 'apply' },
    { type: 'ruleSuggestion', id: 7, how: 'never' },
  ])
    assert.equal(isWebviewToHostMessage(bad), false, JSON.stringify(bad));
});
