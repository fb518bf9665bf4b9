// Long tasks and tasks holding NUL: the adapters pass a task past the argv limit (or with NUL)
// through stdin and never as a flag; the generic Command agent cannot read stdin, so it refuses
// such a task before starting anything, and in a session the task fails with the reason. (The
// real Claude Code, Codex and Gemini CLIs reading them: test/integration/agents/longTasks.test.ts.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClaudeAdapter } from '../../../src/core/agents/claudeAdapter';
import { CodexAdapter } from '../../../src/core/agents/codexAdapter';
import { CommandAdapter } from '../../../src/core/agents/commandAdapter';
import { GEMINI_STDIN_LIMIT_BYTES, GeminiAdapter } from '../../../src/core/agents/geminiAdapter';
import { ARGV_TASK_LIMIT_BYTES, InvalidTaskError, formatBytes } from '../../../src/core/agents/taskInput';
import { SessionManager } from '../../../src/core/sessions/sessionManager';
import { InMemorySessionRepository } from '../../../src/core/sessions/sessionRepository';
import { LONG, NUL_TASK, run } from '../../support/agents/longTasks';

describe('long tasks through stdin', () => {
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
