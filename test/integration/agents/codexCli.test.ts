// The Codex adapter and parser against the REAL Codex CLI (`codex exec --json`, @openai/codex
// 0.169.0), pointed at the mock Responses API (test/support/mockOpenAI) through a fresh
// CODEX_HOME per test. Independent tests run concurrently.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { AgentEvent } from '../../../src/core/agents/agentEvents';
import { CodexAdapter, type CodexAdapterOptions } from '../../../src/core/agents/codexAdapter';
import { startAgentRun } from '../../../src/core/agents/processRunner';
import type { RunOutcome } from '../../../src/core/agents/runTracker';
import { findCodexRollout, readCodexRollout } from '../../../src/core/budget/codexRollout';
import { processGroupMembers } from '../../support/fakeAgents/fakeAgents';
import { assistantTexts, codexDirectiveResponder, inputItems, userTexts } from '../../support/mockOpenAI/codexDirectives';
import { codexTestEnv, mockCodexConfig, mockCodexModel, realCodexPath, type CodexTestEnv } from '../../support/mockOpenAI/codexEnv';
import { MockOpenAIServer, type MockResponder } from '../../support/mockOpenAI/mockServer';

const runOptions = { idleTimeoutMs: 30_000, killGraceMs: 1_000 };
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Run {
  outcome: RunOutcome;
  events: AgentEvent[];
  pid: number | undefined;
}

function codex(options: Omit<CodexAdapterOptions, 'executable'> = {}): CodexAdapter {
  return new CodexAdapter({ executable: realCodexPath, ...options });
}

async function run(adapter: CodexAdapter, t: CodexTestEnv, cwd: string, text: string, conversationId?: string): Promise<Run> {
  const events: AgentEvent[] = [];
  const h = startAgentRun(
    adapter,
    { text, cwd, env: t.env, ...(conversationId ? { conversationId } : {}) },
    (e) => events.push(e),
    runOptions,
  );
  return { outcome: await h.outcome, events, pid: h.pid };
}

/** Runs `fn` with its own mock API and CODEX_HOME, both gone afterwards. */
async function withMock(
  fn: (mock: MockOpenAIServer, t: CodexTestEnv) => Promise<void>,
  responder: MockResponder = codexDirectiveResponder,
): Promise<void> {
  const mock = new MockOpenAIServer(responder);
  await mock.start();
  const t = codexTestEnv(mock.baseUrl);
  try {
    await fn(mock, t);
  } finally {
    await mock.stop();
    t.cleanup();
  }
}

const ofType = <T extends AgentEvent['type']>(events: AgentEvent[], type: T): Extract<AgentEvent, { type: T }>[] =>
  events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);

