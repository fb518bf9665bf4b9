// The agents' questions before a tool, over a real session manager whose agent the test plays: a
// question is announced (tool, what it would do), the session waits, and only an answer lets the
// run go on; a bad or stale answer is refused with why; a stopped session, a finished task or a
// deleted session withdraws its questions; several sessions ask at once and each question is
// answered on its own. (The real Claude Code CLI asking through the orchestrator's protocol:
// test/integration/server/sessionPermissionRequests.test.ts.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AgentEvent } from '../../../src/core/agents/agentEvents';
import { ApprovalQueue, type Approval, type ApprovalSettlement } from '../../../src/core/approvals/approvalQueue';
import { manualSessions, type ManualSessions } from '../../support/sessions/manualSessions';
import type { ManualRun } from '../../support/sessions/manualDriver';

const folder = '/w/project';

interface Asking extends ManualSessions {
  queue: ApprovalQueue;
  asked: Approval[];
  settled: { sessionId: string; requestId: string; outcome: ApprovalSettlement; reason?: string }[];
  logs: string[];
}

function start(): Asking {
  const sessions = manualSessions();
  const logs: string[] = [];
  let clock = 1_000;
  const queue = new ApprovalQueue(
    sessions.manager,
    (m) => void logs.push(m),
    () => ++clock,
  );
  const asked: Approval[] = [];
  const settled: Asking['settled'] = [];
  queue.onRequested((a) => void asked.push(a));
  queue.onSettled((s) => void settled.push(s));
  return { ...sessions, queue, asked, settled, logs };
}

/** Claude Code's `can_use_tool` question, as its parser reports it. */
function ask(requestId: string, toolName: string, input: Record<string, unknown>): AgentEvent {
  return { type: 'permission_request', requestId, toolName, input, files: [] };
}

/** Sends `text` to the session and has its agent ask `question`; the run, waiting. */
async function asking(a: Asking, sessionId: string, text: string, question: AgentEvent): Promise<{ run: ManualRun; taskId: string }> {
  const task = a.manager.sendTask(sessionId, { text });
  const run = await a.drivers.run((r) => r.sessionId === sessionId && r.req.text === text);
  run.emit(question);
  return { run, taskId: task.id };
}

