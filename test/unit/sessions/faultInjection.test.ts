// Faults at the session level, with the fake Claude CLI, in both process modes: each fault
// leaves the session in a clear state, the task failed and retryable, and nothing hangs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SessionManager } from '../../../src/core/sessions/sessionManager';
import { InMemorySessionRepository } from '../../../src/core/sessions/sessionRepository';
import { fakeClaudeAdapter } from '../../support/fakeAgents/fakeAgents';

/** Runs `fn` with a manager on a fresh folder; always stops every agent afterwards. */
async function withManager(
  longLivedClaude: boolean,
  idleTimeoutMs: number,
  fn: (m: SessionManager, folder: string) => Promise<void>,
): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'aa-fault-'));
  const m = new SessionManager({
    repository: new InMemorySessionRepository(),
    adapters: { claude: fakeClaudeAdapter() },
    env: { claude: { FAKE_STATE_DIR: folder } },
    driverOptions: { longLivedClaude, runOptions: { idleTimeoutMs, killGraceMs: 300, maxGarbageLines: 50 } },
  });
  try {
    await fn(m, folder);
  } finally {
    await m.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
}

const faults: Array<{ task: string; kind: RegExp }> = [
  { task: 'crash', kind: /crashed \(killed by SIGKILL\)/ },
  { task: 'hang', kind: /no output for 2500 ms/ },
  { task: 'garbage', kind: /not its event format/ },
  { task: 'exit-before-init', kind: /before it started/ },
  { task: 'no-result', kind: /without reporting a result|exited with code 0/ },
];

for (const longLived of [true, false]) {
  describe(`session faults (${longLived ? 'long-lived' : 'one-shot'} process)`, { concurrency: true, timeout: 30_000 }, () => {
    for (const f of faults) {
      test(`${f.task}: session failed with the reason, task failed and retryable; the queued task failed as not started, with the reason, and Resume runs it`, async () => {
        await withManager(longLived, f.task === 'hang' ? 2500 : 10_000, async (m, folder) => {
          const s = m.createSession({ name: f.task, agent: 'claude', folder });
          const t = m.sendTask(s.id, { text: f.task });
          const next = m.sendTask(s.id, { text: 'ok next' });
          const r = await m.waitForTask(t.id);
          assert.equal(r.status, 'failed');
          assert.match(r.error ?? '', f.kind);
          assert.equal(r.retryable, true);
          const rec = m.get(s.id);
          assert.equal(rec?.state, 'failed');
          assert.match(rec?.lastError?.reason ?? '', f.kind);
          // Nothing waits without a word: the task queued behind the failure is failed, not started, with the reason.
          assert.deepEqual(rec?.queue, []);
          const notStarted = await m.waitForTask(next.id);
          assert.equal(notStarted.status, 'failed');
          assert.equal(notStarted.attempts, 0);
          assert.match(notStarted.error ?? '', new RegExp(`^not started: the session ${f.task} failed: `));
          assert.match(notStarted.error ?? '', f.kind);
          assert.equal(notStarted.retryable, true);
          // Resume: the queued task runs again (a fresh process, resuming the conversation when one started).
          m.resumeSession(s.id);
          assert.equal((await m.waitForTask(next.id)).status, 'succeeded');
          assert.equal(m.get(s.id)?.state, 'idle');
          assert.equal(m.get(s.id)?.lastError, undefined);
        });
      });
    }

    test('crash once, then a retry succeeds on the same conversation', async () => {
      await withManager(longLived, 10_000, async (m, folder) => {
        const s = m.createSession({ name: 'retry', agent: 'claude', folder });
        const first = m.sendTask(s.id, { text: 'ok first' });
        await m.waitForTask(first.id);
        const conv = m.get(s.id)?.conversationId;
        const t = m.sendTask(s.id, { text: 'crash-once' });
        assert.equal((await m.waitForTask(t.id)).status, 'failed');
        assert.deepEqual(m.get(s.id)?.history.find((x) => x.id === t.id)?.stderrTail, ['panic: first attempt']);
        m.retryTask(s.id, t.id);
        const again = await m.waitForTask(t.id);
        assert.equal(again.status, 'succeeded');
        assert.equal(again.attempts, 2);
        assert.equal(m.get(s.id)?.conversationId, conv);
      });
    });

    test('a non-zero exit with tasks queued behind it: they fail at once with the reason, retryable, and a retry runs each', async () => {
      await withManager(longLived, 10_000, async (m, folder) => {
        const s = m.createSession({ name: 'exits', agent: 'claude', folder });
        const crash = m.sendTask(s.id, { text: 'crash-once' });
        const queued = [m.sendTask(s.id, { text: 'ok one' }), m.sendTask(s.id, { text: 'ok two' }), m.sendTask(s.id, { text: 'ok three' })];
        const failed = await m.waitForTask(crash.id);
        assert.match(failed.error ?? '', /exited with code 3/);
        for (const q of queued) {
          const r = await m.waitForTask(q.id);
          assert.equal(r.status, 'failed');
          assert.match(r.error ?? '', /^not started: the session exits failed: Claude Code exited with code 3/);
          assert.equal(r.retryable, true);
        }
        assert.equal(m.get(s.id)?.state, 'failed');
        m.retryTask(s.id, queued[1]?.id ?? '');
        assert.equal((await m.waitForTask(queued[1]?.id ?? '')).status, 'succeeded');
        // The session works again; Resume has nothing of its own to restart, the others stay failed until retried.
        assert.equal(m.get(s.id)?.state, 'idle');
        m.retryTask(s.id, queued[0]?.id ?? '');
        m.retryTask(s.id, crash.id);
        assert.equal((await m.waitForTask(queued[0]?.id ?? '')).status, 'succeeded');
        assert.equal((await m.waitForTask(crash.id)).status, 'succeeded');
        assert.equal(m.get(s.id)?.history.find((t) => t.id === queued[2]?.id)?.status, 'failed');
      });
    });

    test('Resume after a failure queues the not-started tasks again, in their order', async () => {
      await withManager(longLived, 10_000, async (m, folder) => {
        const s = m.createSession({ name: 'resume', agent: 'claude', folder });
        const crash = m.sendTask(s.id, { text: 'crash' });
        const a = m.sendTask(s.id, { text: 'ok a' });
        const b = m.sendTask(s.id, { text: 'ok b' });
        await m.waitForTask(crash.id);
        assert.equal((await m.waitForTask(b.id)).status, 'failed');
        const order: string[] = [];
        m.on('taskStarted', (e) => order.push(e.task.id));
        m.resumeSession(s.id);
        assert.equal((await m.waitForTask(a.id)).status, 'succeeded');
        assert.equal((await m.waitForTask(b.id)).status, 'succeeded');
        assert.deepEqual(order, [a.id, b.id]);
        assert.equal(
          m.get(s.id)?.history.find((t) => t.id === crash.id)?.status,
          'failed',
          'the task that failed itself waits for a retry',
        );
      });
    });

    test('a thousand-line burst completes and the session stays healthy', async () => {
      await withManager(longLived, 10_000, async (m, folder) => {
        let texts = 0;
        m.on('agentEvent', (e) => {
          if (e.event.type === 'text') texts += 1;
        });
        const s = m.createSession({ name: 'burst', agent: 'claude', folder });
        const t = m.sendTask(s.id, { text: 'burst' });
        assert.equal((await m.waitForTask(t.id)).status, 'succeeded');
        assert.equal(texts, 1001);
        assert.equal(m.get(s.id)?.state, 'idle');
      });
    });
  });
}