describe('real Codex CLI against the mock Responses API', { concurrency: true, timeout: 60_000 }, () => {
  test('text answer: ok, thread id from thread.started, result text, usage with cached tokens split out; a task starting with -- is text', async () => {
    const cached: MockResponder = (req) => {
      const reply = codexDirectiveResponder(req);
      return reply.kind === 'response' ? { ...reply, usage: { cached_tokens: 4096, reasoning_tokens: 7 } } : reply;
    };
    await withMock(async (mock, t) => {
      const r = await run(codex(), t, t.folder('ws'), '--help me');
      assert.equal(r.outcome.ok, true, JSON.stringify(r.outcome.failure));
      assert.match(r.outcome.conversationId ?? '', uuid);
      assert.equal(ofType(r.events, 'init')[0]?.conversationId, r.outcome.conversationId);
      assert.equal(r.outcome.resultText, 'Answer: --help me');
      assert.deepEqual(
        ofType(r.events, 'text').map((e) => e.text),
        ['Answer: --help me'],
      );
      // No warnings either: the model is in Codex's catalog.
      assert.deepEqual(ofType(r.events, 'error'), []);
      const [sent] = mock.sent;
      assert.ok(sent);
      const [usage] = ofType(r.events, 'usage');
      assert.equal(usage?.input_tokens, sent.usage.input_tokens - 4096, 'OpenAI input_tokens include the cached ones');
      assert.equal(usage?.cache_read_input_tokens, 4096);
      assert.equal(usage?.output_tokens, sent.usage.output_tokens);
      assert.equal(usage?.cumulative, true);
      const [req] = mock.responseRequests();
      assert.ok(req);
      assert.equal(req.headers.authorization, 'Bearer mock-key');
      assert.equal((req.body as { model?: unknown }).model, mockCodexModel);
      assert.equal((req.body as { stream?: unknown }).stream, true);
      assert.deepEqual(userTexts(req), ['--help me']);
      assert.deepEqual(mock.unknownRequests(), [], 'the CLI reached nothing but /v1/responses');
    }, cached);
  });

  test('workspace-write: a shell command and an apply_patch edit arrive as tool_use/tool_result with the file paths; nothing is left running', async () => {
    await withMock(async (mock, t) => {
      const folder = t.folder('ws');
      const adapter = codex({ sandbox: 'workspace-write' });
      const cmd = await run(adapter, t, folder, 'RUN printf hello > out.txt && cat out.txt');
      assert.equal(cmd.outcome.ok, true, JSON.stringify(cmd.outcome.failure));
      assert.equal(readFileSync(join(folder, 'out.txt'), 'utf8'), 'hello');
      const [use] = ofType(cmd.events, 'tool_use');
      assert.equal(use?.toolName, 'command_execution');
      assert.match(String(use?.input.command), /printf hello > out\.txt/);
      const [result] = ofType(cmd.events, 'tool_result');
      assert.equal(result?.toolId, use?.toolId);
      assert.equal(result?.isError, false);
      assert.equal(result?.text, 'hello');
      // The command's output went back to the model as the function call's output.
      assert.match(cmd.outcome.resultText ?? '', /^Ran it: [\s\S]*exited with code 0[\s\S]*hello/);
      assert.ok(cmd.pid);
      assert.deepEqual(processGroupMembers(cmd.pid), []);

      const failing = await run(adapter, t, folder, 'RUN exit 3');
      assert.equal(failing.outcome.ok, true, 'a failed command does not fail the turn');
      assert.equal(ofType(failing.events, 'tool_result')[0]?.isError, true);

      const patch = await run(adapter, t, folder, 'PATCH notes/todo.txt first line');
      assert.equal(patch.outcome.ok, true, JSON.stringify(patch.outcome.failure));
      assert.equal(readFileSync(join(folder, 'notes', 'todo.txt'), 'utf8'), 'first line\n');
      const [edit] = ofType(patch.events, 'tool_use');
      assert.equal(edit?.toolName, 'file_change');
      assert.deepEqual(edit?.files, [{ path: join(folder, 'notes', 'todo.txt'), access: 'edit' }]);
      assert.equal(ofType(patch.events, 'tool_result')[0]?.isError, false);
      assert.equal(patch.outcome.resultText, 'Wrote notes/todo.txt.');
      assert.equal(mock.responseRequests().length, 6, 'two model requests per tool turn');
    });
  });

  test("Codex's own default sandbox (read-only, no --sandbox): writes are refused and the model is told; a tool event, when the stream shows one, is an error", async () => {
    await withMock(async (mock, t) => {
      const folder = t.folder('ws');
      const patch = await run(codex(), t, folder, 'PATCH a.txt x');
      assert.equal(patch.outcome.ok, true);
      assert.equal(existsSync(join(folder, 'a.txt')), false);
      const cmd = await run(codex(), t, folder, 'RUN echo x > b.txt');
      assert.equal(cmd.outcome.ok, true);
      assert.equal(existsSync(join(folder, 'b.txt')), false);
      // Codex 0.169 mostly keeps a refused call out of its event stream, but not always (CI saw the
      // refused command as a command_execution item): whatever shows is a failed result.
      const results = [...patch.events, ...cmd.events].filter((e) => e.type === 'tool_result');
      assert.ok(
        results.every((e) => e.type === 'tool_result' && e.isError),
        JSON.stringify(results),
      );
      const outputs = mock
        .responseRequests()
        .map((r) => inputItems(r).at(-1))
        .filter((i) => i?.type !== 'message')
        .map((i) => String(i?.output));
      assert.equal(outputs.length, 2);
      assert.match(outputs[0] ?? '', /patch rejected: writing is blocked by read-only sandbox/);
      assert.match(outputs[1] ?? '', /Read-only file system/);
    });
  });

  test('resume: the second run continues the same thread, the model sees the first exchange, usage stays cumulative', async () => {
    await withMock(async (mock, t) => {
      const folder = t.folder('ws');
      const adapter = codex({ sandbox: 'workspace-write' });
      const first = await run(adapter, t, folder, 'first task');
      assert.equal(first.outcome.ok, true, JSON.stringify(first.outcome.failure));
      const thread = first.outcome.conversationId ?? '';
      const second = await run(adapter, t, folder, '-x second task', thread);
      assert.equal(second.outcome.ok, true, JSON.stringify(second.outcome.failure));
      assert.equal(second.outcome.conversationId, thread);
      assert.equal(second.outcome.resultText, 'Answer: -x second task');
      const last = mock.responseRequests().at(-1);
      assert.ok(last);
      assert.deepEqual(userTexts(last), ['first task', '-x second task']);
      assert.deepEqual(assistantTexts(last), ['Answer: first task']);
      // turn.completed carries the thread's running total, restored on resume.
      const [u1] = ofType(first.events, 'usage');
      const [u2] = ofType(second.events, 'usage');
      const sentIn = mock.sent.reduce((s, x) => s + x.usage.input_tokens, 0);
      assert.equal((u2?.input_tokens ?? 0) + (u2?.cache_read_input_tokens ?? 0), sentIn);
      assert.ok((u2?.input_tokens ?? 0) > (u1?.input_tokens ?? 0));
    });
  });

  test("API errors fail the run with the agent's message, without retries or a hang", async () => {
    await withMock(async (mock, t) => {
      const folder = t.folder('ws');
      const denied = await run(codex(), t, folder, 'FAIL 401');
      assert.equal(denied.outcome.failure?.kind, 'agent-error');
      assert.match(denied.outcome.failure?.reason ?? '', /401 Unauthorized: Mock failure 401/);
      assert.match(denied.outcome.conversationId ?? '', uuid);
      const broken = await run(codex(), t, folder, 'FAIL 500');
      assert.equal(broken.outcome.failure?.kind, 'agent-error');
      // Codex words 5xx answers itself; the mock's text is not shown.
      assert.ok((broken.outcome.failure?.reason ?? '').length > 0);
      assert.equal(mock.responseRequests().length, 2, 'request_max_retries = 0: one request per run');
    });
  });

  test('stop while the model is answering: the run ends as stopped and no Codex process is left', async () => {
    let requested: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => {
      requested = resolve;
    });
    const never: MockResponder = () => {
      requested();
      return new Promise(() => undefined);
    };
    await withMock(async (_mock, t) => {
      const h = startAgentRun(codex(), { text: 'hello', cwd: t.folder('ws'), env: t.env }, () => undefined, runOptions);
      await seen;
      await h.stop();
      const o = await h.outcome;
      assert.equal(o.failure?.kind, 'stopped');
      assert.ok(h.pid);
      assert.deepEqual(processGroupMembers(h.pid), []);
    }, never);
  });

  test("outside a git repository without --skip-git-repo-check: exit before init, Codex's reason in the stderr tail; with the option it runs", async () => {
    await withMock(async (mock, t) => {
      const folder = t.folder('plain', false);
      const refused = await run(codex(), t, folder, 'hello');
      assert.equal(refused.outcome.failure?.kind, 'exit-before-init');
      assert.ok(
        refused.outcome.failure?.stderrTail.some((l) =>
          /Not inside a trusted directory and --skip-git-repo-check was not specified/.test(l),
        ),
        JSON.stringify(refused.outcome.failure),
      );
      assert.match(refused.outcome.failure?.reason ?? '', /git repository.*agentAffinity\.codex\.skipGitRepoCheck/);
      assert.equal(mock.requests.length, 0);
      const ok = await run(codex({ skipGitRepoCheck: true }), t, folder, 'hello');
      assert.equal(ok.outcome.ok, true, JSON.stringify(ok.outcome.failure));
    });
  });

  test('a wrong base URL is a visible 404 naming the path, and fails the run', async () => {
    await withMock(async (mock, t) => {
      writeFileSync(join(t.codexHome, 'config.toml'), mockCodexConfig(`${mock.baseUrl}/nowhere`));
      const r = await run(codex(), t, t.folder('ws'), 'hello');
      assert.equal(r.outcome.failure?.kind, 'agent-error');
      assert.match(r.outcome.failure?.reason ?? '', /404 Not Found: mock OpenAI API: no route for POST \/v1\/nowhere\/responses/);
      assert.deepEqual(
        mock.unknownRequests().map((q) => q.path),
        ['/v1/nowhere/responses'],
      );
    });
  });

  test("rollout: the session log Codex wrote is found and gives the last request's usage against the window Codex reports", async () => {
    const usages = [
      { input_tokens: 12_000, cached_tokens: 0, output_tokens: 300, reasoning_tokens: 100 },
      { input_tokens: 12_400, cached_tokens: 11_900, output_tokens: 40, reasoning_tokens: 0 },
    ];
    const scripted: MockResponder = (req, server) => {
      const reply = codexDirectiveResponder(req);
      return reply.kind === 'response' ? { ...reply, usage: usages[server.sent.length] ?? {} } : reply;
    };
    await withMock(async (mock, t) => {
      const folder = t.folder('ws');
      const startedAt = new Date();
      const r = await run(codex({ sandbox: 'workspace-write' }), t, folder, 'RUN echo ok');
      assert.equal(r.outcome.ok, true, JSON.stringify(r.outcome.failure));
      const thread = r.outcome.conversationId ?? '';
      const file = await findCodexRollout(t.codexHome, thread, startedAt);
      assert.ok(file, `no rollout for ${thread} under ${t.codexHome}`);
      assert.equal(await findCodexRollout(t.codexHome, thread), file, 'found by walking too');
      const rollout = await readCodexRollout(file);
      assert.equal(rollout.threadId, thread);
      assert.equal(rollout.cwd, folder);
      assert.equal(rollout.model, mockCodexModel);
      assert.equal(rollout.garbageLines, 0);
      // The fill is the LAST request (cached included), not the turn's sum the stream reports.
      assert.equal(rollout.fill.source, 'usage');
      assert.equal(rollout.fill.usedTokens, 12_400 + 40);
      const reported = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"token_count"'))
        .map((l) => (JSON.parse(l) as { payload: { info: { model_context_window: number } } }).payload.info.model_context_window);
      assert.equal(rollout.fill.window, reported.at(-1));
      assert.equal(rollout.fill.windowSource, 'agent');
      assert.deepEqual(rollout.totals, {
        inputTokens: 12_000 + 12_400 - 11_900,
        outputTokens: 340,
        cacheCreationTokens: 0,
        cacheReadTokens: 11_900,
      });
      const [streamed] = ofType(r.events, 'usage');
      assert.equal((streamed?.input_tokens ?? 0) + (streamed?.cache_read_input_tokens ?? 0), 24_400, 'the stream gives the turn sum');
      assert.equal(mock.sent.length, 2);
    }, scripted);
  });
});
