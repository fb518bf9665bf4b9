// Fault injection for the process runner and the long-lived Claude process, with a fake CLI.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { AgentEvent } from '../../../src/core/agents/agentEvents';
import { ClaudeAdapter } from '../../../src/core/agents/claudeAdapter';
import { ClaudeLiveProcess } from '../../../src/core/agents/claudeLiveProcess';
import { startAgentRun } from '../../../src/core/agents/processRunner';
import type { RunOptions } from '../../../src/core/agents/runOptions';
import { CommandAdapter } from '../../../src/core/agents/commandAdapter';
import { fakeClaudeAdapter, processExists } from '../../support/fakeAgents/fakeAgents';

const cwd = mkdtempSync(join(tmpdir(), 'aa-runner-'));
after(() => rmSync(cwd, { recursive: true, force: true }));
const fast: RunOptions = { idleTimeoutMs: 5_000, killGraceMs: 500, maxGarbageLines: 50 };

/** True once `pid` is gone (or a zombie), polling for up to `ms`. */
async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (processExists(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

async function run(
  task: string,
  options: RunOptions = fast,
): Promise<{ events: AgentEvent[]; outcome: Awaited<ReturnType<typeof startAgentRun>['outcome']> }> {
  const events: AgentEvent[] = [];
  const h = startAgentRun(fakeClaudeAdapter(), { text: task, cwd }, (e) => events.push(e), options);
  return { events, outcome: await h.outcome };
}

describe('process runner (one-shot) with a fake agent', { timeout: 30_000 }, () => {
  test('a normal run reports events and the conversation id', async () => {
    const { events, outcome } = await run('ok hello');
    assert.equal(outcome.ok, true);
    assert.match(outcome.conversationId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(outcome.resultText, 'Answer: ok hello');
    assert.deepEqual(
      events.map((e) => e.type),
      ['init', 'text', 'usage', 'done'],
    );
  });

  test('the task text is never read as a flag', async () => {
    const { outcome } = await run('--version --help');
    assert.equal(outcome.resultText, 'Answer: --version --help');
  });

  test('crash mid-stream → failed (crash) with the last stderr lines', async () => {
    const { events, outcome } = await run('crash');
    assert.equal(outcome.ok, false);
    assert.equal(outcome.failure?.kind, 'crash');
    assert.match(outcome.failure?.reason ?? '', /SIGKILL/);
    assert.deepEqual(outcome.failure?.stderrTail, ['panic: something went wrong']);
    assert.ok(events.some((e) => e.type === 'text'));
  });

  test('hang past the idle timeout → failed (timeout), process killed', async () => {
    const { outcome } = await run('hang', { ...fast, idleTimeoutMs: 300 });
    assert.equal(outcome.failure?.kind, 'timeout');
    assert.match(outcome.failure?.reason ?? '', /no output for 300 ms/);
  });

  test('garbage output → failed (garbage) once past the limit', async () => {
    const { events, outcome } = await run('garbage');
    assert.equal(outcome.failure?.kind, 'garbage');
    assert.ok(outcome.garbageLines > 50);
    assert.match(outcome.failure?.reason ?? '', /not its event format/);
    assert.ok(events.some((e) => e.type === 'garbage'));
  });

  test('exit before init → failed (exit-before-init) with stderr', async () => {
    const { outcome } = await run('exit-before-init');
    assert.equal(outcome.failure?.kind, 'exit-before-init');
    assert.match(outcome.failure?.reason ?? '', /code 2 before it started/);
    assert.deepEqual(outcome.failure?.stderrTail, ['fatal: configuration is broken']);
  });

  test('clean exit without a result → failed (no-result)', async () => {
    const { outcome } = await run('no-result');
    assert.equal(outcome.failure?.kind, 'no-result');
  });

  test('a thousand-line burst is parsed completely', async () => {
    const { events, outcome } = await run('burst');
    assert.equal(outcome.ok, true);
    assert.equal(events.filter((e) => e.type === 'text').length, 1001);
    assert.equal(events.filter((e) => e.type === 'usage').length, 1001);
  });

  test('a missing executable names the setting and how to install', async () => {
    const events: AgentEvent[] = [];
    const h = startAgentRun(new ClaudeAdapter({ executable: '/nonexistent/claude' }), { text: 'x', cwd }, (e) => events.push(e));
    const o = await h.outcome;
    assert.equal(o.failure?.kind, 'missing-executable');
    assert.match(o.failure?.reason ?? '', /agentAffinity\.claude\.path/);
    assert.match(o.failure?.reason ?? '', /npm i -g @anthropic-ai\/claude-code/);
  });

  test('a missing folder is named as such, not as a missing executable', async () => {
    const o = await startAgentRun(fakeClaudeAdapter(), { text: 'ok', cwd: join(cwd, 'gone') }, () => undefined).outcome;
    assert.equal(o.failure?.kind, 'spawn-error');
    assert.match(o.failure?.reason ?? '', /folder .*gone does not exist/);
  });

  test('stop ends the whole process tree (no orphan child)', async () => {
    let childPid = 0;
    let resolveChild: () => void = () => undefined;
    const sawChild = new Promise<void>((r) => {
      resolveChild = r;
    });
    const h = startAgentRun(
      fakeClaudeAdapter(),
      { text: 'spawn-child', cwd },
      (e) => {
        if (e.type === 'text' && e.text.startsWith('child ')) {
          childPid = Number(e.text.slice(6));
          resolveChild();
        }
      },
      fast,
    );
    await sawChild;
    assert.ok(processExists(childPid));
    await h.stop();
    const o = await h.outcome;
    assert.equal(o.failure?.kind, 'stopped');
    // Killed, both: a SIGKILLed process may still wait for the CPU to die on a loaded machine, so
    // each gets a moment to go (a process left running would still be there after it).
    assert.equal(await goneWithin(h.pid ?? 0, 3_000), true, 'the agent must be gone');
    assert.equal(await goneWithin(childPid, 3_000), true, "the agent's child process must be gone");
  });

  test('generic command: output as text, exit code decides', async () => {
    const ok = await new Promise<{ texts: string[]; ok: boolean }>((resolve) => {
      const texts: string[] = [];
      const h = startAgentRun(
        new CommandAdapter([process.execPath, '-e', 'console.log(process.argv[1])', '--', '{task}']),
        { text: '--not-a-flag x', cwd },
        (e) => {
          if (e.type === 'text') texts.push(e.text);
        },
      );
      void h.outcome.then((o) => resolve({ texts, ok: o.ok }));
    });
    assert.deepEqual(ok, { texts: ['--not-a-flag x'], ok: true });
    const failed = await startAgentRun(new CommandAdapter([process.execPath, '-e', 'process.exit(4)']), { text: 'x', cwd }, () => undefined)
      .outcome;
    assert.equal(failed.failure?.kind, 'exit-code');
  });
});

describe('long-lived Claude process with a fake agent', { timeout: 30_000 }, () => {
  test('two tasks share one process; a crash fails only its task; the next resumes the conversation', async () => {
    const live = new ClaudeLiveProcess(fakeClaudeAdapter(), { cwd }, fast);
    const first = await live.runTask('ok one', () => undefined).outcome;
    assert.equal(first.ok, true);
    const pid = live.pid;
    assert.ok(live.warm);
    const second = await live.runTask('ok two', () => undefined).outcome;
    assert.equal(second.ok, true);
    assert.equal(live.pid, pid, 'same process');
    assert.equal(second.conversationId, first.conversationId);
    const crashed = await live.runTask('crash', () => undefined).outcome;
    assert.equal(crashed.failure?.kind, 'crash');
    assert.equal(live.warm, false);
    const events: AgentEvent[] = [];
    const third = await live.runTask('ok three', (e) => events.push(e)).outcome;
    assert.equal(third.ok, true);
    assert.notEqual(live.pid, pid, 'a fresh process');
    // The fake CLI reuses the id given with --resume=<id> and mints a new one otherwise.
    assert.equal(third.conversationId, first.conversationId, 'resumed with --resume=<id>');
    assert.ok(events.some((e) => e.type === 'init'));
    await live.stop();
    assert.equal(live.warm, false);
  });

  test('hang in a warm process → timeout; stop during a task → stopped', async () => {
    const live = new ClaudeLiveProcess(fakeClaudeAdapter(), { cwd }, { ...fast, idleTimeoutMs: 300 });
    const hung = await live.runTask('hang', () => undefined).outcome;
    assert.equal(hung.failure?.kind, 'timeout');
    const live2 = new ClaudeLiveProcess(fakeClaudeAdapter(), { cwd }, fast);
    const h = live2.runTask('slow:5000', () => undefined);
    await new Promise((r) => setTimeout(r, 100));
    await h.stop();
    assert.equal((await h.outcome).failure?.kind, 'stopped');
    assert.throws(() => {
      live2.runTask('ok', () => undefined);
      live2.runTask('ok', () => undefined);
    }, /already running/);
    await live2.stop();
  });

  test('a permission request pauses the idle timeout until it is answered', async () => {
    // The timeout has room for a slow start of the fake CLI on a loaded machine (CI failed at
    // 800 ms before the request was even made); the answer still comes well after it.
    const live = new ClaudeLiveProcess(fakeClaudeAdapter(), { cwd }, { ...fast, idleTimeoutMs: 2_000 });
    try {
      const asked: string[] = [];
      const run = live.runTask('ask', (e) => {
        if (e.type !== 'permission_request') return;
        asked.push(e.toolName);
        // Answer well after the idle timeout: a person takes their time.
        setTimeout(() => run.respond?.(e.requestId, { allow: true }), 3_000);
      });
      const o = await run.outcome;
      assert.equal(o.ok, true, o.failure?.reason);
      assert.equal(o.resultText, 'allowed');
      assert.deepEqual(asked, ['Write']);
      const denied = live.runTask('ask', (e) => {
        if (e.type === 'permission_request') denied.respond?.(e.requestId, { allow: false, message: 'nope' });
      });
      assert.equal((await denied.outcome).resultText, 'denied: nope');
      assert.throws(() => live.respond('unknown', { allow: true }), /No pending permission request/);
    } finally {
      await live.stop();
    }
  });
});
