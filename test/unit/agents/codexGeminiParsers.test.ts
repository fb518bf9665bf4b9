import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CodexJsonParser } from '../../../src/core/agents/codexParser';
import { GeminiStreamParser } from '../../../src/core/agents/geminiParser';
import { PlainTextParser } from '../../../src/core/agents/textParser';
import { ofType, parseFixture } from '../../support/agents/readFixture';

describe('Codex exec --json parser', () => {
  test('documented run: thread id, command and file-change tools, message, cumulative usage, done', () => {
    const ev = parseFixture(new CodexJsonParser(), 'codex-exec.jsonl');
    assert.equal(ofType(ev, 'init')[0]?.conversationId, '0199a213-81c0-7800-8aa1-bbab2a035a53');
    const uses = ofType(ev, 'tool_use');
    assert.deepEqual(
      uses.map((u) => u.toolName),
      ['command_execution', 'file_change'],
    );
    assert.deepEqual(uses[1]?.files, [
      { path: 'src/readme.ts', access: 'edit' },
      { path: 'docs/new.md', access: 'edit' },
    ]);
    const results = ofType(ev, 'tool_result');
    assert.equal(results.length, 2);
    assert.equal(results[0]?.isError, false);
    assert.match(results[0]?.text ?? '', /AGENTS\.md/);
    assert.match(ofType(ev, 'text')[0]?.text ?? '', /README/);
    const [u] = ofType(ev, 'usage');
    assert.equal(u?.input_tokens, 24763 - 24448);
    assert.equal(u?.cache_read_input_tokens, 24448);
    assert.equal(u?.cumulative, true);
    const [done] = ofType(ev, 'done');
    assert.equal(done?.ok, true);
    assert.equal(done?.conversationId, '0199a213-81c0-7800-8aa1-bbab2a035a53');
  });

  test('failed turn: transient reconnect notice, failed done with the message', () => {
    const ev = parseFixture(new CodexJsonParser(), 'codex-failed.jsonl');
    assert.equal(ofType(ev, 'error')[0]?.transient, true);
    const [done] = ofType(ev, 'done');
    assert.equal(done?.ok, false);
    assert.match(done?.errorMessage ?? '', /401/);
    assert.equal(done?.conversationId, '0199a213-81c0-7800-8aa1-bbab2a035a53');
  });

  test('non-JSON output is garbage', () => {
    assert.equal(new CodexJsonParser().parseLine('Reading prompt from stdin...')[0]?.type, 'garbage');
  });
});

describe('Gemini stream-json parser', () => {
  test('documented run: init, assistant text, tools with files and errors, usage, done', () => {
    const ev = parseFixture(new GeminiStreamParser(), 'gemini-stream.jsonl');
    assert.equal(ofType(ev, 'init')[0]?.conversationId, 'test-session-123');
    assert.deepEqual(
      ofType(ev, 'text').map((t) => t.text),
      ['I will list the files.'],
    );
    const uses = ofType(ev, 'tool_use');
    assert.deepEqual(
      uses.map((u) => u.files),
      [[], [{ path: '/repo/out.txt', access: 'edit' }]],
    );
    assert.deepEqual(
      ofType(ev, 'tool_result').map((r) => [r.isError, r.text]),
      [
        [false, 'file1.ts\\nfile2.ts'],
        [true, 'denied'],
      ],
    );
    assert.equal(ofType(ev, 'error')[0]?.transient, true);
    const [u] = ofType(ev, 'usage');
    assert.deepEqual([u?.input_tokens, u?.cache_read_input_tokens, u?.output_tokens, u?.model], [400, 600, 200, 'auto-gemini-3']);
    const [done] = ofType(ev, 'done');
    assert.deepEqual(done, { type: 'done', ok: true, conversationId: 'test-session-123', resultText: 'I will list the files.' });
  });

  test('error result', () => {
    const ev = parseFixture(new GeminiStreamParser(), 'gemini-error.jsonl');
    const [done] = ofType(ev, 'done');
    assert.equal(done?.ok, false);
    assert.match(done?.errorMessage ?? '', /API_KEY_INVALID/);
  });
});

describe('plain text parser', () => {
  test('every line is text', () => {
    assert.deepEqual(new PlainTextParser().parseLine('not json {'), [{ type: 'text', text: 'not json {', isSidechain: false }]);
  });
});
