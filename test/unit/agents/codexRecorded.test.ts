// The Codex parser on output recorded from the real Codex CLI 0.169.0 against the mock Responses API
// (fixture made by test/support/mockOpenAI/recordCodexFixture.ts; single lines copied verbatim).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CodexJsonParser } from '../../../src/core/agents/codexParser';
import { ofType, parseFixture } from '../../support/agents/readFixture';

const parse = (lines: string[]): ReturnType<CodexJsonParser['parseLine']> => {
  const p = new CodexJsonParser();
  return lines.flatMap((l) => p.parseLine(l));
};

describe('Codex exec --json parser on Codex 0.169.0 output', () => {
  test('tool turn: one tool_use per item (started, not again at completion), absolute file paths, cumulative usage with cached tokens split out', () => {
    const ev = parseFixture(new CodexJsonParser(), 'codex-0.169.0-tools.jsonl');
    assert.equal(ofType(ev, 'init')[0]?.conversationId, '01a2015f-94ac-7840-8e58-945b57d8b953');
    const uses = ofType(ev, 'tool_use');
    assert.deepEqual(
      uses.map((u) => [u.toolId, u.toolName]),
      [
        ['item_2', 'command_execution'],
        ['item_3', 'file_change'],
      ],
    );
    assert.equal(uses[0]?.input.command, '/bin/bash -c "printf \'a\\\\n\' > a.txt && ls"');
    assert.deepEqual(uses[1]?.files, [{ path: '/work/repo/notes/todo.txt', access: 'edit' }]);
    assert.deepEqual(
      ofType(ev, 'tool_result').map((r) => [r.toolId, r.isError, r.text]),
      [
        ['item_2', false, 'a.txt\n'],
        ['item_3', false, 'completed'],
      ],
    );
    assert.deepEqual(
      ofType(ev, 'text').map((t) => t.text),
      ['Creating a file and listing the folder.', 'Done: `a.txt` and `notes/todo.txt`.'],
    );
    const [u] = ofType(ev, 'usage');
    assert.deepEqual(
      [u?.input_tokens, u?.cache_read_input_tokens, u?.cache_creation_input_tokens, u?.output_tokens, u?.cumulative],
      [27_800 - 18_176, 18_176, 0, 220, true],
    );
    const [done] = ofType(ev, 'done');
    assert.equal(done?.ok, true);
    assert.equal(done?.resultText, 'Done: `a.txt` and `notes/todo.txt`.');
    // The reasoning summary has no event of its own.
    assert.equal(ofType(ev, 'raw').filter((r) => JSON.stringify(r.data).includes('reasoning')).length, 1);
  });

  test('an error item is a non-fatal notice: transient, and the turn still ends ok', () => {
    const ev = parse([
      '{"type":"thread.started","thread_id":"01a2015c-e958-7303-9989-7b0077a4952b"}',
      '{"type":"item.completed","item":{"id":"item_0","type":"error","message":"Model metadata for `gpt-5.4` not found. Defaulting to fallback metadata; this can degrade performance and cause issues."}}',
      '{"type":"turn.started"}',
      '{"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"Answer: --help me"}}',
      '{"type":"turn.completed","usage":{"input_tokens":9870,"cached_input_tokens":0,"cache_write_input_tokens":0,"output_tokens":17,"reasoning_output_tokens":0}}',
    ]);
    const [warning] = ofType(ev, 'error');
    assert.equal(warning?.transient, true);
    assert.match(warning?.message ?? '', /Model metadata/);
    assert.equal(ofType(ev, 'done')[0]?.ok, true);
  });

  test('API failure: the error event is fatal (no "Reconnecting"), turn.failed ends the run with its message', () => {
    const ev = parse([
      '{"type":"thread.started","thread_id":"01a2015c-fac6-7052-817f-fb7021738871"}',
      '{"type":"turn.started"}',
      '{"type":"error","message":"unexpected status 401 Unauthorized: Mock failure 401, url: http://127.0.0.1:35659/v1/responses"}',
      '{"type":"turn.failed","error":{"message":"unexpected status 401 Unauthorized: Mock failure 401, url: http://127.0.0.1:35659/v1/responses"}}',
    ]);
    assert.equal(ofType(ev, 'error')[0]?.transient, false);
    const [done] = ofType(ev, 'done');
    assert.equal(done?.ok, false);
    assert.match(done?.errorMessage ?? '', /^unexpected status 401 Unauthorized: Mock failure 401/);
    assert.equal(done?.conversationId, '01a2015c-fac6-7052-817f-fb7021738871');
  });
});
