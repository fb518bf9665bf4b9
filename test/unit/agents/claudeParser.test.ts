import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AgentEvent } from '../../../src/core/agents/agentEvents';
import { formatAgentEvent } from '../../../src/core/agents/eventText';
import { ClaudeStreamParser } from '../../../src/core/agents/claudeParser';
import { ofType, parseFixture } from '../../support/agents/readFixture';

describe('Claude stream-json parser', () => {
  test('real 2.1.330 Write run: init, text, tool use with file, tool result, usage, done', () => {
    const ev = parseFixture(new ClaudeStreamParser(), 'claude-2.1.330-write.jsonl');
    const [init] = ofType(ev, 'init');
    assert.ok(init);
    assert.match(init.conversationId, /^[0-9a-f-]{36}$/);
    assert.equal(init.cwd, '/tmp/exp/capture-ws');
    assert.ok(init.tools.includes('Write'));
    const [use] = ofType(ev, 'tool_use');
    assert.equal(use?.toolName, 'Write');
    assert.deepEqual(use?.files, [{ path: '/tmp/exp/capture-ws/notes.txt', access: 'edit' }]);
    const [res] = ofType(ev, 'tool_result');
    assert.equal(res?.toolId, use?.toolId);
    assert.equal(res?.isError, false);
    assert.match(res?.text ?? '', /File created successfully/);
    assert.deepEqual(res?.originalFile, { path: '/tmp/exp/capture-ws/notes.txt', text: null }, 'a created file had no text before');
    // msg_mock_1 carries two content blocks with the same usage: one usage event per message.
    const usage = ofType(ev, 'usage');
    assert.deepEqual(
      usage.map((u) => u.messageId),
      ['msg_mock_1', 'msg_mock_2'],
    );
    assert.equal(usage[0]?.cache_read_input_tokens, 1000);
    assert.equal(usage[0]?.isSidechain, false);
    const [done] = ofType(ev, 'done');
    assert.equal(done?.ok, true);
    assert.equal(done?.conversationId, init.conversationId);
    assert.match(done?.resultText ?? '', /^Wrote /);
    assert.ok((done?.costUsd ?? 0) > 0);
    assert.equal(done?.contextWindow, 1000000);
    assert.equal(ofType(ev, 'garbage').length, 0);
  });

  test('resume run keeps the same conversation id', () => {
    const ev = parseFixture(new ClaudeStreamParser(), 'claude-2.1.330-resume.jsonl');
    const [init] = ofType(ev, 'init');
    const [done] = ofType(ev, 'done');
    assert.equal(done?.conversationId, init?.conversationId);
    assert.equal(done?.ok, true);
  });

  test('the run report: final output counts from result.usage; the cost of this run only', () => {
    const write = ofType(parseFixture(new ClaudeStreamParser(), 'claude-2.1.330-write.jsonl'), 'done')[0];
    // The stream's assistant lines said output_tokens 1 (placeholders); the result has the real counts.
    assert.deepEqual(write?.runUsage, {
      input_tokens: 247,
      output_tokens: 70,
      cache_creation_input_tokens: 200,
      cache_read_input_tokens: 2000,
    });
    assert.ok(Math.abs((write?.costUsd ?? 0) - 0.003788) < 1e-12, 'a fresh run: total_cost_usd is the run');
    // A resumed run: total_cost_usd and modelUsage start from the restored conversation, so this
    // run's cost is not known from them; the tokens still are.
    const resumed = ofType(parseFixture(new ClaudeStreamParser(), 'claude-2.1.330-resume.jsonl'), 'done')[0];
    assert.equal(resumed?.runUsage?.output_tokens, 19);
    assert.equal(resumed?.costUsd, undefined);
    // The transcript's done line still shows what the run cost, at list prices, said as such.
    assert.ok((resumed?.estimatedCostUsd ?? 0) > 0, 'a resumed run gets a list-price estimate');
    assert.match(formatAgentEvent(resumed as AgentEvent) ?? '', /^── done · ~\$\d+\.\d{4} \(list price\)$/);
  });

  test('a long-lived process: each result costs the growth of total_cost_usd', () => {
    const parser = new ClaudeStreamParser();
    const result = (cost: number, out: number): string =>
      JSON.stringify({
        type: 'result',
        subtype: 'success',
        is_error: false,
        session_id: 's',
        result: 'ok',
        total_cost_usd: cost,
        usage: { input_tokens: 10, output_tokens: out, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
        modelUsage: {
          m: { inputTokens: 10, outputTokens: out, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, contextWindow: 200000 },
        },
      });
    const first = parser.parseLine(result(0.01, 5))[0];
    const second = parser.parseLine(result(0.025, 7))[0];
    assert.equal(first?.type === 'done' ? first.costUsd : null, 0.01);
    assert.ok(second?.type === 'done' && Math.abs((second.costUsd ?? 0) - 0.015) < 1e-12, JSON.stringify(second));
  });

  test('API error: a transient retry notice, then a failed done with the HTTP status', () => {
    const ev = parseFixture(new ClaudeStreamParser(), 'claude-2.1.330-api-error.jsonl');
    const [retry] = ofType(ev, 'error');
    assert.equal(retry?.transient, true);
    assert.equal(retry?.status, 529);
    const [done] = ofType(ev, 'done');
    assert.equal(done?.ok, false);
    assert.match(done?.errorMessage ?? '', /HTTP 529/);
    // The CLI's synthetic error message carries no real usage.
    assert.equal(ofType(ev, 'usage').length, 0);
  });

  test('unknown conversation: done without init names the cause', () => {
    const ev = parseFixture(new ClaudeStreamParser(), 'claude-2.1.330-no-conversation.jsonl');
    assert.equal(ofType(ev, 'init').length, 0);
    const [done] = ofType(ev, 'done');
    assert.equal(done?.ok, false);
    assert.match(done?.errorMessage ?? '', /No conversation found/);
  });

  test('documented lines: hook before init, non-JSON, sidechain usage, compaction, raw extras', () => {
    const ev = parseFixture(new ClaudeStreamParser(), 'claude-doc-lines.jsonl');
    assert.equal(ev[0]?.type, 'raw'); // hook_response before init is fine
    assert.deepEqual(ev[1], { type: 'garbage', line: '[SandboxDebug] sandbox initialised' });
    assert.equal(ev[2]?.type, 'init');
    const uses = ofType(ev, 'tool_use');
    assert.deepEqual(
      uses.map((u) => [u.toolName, u.files, u.isSidechain]),
      [
        ['Read', [{ path: '/user_home/workspace/src/log.ts', access: 'read' }], false],
        ['Edit', [{ path: 'src/log.ts', access: 'edit' }], true],
      ],
    );
    const [res] = ofType(ev, 'tool_result');
    assert.deepEqual(res, { type: 'tool_result', toolId: 'toolu_01', isError: true, text: 'ENOENT: no such file' });
    const usage = ofType(ev, 'usage');
    assert.equal(usage.length, 2);
    assert.equal(usage[1]?.parentToolId, 'toolu_task_9');
    assert.equal(usage[1]?.isSidechain, true);
    assert.deepEqual(ofType(ev, 'compaction'), [{ type: 'compaction', trigger: 'auto', preTokens: 155025 }]);
    const [done] = ofType(ev, 'done');
    assert.equal(done?.contextWindow, 200000);
    assert.equal(done?.costUsd, 0.2416735);
    assert.ok(ev.some((e) => e.type === 'raw' && JSON.stringify(e.data).includes('rate_limit_event')));
  });

  test('blank lines yield nothing; JSON that is not an object is garbage', () => {
    const p = new ClaudeStreamParser();
    assert.deepEqual(p.parseLine('   '), []);
    assert.equal(p.parseLine('[1,2]')[0]?.type, 'garbage');
    assert.equal(p.parseLine('{"type":"system","subtype":"init"').at(0)?.type, 'garbage');
  });

  test('a can_use_tool control request becomes a permission request; other control requests stay raw', () => {
    const ev = parseFixture(new ClaudeStreamParser(), 'claude-2.1.330-permission.jsonl');
    assert.deepEqual(ev[0], {
      type: 'permission_request',
      requestId: 'c5c0e914-934e-4858-a7be-65932eb8558b',
      toolName: 'Write',
      toolId: 'toolu_mock_1',
      input: { file_path: '/tmp/aa-claude-0i7r5F/w-Mxh413/p.txt', content: 'perm' },
      files: [{ path: '/tmp/aa-claude-0i7r5F/w-Mxh413/p.txt', access: 'edit' }],
      description: 'p.txt',
    });
    assert.equal(ev[1]?.type, 'raw');
  });

  test("an update's result carries the file as it was before the call (Claude Code 2.1.330, Write over a file)", () => {
    // A real line (paths shortened) from `claude -p --output-format stream-json` writing over a file.
    const line = JSON.stringify({
      type: 'user',
      message: {
        role: 'user',
        content: [{ tool_use_id: 'toolu_mock_1', type: 'tool_result', content: 'The file /w/a.txt has been updated successfully.' }],
      },
      parent_tool_use_id: null,
      session_id: 'fd679c8c-cee1-40e1-8d14-123e88043d09',
      tool_use_result: {
        type: 'update',
        filePath: '/w/a.txt',
        content: 'new text',
        structuredPatch: [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, lines: ['-original text', '+new text'] }],
        originalFile: 'original text\n',
        userModified: false,
      },
    });
    const [res] = ofType(new ClaudeStreamParser().parseLine(line), 'tool_result');
    assert.deepEqual(res?.originalFile, { path: '/w/a.txt', text: 'original text\n' });
    const other = JSON.stringify({
      type: 'user',
      message: { role: 'user', content: [{ tool_use_id: 't2', type: 'tool_result', content: 'ok' }] },
      tool_use_result: { stdout: 'ok', stderr: '' },
    });
    assert.equal(ofType(new ClaudeStreamParser().parseLine(other), 'tool_result')[0]?.originalFile, undefined, 'a Bash result has none');
  });
});
