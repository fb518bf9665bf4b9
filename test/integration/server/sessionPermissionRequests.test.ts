// An agent's question before using a tool, end to end through the orchestrator with the REAL Claude
// Code CLI against the mock Messages API: the host is told (tool, what it would do), the session
// waits, and only an answer over the protocol lets the tool run; a bad or stale answer is refused;
// a stopped task withdraws its question; with agentAffinity.claude.askForPermissions off (or
// one-shot runs) the tool is refused as before, and nobody is asked.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AnswerApprovalRequest,
  ListApprovalsRequest,
  ApprovalRequestedNotification,
  ApprovalSettledNotification,
  type AnswerApprovalParams,
  type ApprovalRequest,
  type ApprovalSettledParams,
} from '../../../src/protocol/approvals';
import {
  CreateSessionRequest,
  ListSessionsRequest,
  SendTaskRequest,
  StopSessionRequest,
  type TaskSummary,
} from '../../../src/protocol/sessions';
import type { OrchestratorSettings } from '../../../src/protocol/settings';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../src/protocol/settings';
import { realClaudePath } from '../../support/mockAnthropic/claudeEnv';
import { directiveResponder } from '../../support/mockAnthropic/directiveResponder';
import { startWorkspaceOrchestrator, type WorkspaceOrchestrator } from '../../support/workspaceOrchestrator';
import { claudeServerSuite } from '../../support/mockAnthropic/claudeServerSuite';