describe('approval queue (scripted agent)', () => {
  test('the session waits; allow and deny reach the agent; bad and stale answers are refused; a stop withdraws the question', async () => {
    const a = start();
    const { manager, queue } = a;
    try {
      const s = manager.createSession({ name: 'asker', agent: 'claude', folder });
      const yes = join(folder, 'yes.txt');
      const write = await asking(a, s.id, `WRITE ${yes} granted`, ask('req-1', 'Write', { file_path: yes, content: 'granted' }));
      const [q] = a.asked;
      assert.ok(q);
      assert.deepEqual([q.sessionName, q.toolName, q.detail, q.taskId, q.requestId], ['asker', 'Write', 'yes.txt', write.taskId, 'req-1']);
      assert.equal(manager.get(s.id)?.state, 'waiting');
      assert.deepEqual(
        queue.list().map((r) => r.requestId),
        ['req-1'],
      );
      assert.deepEqual(write.run.answers, [], 'nothing is answered for the person');
      // Bad input is refused with what is wrong; the question stays.
      assert.throws(() => queue.answer({ sessionId: s.id, requestId: 'nope', allow: true }), /has no pending permission request nope/);
      assert.throws(() => queue.answer({ sessionId: 's-missing', requestId: q.requestId, allow: true }), /There is no session s-missing/);
      assert.equal(queue.list().length, 1);
      const answered = queue.answer({ sessionId: s.id, requestId: q.requestId, allow: true });
      assert.equal(answered.requestId, q.requestId);
      assert.deepEqual(write.run.answers, [{ requestId: 'req-1', decision: { allow: true } }]);
      assert.equal(manager.get(s.id)?.state, 'running');
      assert.deepEqual(
        a.settled.find((x) => x.requestId === q.requestId),
        { sessionId: s.id, requestId: q.requestId, outcome: 'allowed' },
      );
      // Answered once: a second answer is refused.
      assert.throws(
        () => queue.answer({ sessionId: s.id, requestId: q.requestId, allow: true }),
        /no pending permission request.*answered already, or its task ended/,
      );
      write.run.finish({ resultText: `Wrote ${yes}.` });
      assert.equal((await manager.waitForTask(write.taskId)).status, 'succeeded');

      const bash = await asking(a, s.id, 'BASH touch denied-file', ask('req-2', 'Bash', { command: 'touch denied-file' }));
      const qb = a.asked.at(-1);
      assert.deepEqual([qb?.toolName, qb?.detail], ['Bash', 'touch denied-file']);
      queue.answer({ sessionId: s.id, requestId: 'req-2', allow: false, message: 'not in this repository' });
      assert.deepEqual(bash.run.answers, [{ requestId: 'req-2', decision: { allow: false, message: 'not in this repository' } }]);
      assert.equal(a.settled.find((x) => x.requestId === 'req-2')?.outcome, 'denied');
      assert.ok(
        a.logs.some((l) => l === 'session asker: Bash denied (touch denied-file)'),
        a.logs.join('\n'),
      );
      bash.run.finish({ resultText: 'The tool failed: not in this repository' });
      await manager.waitForTask(bash.taskId);

      // Stopping the session withdraws its question; nothing is answered.
      const stopped = await asking(a, s.id, 'WRITE never.txt no', ask('req-3', 'Write', { file_path: join(folder, 'never.txt') }));
      await manager.stopSession(s.id);
      assert.equal(a.settled.find((x) => x.requestId === 'req-3')?.outcome, 'withdrawn');
      assert.deepEqual(queue.list(), []);
      assert.throws(() => queue.answer({ sessionId: s.id, requestId: 'req-3', allow: true }), /no pending permission request/);
      assert.deepEqual(stopped.run.answers, []);
      assert.equal((await manager.waitForTask(stopped.taskId)).failureKind, 'stopped');
    } finally {
      await manager.dispose();
    }
  });

  test('several sessions ask at once; each question is answered on its own, out of order', async () => {
    const a = start();
    const { manager, queue } = a;
    try {
      const sessions = ['one', 'two', 'three'].map((name) => manager.createSession({ name, agent: 'claude', folder }));
      const runs = await Promise.all(
        sessions.map((s, i) =>
          asking(a, s.id, `WRITE ${s.name}.txt`, ask(`req-${i}`, 'Write', { file_path: join(folder, `${s.name}.txt`) })),
        ),
      );
      assert.equal(queue.list().length, 3);
      assert.deepEqual(
        sessions.map((s) => manager.get(s.id)?.state),
        ['waiting', 'waiting', 'waiting'],
      );
      // The oldest question first.
      assert.deepEqual(
        queue.list().map((q) => q.sessionName),
        ['one', 'two', 'three'],
      );
      for (const i of [2, 0, 1]) {
        const s = sessions[i];
        assert.ok(s);
        queue.answer({ sessionId: s.id, requestId: `req-${i}`, allow: i !== 1 });
      }
      assert.deepEqual(
        runs.map((r) => r.run.answers.map((x) => x.decision.allow)),
        [[true], [false], [true]],
      );
      assert.deepEqual(
        a.settled.map((x) => [x.requestId, x.outcome]),
        [
          ['req-2', 'allowed'],
          ['req-0', 'allowed'],
          ['req-1', 'denied'],
        ],
      );
      for (const r of runs) r.run.finish({});
      await Promise.all(runs.map((r) => manager.waitForTask(r.taskId)));
    } finally {
      await manager.dispose();
    }
  });

  test("a task that ends and a session deleted withdraw their questions, with why; another session's stay", async () => {
    const a = start();
    const { manager, queue } = a;
    try {
      const ended = manager.createSession({ name: 'ended', agent: 'claude', folder });
      const deleted = manager.createSession({ name: 'deleted', agent: 'claude', folder });
      const kept = manager.createSession({ name: 'kept', agent: 'claude', folder });
      const e = await asking(a, ended.id, 'task e', ask('req-e', 'Bash', { command: 'npm test' }));
      await asking(a, deleted.id, 'task d', ask('req-d', 'Bash', { command: 'npm test' }));
      await asking(a, kept.id, 'task k', ask('req-k', 'Bash', { command: 'npm test' }));
      e.run.finish({ ok: false, failure: { kind: 'agent-error', reason: 'API error', stderrTail: [] } });
      await manager.waitForTask(e.taskId);
      await manager.deleteSession(deleted.id);
      assert.deepEqual(
        a.settled.map((x) => [x.requestId, x.outcome, x.reason]),
        [
          ['req-e', 'withdrawn', 'its task failed'],
          ['req-d', 'withdrawn', 'the session was stopped'],
        ],
      );
      assert.deepEqual(
        queue.list().map((q) => q.requestId),
        ['req-k'],
      );
    } finally {
      await manager.dispose();
    }
  });
});
