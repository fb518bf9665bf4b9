// The Gemini stream-json parser on output recorded from the real Gemini CLI 0.61.0 (against the
// mock Gemini API, paths rewritten to /repo) and on the shapes that CLI writes on failures.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GeminiStreamParser } from '../../../src/core/agents/geminiParser';
import { ofType, parseFixture } from '../../support/agents/readFixture';

describe('Gemini stream-json parser (real CLI 0.61.0 output)', () => {
  test('write run: init, deltas, write_file with its file, usage of the answering model with thinking tokens, last turn as result', () => {
    const ev = parseFixture(new GeminiStreamParser(), 'gemini-0.61.0-write.jsonl');
    const [init] = ofType(ev, 'init');
    assert.deepEqual([init?.conversationId, init?.model], ['e6e83138-9357-41f8-97ad-9684655e3a86', 'auto']);
    assert.equal(
      ofType(ev, 'text')
        .map((t) => t.text)
        .join(''),
      'Writing the file.Wrote /repo/hello.txt.',
    );
    const [use] = ofType(ev, 'tool_use');
    assert.deepEqual([use?.toolName, use?.files], ['write_file', [{ path: '/repo/hello.txt', access: 'edit' }]]);
    // A successful write_file result carries no output.
    assert.deepEqual(
      ofType(ev, 'tool_result').map((r) => [r.toolId, r.isError, r.text]),
      [[use?.toolId, false, '']],
    );
    const [u] = ofType(ev, 'usage');
    // stats: input 11708 non-cached + 10838 cached = input_tokens 22546; output_tokens 94 leaves out
    // the 6 thinking tokens that only total_tokens (22646) counts.
    assert.deepEqual(
      [u?.input_tokens, u?.cache_read_input_tokens, u?.output_tokens, u?.model, u?.cumulative],
      [11708, 10838, 100, 'gemini-3.8-flash', true],
    );
    const [done] = ofType(ev, 'done');
    assert.deepEqual(done, {
      type: 'done',
      ok: true,
      conversationId: 'e6e83138-9357-41f8-97ad-9684655e3a86',
      resultText: 'Wrote /repo/hello.txt.',
    });
  });

  test('API error run: failed done with the API message', () => {
    const ev = parseFixture(new GeminiStreamParser(), 'gemini-0.61.0-api-error.jsonl');
    const [done] = ofType(ev, 'done');
    assert.equal(done?.ok, false);
    assert.match(done?.errorMessage ?? '', /API key not valid.*API_KEY_INVALID/);
    assert.equal(done?.conversationId, '8f3bd8e6-12c4-46ec-ac6c-3d49972b808a');
  });

  test('a failed result without an error field takes the reason of the error event before it', () => {
    const p = new GeminiStreamParser();
    const lines = [
      { type: 'init', session_id: 's1', model: 'auto' },
      { type: 'error', severity: 'warning', message: 'Loop detected, stopping execution' },
      { type: 'error', severity: 'error', message: 'Model stream ended with empty response text.' },
      { type: 'result', status: 'error', stats: { total_tokens: 10, input_tokens: 10, output_tokens: 0, cached: 0, input: 10 } },
    ];
    const ev = lines.flatMap((l) => p.parseLine(JSON.stringify(l)));
    assert.deepEqual(
      ofType(ev, 'error').map((e) => e.transient),
      [true, false],
    );
    assert.equal(ofType(ev, 'done')[0]?.errorMessage, 'Model stream ended with empty response text.');
  });

  test("result text: the last turn's, or the last turn that had text when the final one has none", () => {
    const p = new GeminiStreamParser();
    const msg = (content: string): string => JSON.stringify({ type: 'message', role: 'assistant', content, delta: true });
    const tool = (id: string): string[] => [
      JSON.stringify({ type: 'tool_use', tool_name: 'read_file', tool_id: id, parameters: { file_path: 'a' } }),
      JSON.stringify({ type: 'tool_result', tool_id: id, status: 'success' }),
    ];
    const lines = [
      JSON.stringify({ type: 'init', session_id: 's', model: 'auto' }),
      msg('Reading.'),
      ...tool('1'),
      msg('It says '),
      msg('hi.'),
      ...tool('2'),
      JSON.stringify({ type: 'result', status: 'success' }),
    ];
    const ev = lines.flatMap((l) => p.parseLine(l));
    assert.equal(ofType(ev, 'done')[0]?.resultText, 'It says hi.');
  });
});