describe('permission requests (orchestrator, real Claude Code CLI)', { timeout: 180_000 }, () => {
  const claude = claudeServerSuite(directiveResponder);

  interface Asking extends WorkspaceOrchestrator {
    /** The workspace folder (sessions run in it). */
    folder: string;
    asked: ApprovalRequest[];
    settled: ApprovalSettledParams[];
    run(sessionId: string, text: string): Promise<TaskSummary>;
    finishedTask(id: string): Promise<TaskSummary>;
    question(sessionId: string): Promise<ApprovalRequest>;
  }

  async function start(name: string, patch: Partial<OrchestratorSettings> = {}): Promise<Asking> {
    const folder = claude.env.folder(name);
    const w = await startWorkspaceOrchestrator(claude.started, {
      storage: claude.env.folder(`storage-${name}`),
      folders: [folder],
      settings: {
        ...defaultSettings,
        executables: { ...defaultSettings.executables, claude: realClaudePath },
        environment: { claude: claude.env.env },
        ...patch,
      },
    });
    const asked: ApprovalRequest[] = [];
    const settled: ApprovalSettledParams[] = [];
    w.o.connection.onNotification(ApprovalRequestedNotification.method, (p: ApprovalRequest) => void asked.push(p));
    w.o.connection.onNotification(ApprovalSettledNotification.method, (p: ApprovalSettledParams) => void settled.push(p));
    const finishedTask = async (id: string): Promise<TaskSummary> => {
      await w.waitFor(
        () => w.finished.some((x) => x.id === id),
        60_000,
        () => JSON.stringify(w.finished),
      );
      const done = w.finished.find((x) => x.id === id);
      assert.ok(done);
      return done;
    };
    return {
      ...w,
      folder,
      asked,
      settled,
      finishedTask,
      run: async (sessionId, text) => finishedTask((await w.o.request(SendTaskRequest, { sessionId, text })).id),
      question: async (sessionId) => {
        await w.waitFor(
          () => asked.some((a) => a.sessionId === sessionId && !settled.some((s) => s.requestId === a.requestId)),
          60_000,
          () => JSON.stringify({ asked, settled, finished: w.finished }),
        );
        const q = asked.find((a) => a.sessionId === sessionId && !settled.some((s) => s.requestId === a.requestId));
        assert.ok(q);
        return q;
      },
    };
  }

  test('the session waits; allow writes the file, deny does not; bad and stale answers are refused; a stop withdraws the question', async () => {
    const a = await start('ask');
    const folder = a.folder;
    const { o } = a;
    const s = (await o.request(CreateSessionRequest, { name: 'asker', agent: 'claude', folder })).session;
    assert.equal(s.permissionMode, 'default');

    const yes = join(folder, 'yes.txt');
    const write = await o.request(SendTaskRequest, { sessionId: s.id, text: `WRITE ${yes} granted` });
    const q = await a.question(s.id);
    assert.deepEqual([q.sessionName, q.toolName, q.detail, q.taskId], ['asker', 'Write', 'yes.txt', write.id]);
    assert.equal((await o.request(ListSessionsRequest, undefined)).find((x) => x.id === s.id)?.state, 'waiting');
    assert.deepEqual(
      (await o.request(ListApprovalsRequest, undefined)).map((r) => r.requestId),
      [q.requestId],
    );
    assert.equal(existsSync(yes), false, 'nothing is written before the answer');
    // Bad input is refused with what is wrong; the question stays.
    await assert.rejects(
      o.request(AnswerApprovalRequest, { sessionId: s.id, requestId: 'nope', allow: true }),
      /has no pending permission request nope/,
    );
    await assert.rejects(
      o.request(AnswerApprovalRequest, { sessionId: 's-missing', requestId: q.requestId, allow: true }),
      /There is no session s-missing/,
    );
    await assert.rejects(
      o.request(AnswerApprovalRequest, { sessionId: s.id, requestId: q.requestId, allow: 'yes' } as unknown as AnswerApprovalParams),
      /invalid parameters: allow: .*expected boolean/,
    );
    await assert.rejects(
      o.request(AnswerApprovalRequest, null as unknown as AnswerApprovalParams),
      /affinity\/approvals\/answer: invalid parameters/,
    );
    const answered = await o.request(AnswerApprovalRequest, { sessionId: s.id, requestId: q.requestId, allow: true });
    assert.equal(answered.requestId, q.requestId);
    const done = await a.finishedTask(write.id);
    assert.equal(done.status, 'succeeded', done.error);
    assert.equal(done.resultText, `Wrote ${yes}.`);
    assert.equal(readFileSync(yes, 'utf8'), 'granted');
    assert.deepEqual(
      a.settled.find((x) => x.requestId === q.requestId),
      { sessionId: s.id, requestId: q.requestId, outcome: 'allowed' },
    );
    // Answered once: a second answer is refused.
    await assert.rejects(
      o.request(AnswerApprovalRequest, { sessionId: s.id, requestId: q.requestId, allow: true }),
      /no pending permission request.*answered already, or its task ended/,
    );

    const bash = await o.request(SendTaskRequest, { sessionId: s.id, text: 'BASH touch denied-file' });
    const qb = await a.question(s.id);
    assert.deepEqual([qb.toolName, qb.detail], ['Bash', 'touch denied-file']);
    await o.request(AnswerApprovalRequest, { sessionId: s.id, requestId: qb.requestId, allow: false, message: 'not in this repository' });
    const denied = await a.finishedTask(bash.id);
    assert.match(denied.resultText ?? '', /^The tool failed: .*not in this repository/);
    assert.equal(existsSync(join(folder, 'denied-file')), false);
    assert.equal(a.settled.find((x) => x.requestId === qb.requestId)?.outcome, 'denied');

    // Stopping the session withdraws its question; nothing is written.
    const never = join(folder, 'never.txt');
    const stopped = await o.request(SendTaskRequest, { sessionId: s.id, text: `WRITE ${never} no` });
    const qs = await a.question(s.id);
    await o.request(StopSessionRequest, { sessionId: s.id });
    await a.finishedTask(stopped.id);
    assert.equal(a.settled.find((x) => x.requestId === qs.requestId)?.outcome, 'withdrawn');
    assert.deepEqual(await o.request(ListApprovalsRequest, undefined), []);
    await assert.rejects(
      o.request(AnswerApprovalRequest, { sessionId: s.id, requestId: qs.requestId, allow: true }),
      /no pending permission request/,
    );
    assert.equal(existsSync(never), false);
    assert.equal(await o.close(), 0);
  });

  test('several sessions ask at once; each question is answered on its own', async () => {
    const a = await start('many');
    const folder = a.folder;
    const { o } = a;
    const sessions = await Promise.all(
      ['one', 'two', 'three'].map((name) => o.request(CreateSessionRequest, { name, agent: 'claude', folder }).then((r) => r.session)),
    );
    const tasks = await Promise.all(
      sessions.map((s) => o.request(SendTaskRequest, { sessionId: s.id, text: `WRITE ${join(folder, `${s.name}.txt`)} by ${s.name}` })),
    );
    const questions = await Promise.all(sessions.map((s) => a.question(s.id)));
    assert.equal((await o.request(ListApprovalsRequest, undefined)).length, 3);
    assert.deepEqual(
      (await o.request(ListSessionsRequest, undefined)).map((x) => x.state),
      ['waiting', 'waiting', 'waiting'],
    );
    // Answered out of order: the second is denied, the others allowed.
    for (const i of [2, 0, 1]) {
      const q = questions[i];
      assert.ok(q);
      await o.request(AnswerApprovalRequest, { sessionId: q.sessionId, requestId: q.requestId, allow: i !== 1 });
    }
    const done = await Promise.all(tasks.map((t) => a.finishedTask(t.id)));
    assert.deepEqual(
      done.map((t) => t.resultText),
      [`Wrote ${join(folder, 'one.txt')}.`, 'The tool failed.', `Wrote ${join(folder, 'three.txt')}.`],
    );
    assert.deepEqual(
      ['one', 'two', 'three'].map((n) => existsSync(join(folder, `${n}.txt`))),
      [true, false, true],
    );
    assert.equal(await o.close(), 0);
  });

  for (const [name, patch] of [
    ['the setting off', { claudeAskForPermissions: false }],
    ['one-shot runs', { claudeLongLived: false }],
  ] as const) {
    test(`with ${name} nobody is asked: the tool is refused as before`, async () => {
      const a = await start(`off-${name.replace(/\W/g, '')}`, patch);
      const folder = a.folder;
      const s = (await a.o.request(CreateSessionRequest, { name: 'quiet', agent: 'claude', folder })).session;
      const refused = await a.run(s.id, 'BASH touch refused-file');
      assert.match(refused.resultText ?? '', /^The tool failed: .*(needs approval|requested permissions)/, refused.resultText);
      assert.equal(existsSync(join(folder, 'refused-file')), false);
      assert.deepEqual(a.asked, []);
      assert.equal(await a.o.close(), 0);
    });
  }
});
