// The Gemini adapter and parser through startAgentRun against the REAL Gemini CLI (0.61.0),
// pointed at the mock Gemini API (test/support/mockGemini) with an isolated, offline HOME.
// Independent tests run concurrently.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { AgentEvent } from '../../../src/core/agents/agentEvents';
import { GeminiAdapter, type GeminiAdapterOptions } from '../../../src/core/agents/geminiAdapter';
import { startAgentRun } from '../../../src/core/agents/processRunner';
import type { RunOutcome } from '../../../src/core/agents/runTracker';
import type { AgentTaskRequest } from '../../../src/core/agents/agentAdapter';
import { directiveResponder, modelTexts, userTexts } from '../../support/mockGemini/directiveResponder';
import { geminiTestEnv, realGeminiPath, type GeminiTestEnv } from '../../support/mockGemini/geminiEnv';
import { MockGeminiServer } from '../../support/mockGemini/mockServer';
import { processGroupMembers } from '../../support/fakeAgents/fakeAgents';
import { ofType } from '../../support/agents/readFixture';

const runOptions = { idleTimeoutMs: 60_000, killGraceMs: 1_000 };
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Run {
  outcome: RunOutcome;
  events: AgentEvent[];
}

async function withMock(fn: (mock: MockGeminiServer, t: GeminiTestEnv) => Promise<void>): Promise<void> {
  const mock = new MockGeminiServer(directiveResponder);
  await mock.start();
  const t = geminiTestEnv(mock.url);
  try {
    await fn(mock, t);
    assert.deepEqual(
      mock.unknownRequests().map((r) => `${r.method} ${r.path}`),
      [],
      'the CLI called nothing but the model API',
    );
  } finally {
    await mock.stop();
    t.cleanup();
  }
}

async function run(t: GeminiTestEnv, req: Omit<AgentTaskRequest, 'env'>, options: GeminiAdapterOptions = {}): Promise<Run> {
  const events: AgentEvent[] = [];
  const adapter = new GeminiAdapter({ executable: realGeminiPath, ...options });
  const outcome = await startAgentRun(adapter, { ...req, env: t.env }, (e) => events.push(e), runOptions).outcome;
  return { outcome, events };
}

/** The run's usage as the mock's answers imply it: sums over every request the mock answered. */
function impliedUsage(mock: MockGeminiServer): { input: number; cached: number; output: number } {
  let input = 0,
    cached = 0,
    output = 0;
  for (const r of mock.requests) {
    if (!r.usage) continue;
    input += r.usage.promptTokenCount - r.usage.cachedContentTokenCount;
    cached += r.usage.cachedContentTokenCount;
    output += r.usage.candidatesTokenCount + r.usage.thoughtsTokenCount;
  }
  return { input, cached, output };
}

