// ccusage 18.0.11's line rules: which usage lines count, its dedup key, and its session grouping key.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ccusageSessionKey, lineTimeMs, parseUsageEntry, usageDedupKey } from '../../../src/core/budget/ccusageEntry';
import { TRANSCRIPT_ASSISTANT } from './fixtures/recordedLines';

const base = (): Record<string, unknown> => JSON.parse(TRANSCRIPT_ASSISTANT) as Record<string, unknown>;
function withMessage(patch: Record<string, unknown>): Record<string, unknown> {
  const line = base();
  line.message = { ...(line.message as Record<string, unknown>), ...patch };
  return line;
}
function withUsage(patch: Record<string, unknown>): Record<string, unknown> {
  const line = base();
  const message = line.message as Record<string, unknown>;
  line.message = { ...message, usage: { ...(message.usage as Record<string, unknown>), ...patch } };
  return line;
}

describe('parseUsageEntry (ccusage usageDataSchema)', () => {
  test('a real transcript line is accepted with its figures', () => {
    const e = parseUsageEntry(base());
    assert.ok(e);
    assert.equal(e.inputTokens, 3);
    assert.equal(e.cacheCreationTokens, 453);
    assert.equal(e.cacheReadTokens, 82371);
    assert.equal(e.outputTokens, 186);
    assert.equal(e.model, 'claude-opus-4-6');
    assert.equal(usageDedupKey(e), 'msg_013YZ68naDuds27CD9ZGNVDE:req_011CYwZUU7RHFoZn2ppDGGRK');
  });

  test('missing cache fields count as 0; a null one rejects the line', () => {
    const missing = withUsage({});
    delete ((missing.message as Record<string, unknown>).usage as Record<string, unknown>).cache_read_input_tokens;
    assert.equal(parseUsageEntry(missing)?.cacheReadTokens, 0);
    assert.equal(parseUsageEntry(withUsage({ cache_creation_input_tokens: null })), null);
  });

  test('lines ccusage rejects are rejected', () => {
    assert.equal(parseUsageEntry(withUsage({ speed: 'turbo' })), null);
    assert.equal(parseUsageEntry(withUsage({ output_tokens: '5' })), null);
    assert.equal(parseUsageEntry(withMessage({ model: '' })), null);
    assert.equal(parseUsageEntry(withMessage({ id: null })), null);
    assert.equal(parseUsageEntry(withMessage({ content: 'text' })), null);
    assert.equal(parseUsageEntry(withMessage({ content: [{ type: 'text', text: null }] })), null);
    assert.equal(parseUsageEntry({ ...base(), timestamp: '2026-03-11 15:52:12' }), null);
    assert.equal(parseUsageEntry({ ...base(), version: 'v2' }), null);
    assert.equal(parseUsageEntry({ ...base(), requestId: '' }), null);
    assert.equal(parseUsageEntry({ ...base(), costUSD: null }), null);
    assert.equal(parseUsageEntry({ ...base(), sessionId: '' }), null);
    assert.equal(parseUsageEntry({ ...base(), isApiErrorMessage: 'yes' }), null);
    assert.equal(parseUsageEntry(null), null);
    assert.equal(parseUsageEntry('x'), null);
  });

  test('tool_use content blocks (no text) and costUSD are accepted', () => {
    const e = parseUsageEntry({ ...withMessage({ content: [{ type: 'tool_use', id: 't', name: 'Read', input: {} }] }), costUSD: 0.5 });
    assert.equal(e?.costUSD, 0.5);
  });

  test('no dedup key without both message id and request id', () => {
    assert.equal(usageDedupKey({ messageId: 'm', requestId: undefined }), null);
    assert.equal(usageDedupKey({ messageId: undefined, requestId: 'r' }), null);
  });
});

describe('ccusage keys', () => {
  test('session key is the parent folder; flat layout groups a whole project', () => {
    assert.deepEqual(ccusageSessionKey(['-home-a-proj', 'abc.jsonl']), { sessionId: '-home-a-proj', projectPath: 'Unknown Project' });
    assert.deepEqual(ccusageSessionKey(['-home-a-proj', 'abc', 'subagents', 'agent-1.jsonl']), {
      sessionId: 'subagents',
      projectPath: '-home-a-proj/abc',
    });
    assert.deepEqual(ccusageSessionKey(['x.jsonl']), { sessionId: 'unknown', projectPath: 'Unknown Project' });
  });

  test('file order time: top-level string timestamps Date accepts', () => {
    assert.equal(lineTimeMs({ timestamp: '2026-01-01T00:00:00Z' }), Date.UTC(2026, 0, 1));
    assert.equal(lineTimeMs({ timestamp: 'nope' }), null);
    assert.equal(lineTimeMs({ snapshot: { timestamp: '2026-01-01T00:00:00Z' } }), null);
    assert.equal(lineTimeMs(null), null);
  });
});
