// Long tasks and tasks holding NUL reach the model intact through stdin, with the REAL Claude Code,
// Codex and Gemini CLIs against their mock APIs: a 1 MB task used to fail with a bare
// "spawn E2BIG" (Linux refuses one argument past 128 KiB). Short tasks keep their argv. The
// generic Command agent cannot read stdin: it refuses such a task before starting anything.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AgentAdapter, AgentTaskRequest } from '../../../src/core/agents/agentAdapter';
import type { AgentEvent } from '../../../src/core/agents/agentEvents';
import { ClaudeAdapter } from '../../../src/core/agents/claudeAdapter';
import { ClaudeLiveProcess } from '../../../src/core/agents/claudeLiveProcess';
import { CodexAdapter } from '../../../src/core/agents/codexAdapter';
import { CommandAdapter } from '../../../src/core/agents/commandAdapter';
import { GEMINI_STDIN_LIMIT_BYTES, GeminiAdapter } from '../../../src/core/agents/geminiAdapter';
import { startAgentRun } from '../../../src/core/agents/processRunner';
import type { RunOutcome } from '../../../src/core/agents/runTracker';
import { ARGV_TASK_LIMIT_BYTES, InvalidTaskError, formatBytes } from '../../../src/core/agents/taskInput';
import { SessionManager } from '../../../src/core/sessions/sessionManager';
import { InMemorySessionRepository } from '../../../src/core/sessions/sessionRepository';
import { claudeTestEnv, realClaudePath } from '../../support/mockAnthropic/claudeEnv';
import { directiveResponder, userTexts as claudeUserTexts } from '../../support/mockAnthropic/directiveResponder';
import { MockAnthropicServer, type MockRequest as ClaudeRequest } from '../../support/mockAnthropic/mockServer';
import { codexDirectiveResponder, userTexts as codexUserTexts } from '../../support/mockOpenAI/codexDirectives';
import { codexTestEnv, realCodexPath } from '../../support/mockOpenAI/codexEnv';
import { MockOpenAIServer, type MockRequest as CodexRequest } from '../../support/mockOpenAI/mockServer';
import { directiveResponder as geminiDirectives, userTexts as geminiUserTexts } from '../../support/mockGemini/directiveResponder';
import { geminiTestEnv, realGeminiPath } from '../../support/mockGemini/geminiEnv';
import { MockGeminiServer, type MockGeminiRequest } from '../../support/mockGemini/mockServer';

const runOptions = { idleTimeoutMs: 60_000, killGraceMs: 1_000 };

/** About 1 MB of varied text that starts like a flag and holds non-ASCII characters. */
function longTask(): string {
  const lines = ['--help is not a flag here'];
  for (let i = 0; lines.join('\n').length < 1_000_000; i++) lines.push(`line ${i}: résumé ✓ ${'abcdefghij'.repeat(6)} -- "quoted" $HOME`);
  return lines.join('\n');
}
const LONG = longTask();
const NUL_TASK = 'before\u0000after';

/** "Received <n> characters" for a long or NUL task (the model's answer stays small), else the directives. */
function sizeAnswer(task: string | undefined): string | undefined {
  return task !== undefined && (task.length > 100_000 || task.includes('\u0000')) ? `Received ${task.length} characters` : undefined;
}

async function run(adapter: AgentAdapter, req: AgentTaskRequest): Promise<{ outcome: RunOutcome; events: AgentEvent[] }> {
  const events: AgentEvent[] = [];
  const outcome = await startAgentRun(adapter, req, (e) => events.push(e), runOptions).outcome;
  return { outcome, events };
}