describe('real Gemini CLI against the mock Gemini API', { concurrency: true, timeout: 120_000 }, () => {
  test('a text answer: init id, result text (no thoughts), usage from the result stats; --resume=<id> continues it', async () => {
    await withMock(async (mock, t) => {
      const cwd = t.folder('ws');
      const first = await run(t, { text: '--help me', cwd });
      assert.equal(first.outcome.ok, true, JSON.stringify(first.outcome.failure));
      const id = first.outcome.conversationId ?? '';
      assert.match(id, uuid);
      assert.equal(ofType(first.events, 'init')[0]?.conversationId, id);
      assert.equal(first.outcome.resultText, 'Answer: --help me', 'the task starting with -- stayed text; the thought part is left out');
      const [req] = mock.modelRequests();
      assert.ok(req);
      assert.equal(req.headers['x-goog-api-key'], 'mock-key');
      assert.equal(userTexts(req).at(-1), '--help me');
      const [usage] = ofType(first.events, 'usage');
      const implied = impliedUsage(mock);
      assert.deepEqual(
        [usage?.input_tokens, usage?.cache_read_input_tokens, usage?.output_tokens],
        [implied.input, implied.cached, implied.output],
      );
      assert.equal(usage?.model, req.model, 'the model that answered, not the "auto" alias of init');
      assert.ok(mock.utilityRequests().length > 0, 'the routing call was answered too');
      const chats = readdirSync(join(t.home, '.gemini', 'tmp'), { recursive: true, encoding: 'utf8' }).filter(
        (f) => f.includes('chats') && f.endsWith('.jsonl'),
      );
      assert.equal(chats.length, 1, 'the session is kept in the isolated HOME');

      const before = mock.requests.length;
      const again = await run(t, { text: 'and again', cwd, conversationId: id });
      assert.equal(again.outcome.ok, true, JSON.stringify(again.outcome.failure));
      assert.equal(again.outcome.conversationId, id);
      assert.equal(again.outcome.resultText, 'Answer: and again');
      const resumed = mock.modelRequests().at(-1);
      assert.ok(resumed && mock.requests.indexOf(resumed) >= before);
      assert.deepEqual(userTexts(resumed).slice(-2), ['--help me', 'and again']);
      assert.deepEqual(modelTexts(resumed), ['Answer: --help me']);
    });
  });

  test('write_file under auto_edit: tool_use with the file, tool_result, the file written, result of the last turn', async () => {
    await withMock(async (_mock, t) => {
      const cwd = t.folder('ws');
      const target = join(cwd, 'hello.txt');
      const { outcome, events } = await run(t, { text: `WRITE ${target} hello from the mock`, cwd }, { approvalMode: 'auto_edit' });
      assert.equal(outcome.ok, true, JSON.stringify(outcome.failure));
      assert.equal(readFileSync(target, 'utf8'), 'hello from the mock');
      const [use] = ofType(events, 'tool_use');
      assert.equal(use?.toolName, 'write_file');
      assert.deepEqual(use?.files, [{ path: target, access: 'edit' }]);
      const [result] = ofType(events, 'tool_result');
      assert.deepEqual([result?.toolId, result?.isError], [use?.toolId, false]);
      assert.deepEqual(
        ofType(events, 'text')
          .map((e) => e.text)
          .join(''),
        `Writing the file.Wrote ${target}.`,
      );
      assert.equal(outcome.resultText, `Wrote ${target}.`);
    });
  });

  test('run_shell_command with the session permission mode bypassPermissions (yolo) and a chosen model: its output in tool_result', async () => {
    await withMock(async (mock, t) => {
      const cwd = t.folder('ws');
      const { outcome, events } = await run(t, {
        text: 'SHELL echo made > made.txt && cat made.txt',
        cwd,
        permissionMode: 'bypassPermissions',
        model: 'gemini-2.5-flash',
      });
      assert.equal(outcome.ok, true, JSON.stringify(outcome.failure));
      assert.equal(ofType(events, 'init')[0]?.model, 'gemini-2.5-flash');
      assert.deepEqual([...new Set(mock.modelRequests().map((r) => r.model))], ['gemini-2.5-flash']);
      assert.equal(ofType(events, 'usage')[0]?.model, 'gemini-2.5-flash');
      assert.equal(ofType(events, 'tool_use')[0]?.toolName, 'run_shell_command');
      const [result] = ofType(events, 'tool_result');
      assert.equal(result?.isError, false);
      assert.match(result?.text ?? '', /made/);
      assert.ok(existsSync(join(cwd, 'made.txt')));
      assert.match(outcome.resultText ?? '', /^Ran it: /);
    });
  });

  test('default approval mode: headless Gemini has no write tool, the call fails and nothing is written', async () => {
    await withMock(async (_mock, t) => {
      const cwd = t.folder('ws');
      const target = join(cwd, 'never.txt');
      const { outcome, events } = await run(t, { text: `WRITE ${target} x`, cwd });
      assert.equal(outcome.ok, true, JSON.stringify(outcome.failure));
      const [result] = ofType(events, 'tool_result');
      assert.equal(result?.isError, true);
      assert.match(result?.text ?? '', /not found/);
      assert.equal(existsSync(target), false);
      assert.equal(outcome.resultText, 'The tool failed.');
    });
  });

  test("API errors (400 API_KEY_INVALID, 500) and an empty answer: the run fails with the agent's message, no hang", async () => {
    await withMock(async (mock, t) => {
      const cwd = t.folder('ws');
      const [bad, down, empty] = await Promise.all([
        run(t, { text: 'FAIL 400', cwd }),
        run(t, { text: 'FAIL 500', cwd }),
        run(t, { text: 'EMPTY', cwd }),
      ]);
      // An empty answer: an error event, then a failed result without an error field, and exit code 0.
      assert.equal(empty.outcome.failure?.kind, 'agent-error', JSON.stringify(empty.outcome.failure));
      assert.match(empty.outcome.failure?.reason ?? '', /empty response/);
      assert.equal(empty.outcome.exitCode, 0);
      assert.equal(bad.outcome.failure?.kind, 'agent-error', JSON.stringify(bad.outcome.failure));
      assert.match(bad.outcome.failure?.reason ?? '', /API_KEY_INVALID/);
      assert.match(bad.outcome.conversationId ?? '', uuid);
      assert.equal(down.outcome.failure?.kind, 'agent-error', JSON.stringify(down.outcome.failure));
      assert.match(down.outcome.failure?.reason ?? '', /Mock failure/);
      // The CLI exits with the HTTP status (mod 256) and does not retry (general.maxAttempts = 1).
      assert.deepEqual([bad.outcome.exitCode, down.outcome.exitCode], [400 % 256, 500 % 256]);
      assert.equal(mock.modelRequests().length, 3);
    });
  });

  test("an untrusted folder fails before init with the CLI's reason; skipTrust runs there", async () => {
    await withMock(async (_mock, t) => {
      const cwd = t.untrustedFolder('ws');
      const [refused, skipped] = await Promise.all([run(t, { text: 'hello', cwd }), run(t, { text: 'hello', cwd }, { skipTrust: true })]);
      assert.equal(refused.outcome.failure?.kind, 'exit-before-init', JSON.stringify(refused.outcome.failure));
      assert.equal(refused.outcome.exitCode, 55);
      assert.match(refused.outcome.failure?.stderrTail.join('\n') ?? '', /not running in a trusted directory/);
      assert.match(refused.outcome.failure?.reason ?? '', /does not trust this folder.*agentAffinity\.gemini\.skipTrust/);
      assert.equal(skipped.outcome.ok, true, JSON.stringify(skipped.outcome.failure));
      assert.equal(skipped.outcome.resultText, 'Answer: hello');
    });
  });

  test('stopping mid-request ends the CLI and the node process it relaunches itself in (its whole group)', async () => {
    await withMock(async (mock, t) => {
      let asked: () => void = () => undefined;
      const requested = new Promise<void>((r) => {
        asked = r;
      });
      mock.setResponder((req) => {
        if (userTexts(req).at(-1)?.startsWith('SLOW')) asked();
        return directiveResponder(req);
      });
      const handle = startAgentRun(
        new GeminiAdapter({ executable: realGeminiPath }),
        { text: 'SLOW 30000 take your time', cwd: t.folder('ws'), env: t.env },
        () => undefined,
        runOptions,
      );
      await requested;
      const pgid = handle.pid ?? 0;
      assert.ok(processGroupMembers(pgid).length >= 2, 'the launcher and its relaunched child');
      await handle.stop();
      assert.equal((await handle.outcome).failure?.kind, 'stopped');
      assert.deepEqual(processGroupMembers(pgid), []);
    });
  });

  test("resuming a session id the folder does not have fails before init (exit 42) with the CLI's reason", async () => {
    await withMock(async (mock, t) => {
      const { outcome } = await run(t, { text: 'hello', cwd: t.folder('ws'), conversationId: '00000000-0000-4000-8000-000000000000' });
      assert.equal(outcome.failure?.kind, 'exit-before-init', JSON.stringify(outcome.failure));
      assert.equal(outcome.exitCode, 42);
      assert.match(outcome.failure?.stderrTail.join('\n') ?? '', /Error resuming session: No previous sessions found for this project/);
      assert.equal(mock.modelRequests().length, 0);
    });
  });
});