describe('long tasks through stdin (real CLIs, mock APIs)', { concurrency: true, timeout: 180_000 }, () => {
  test('the spec: argv up to the limit, stdin past it or with NUL; the task never becomes a flag', () => {
    const cwd = '/w';
    const short = '--version';
    const at = 'x'.repeat(ARGV_TASK_LIMIT_BYTES);
    const claude = new ClaudeAdapter();
    assert.deepEqual(claude.commandFor({ text: short, cwd }).args.slice(-2), ['--', short]);
    assert.equal(claude.commandFor({ text: at, cwd }).stdin, undefined, 'at the limit: still argv');
    const long = claude.commandFor({ text: `${at}y`, cwd });
    assert.equal(long.stdin, `${at}y`);
    assert.ok(!long.args.includes('--') && !long.args.some((a) => a.includes(at)), 'no prompt argument at all');
    const codex = new CodexAdapter().commandFor({ text: LONG, cwd, conversationId: 'abc' });
    assert.deepEqual(codex.args.slice(-4), ['resume', 'abc', '--', '-']);
    assert.equal(codex.stdin, LONG);
    const gemini = new GeminiAdapter().commandFor({ text: NUL_TASK, cwd });
    assert.ok(!gemini.args.some((a) => a.startsWith('--prompt')), JSON.stringify(gemini.args));
    assert.equal(gemini.stdin, NUL_TASK);
    assert.deepEqual(new GeminiAdapter().commandFor({ text: short, cwd }).args[0], `--prompt=${short}`);
    assert.throws(
      () => new GeminiAdapter().commandFor({ text: 'x'.repeat(GEMINI_STDIN_LIMIT_BYTES + 1), cwd }),
      (e: unknown) => e instanceof InvalidTaskError && /The task is 8\.4 MB; Gemini CLI reads at most 8\.4 MB of a task/.test(e.message),
    );
  });

  test('Claude Code one-shot and long-lived: a 1 MB task and a task with NUL reach the API intact', async () => {
    const mock = new MockAnthropicServer((req: ClaudeRequest) => {
      const said = sizeAnswer(claudeUserTexts(req).at(-1));
      return said ? { kind: 'message', blocks: [{ type: 'text', text: said }] } : directiveResponder(req);
    });
    await mock.start();
    const t = claudeTestEnv(mock.url);
    const adapter = new ClaudeAdapter({ executable: realClaudePath });
    try {
      const cwd = t.folder('ws');
      const long = await run(adapter, { text: LONG, cwd, env: t.env });
      assert.equal(long.outcome.ok, true, JSON.stringify(long.outcome.failure));
      assert.equal(long.outcome.resultText, `Received ${LONG.length} characters`);
      assert.equal(claudeUserTexts(mock.messageRequests().at(-1) ?? ({} as ClaudeRequest)).at(-1), LONG);
      const nul = await run(adapter, { text: NUL_TASK, cwd, env: t.env });
      assert.equal(nul.outcome.ok, true, JSON.stringify(nul.outcome.failure));
      assert.equal(claudeUserTexts(mock.messageRequests().at(-1) ?? ({} as ClaudeRequest)).at(-1), NUL_TASK);

      const live = new ClaudeLiveProcess(adapter, { cwd, env: t.env }, runOptions);
      try {
        const o = await live.runTask(LONG, () => undefined).outcome;
        assert.equal(o.ok, true, JSON.stringify(o.failure));
        assert.equal(claudeUserTexts(mock.messageRequests().at(-1) ?? ({} as ClaudeRequest)).at(-1), LONG);
      } finally {
        await live.stop();
      }
    } finally {
      await mock.stop();
      t.cleanup();
    }
  });

  test('Codex: a 1 MB task, on a new thread and resuming one, reaches the API intact', async () => {
    const mock = new MockOpenAIServer((req: CodexRequest) => {
      const said = sizeAnswer(codexUserTexts(req).at(-1));
      return said ? { kind: 'response', items: [{ type: 'message', text: said }] } : codexDirectiveResponder(req);
    });
    await mock.start();
    const t = codexTestEnv(mock.baseUrl);
    const adapter = new CodexAdapter({ executable: realCodexPath });
    try {
      const cwd = t.folder('ws');
      const first = await run(adapter, { text: LONG, cwd, env: t.env });
      assert.equal(first.outcome.ok, true, JSON.stringify(first.outcome.failure));
      assert.equal(first.outcome.resultText, `Received ${LONG.length} characters`);
      assert.equal(codexUserTexts(mock.responseRequests().at(-1) ?? ({} as CodexRequest)).at(-1), LONG);
      const again = await run(adapter, { text: NUL_TASK, cwd, env: t.env, conversationId: first.outcome.conversationId ?? '' });
      assert.equal(again.outcome.ok, true, JSON.stringify(again.outcome.failure));
      assert.equal(again.outcome.conversationId, first.outcome.conversationId);
      assert.equal(codexUserTexts(mock.responseRequests().at(-1) ?? ({} as CodexRequest)).at(-1), NUL_TASK);
    } finally {
      await mock.stop();
      t.cleanup();
    }
  });

  test('Gemini CLI: a 1 MB task reaches the API intact, and a task with NUL resuming the session', async () => {
    const mock = new MockGeminiServer(async (req: MockGeminiRequest) => {
      const said = sizeAnswer(geminiUserTexts(req).at(-1));
      return said ? { kind: 'answer', parts: [{ text: said }] } : geminiDirectives(req);
    });
    await mock.start();
    const t = geminiTestEnv(mock.url);
    const adapter = new GeminiAdapter({ executable: realGeminiPath });
    try {
      const cwd = t.folder('ws');
      const long = await run(adapter, { text: LONG, cwd, env: t.env });
      assert.equal(long.outcome.ok, true, JSON.stringify(long.outcome.failure));
      assert.equal(long.outcome.resultText, `Received ${LONG.length} characters`);
      assert.equal(geminiUserTexts(mock.modelRequests().at(-1) ?? ({} as MockGeminiRequest)).at(-1), LONG);
      const again = await run(adapter, { text: NUL_TASK, cwd, env: t.env, conversationId: long.outcome.conversationId ?? '' });
      assert.equal(again.outcome.ok, true, JSON.stringify(again.outcome.failure));
      assert.equal(again.outcome.conversationId, long.outcome.conversationId, 'resumed, the task through stdin');
      assert.deepEqual(geminiUserTexts(mock.modelRequests().at(-1) ?? ({} as MockGeminiRequest)).slice(-2), [LONG, NUL_TASK]);
    } finally {
      await mock.stop();
      t.cleanup();
    }
  });

  test('the Command agent refuses a task it cannot pass, before starting anything, naming the limit and the setting', async () => {
    const adapter = new CommandAdapter(['node', '-e', 'process.stdout.write(process.argv[1].length + "")', '{task}']);
    for (const [text, why] of [
      [LONG, new RegExp(`The task is 1(\\.\\d)? MB, more than the ${formatBytes(ARGV_TASK_LIMIT_BYTES)} a command line can carry`)],
      [NUL_TASK, /The task contains a NUL character, which a command line cannot carry/],
    ] as const) {
      assert.throws(
        () => adapter.commandFor({ text, cwd: '/w' }),
        (e: unknown) => e instanceof InvalidTaskError && why.test(e.message) && /agentAffinity\.command\.commandLine/.test(e.message),
      );
    }
    const ok = await run(adapter, { text: 'x'.repeat(50_000), cwd: process.cwd() });
    assert.equal(ok.outcome.ok, true, JSON.stringify(ok.outcome.failure));
    assert.equal(ok.outcome.resultText ?? ok.events.map((e) => (e.type === 'text' ? e.text : '')).join(''), '50000');
  });

  test('in a session: the refused task fails with the reason, not retryable, and the session runs its next task', async () => {
    const m = new SessionManager({
      repository: new InMemorySessionRepository(),
      adapters: { command: new CommandAdapter([process.execPath, '-e', 'process.stdout.write("ran " + process.argv[1])', '{task}']) },
    });
    try {
      const s = m.createSession({ name: 'cmd', agent: 'command', folder: process.cwd() });
      const big = m.sendTask(s.id, { text: LONG });
      const next = m.sendTask(s.id, { text: 'small' });
      const r = await m.waitForTask(big.id);
      assert.equal(r.status, 'failed');
      assert.match(r.error ?? '', /a command line can carry.*agentAffinity\.command\.commandLine/);
      assert.equal(r.retryable, false);
      assert.equal((await m.waitForTask(next.id)).status, 'succeeded');
      assert.equal(m.get(s.id)?.state, 'idle');
      assert.equal(m.get(s.id)?.lastError, undefined);
    } finally {
      await m.dispose();
    }
  });
});
