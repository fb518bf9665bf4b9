// The session manager's queueing, parallelism, dependencies, persistence and reload, with a
// scripted driver (no processes).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CommandAdapter } from '../../../src/core/agents/commandAdapter';
import { SessionManager } from '../../../src/core/sessions/sessionManager';
import { InMemorySessionRepository } from '../../../src/core/sessions/sessionRepository';
import { ManualDrivers } from '../../support/sessions/manualDriver';

function setup(
  maxParallel = 4,
  repo = new InMemorySessionRepository(),
): { m: SessionManager; drivers: ManualDrivers; repo: InMemorySessionRepository } {
  const drivers = new ManualDrivers();
  let clock = 1_000;
  const m = new SessionManager({
    repository: repo,
    adapters: { command: new CommandAdapter('echo') },
    maxParallel,
    createDriver: () => drivers.driver(),
    now: () => ++clock,
  });
  return { m, drivers, repo };
}

describe('session manager (scripted driver)', () => {
  test('a task runs: starting → running → idle, conversation id and working set stored', async () => {
    const { m, drivers, repo } = setup();
    const states: string[] = [];
    m.on('stateChanged', (e) => states.push(e.to));
    const s = m.createSession({ name: 'auth', agent: 'command', folder: '/w', specialty: { label: 'Auth', globs: ['src/auth/**'] } });
    const t = m.sendTask(s.id, { text: 'do it' });
    const [run] = await drivers.started(1);
    assert.ok(run);
    assert.equal(run.req.cwd, '/w');
    run.emit({ type: 'init', conversationId: 'conv-1', tools: [] });
    run.emit({
      type: 'tool_use',
      toolId: 't1',
      toolName: 'Write',
      input: {},
      files: [{ path: '/w/src/auth/a.ts', access: 'edit' }],
      isSidechain: false,
    });
    run.finish({ ok: true, conversationId: 'conv-1', resultText: 'done' });
    const finished = await m.waitForTask(t.id);
    assert.equal(finished.status, 'succeeded');
    assert.equal(finished.resultText, 'done');
    assert.deepEqual(states, ['starting', 'running', 'idle']);
    await m.flush();
    const stored = repo.get(s.id);
    assert.equal(stored?.conversationId, 'conv-1');
    assert.equal(stored?.state, 'idle');
    assert.deepEqual(
      stored?.workingSet.map((w) => [w.path, w.edits]),
      [['src/auth/a.ts', 1]],
    );
    assert.equal(stored?.history[0]?.attempts, 1);
    const transcript = await m.transcript(s.id);
    assert.deepEqual(
      transcript.map((e) => e.item.type),
      ['task_start', 'init', 'tool_use', 'task_end'],
    );
    assert.ok(transcript.every((e) => e.taskId === t.id));
  });

  test('queued tasks run by priority; a failed dependency skips its dependent with the reason', async () => {
    const { m, drivers } = setup();
    const s = m.createSession({ name: 'a', agent: 'command', folder: '/w' });
    const first = m.sendTask(s.id, { text: 'first' });
    await drivers.started(1);
    const low = m.sendTask(s.id, { text: 'low', priority: 1 });
    const high = m.sendTask(s.id, { text: 'high', priority: 5 });
    const dependent = m.sendTask(s.id, { text: 'needs first', priority: 9, dependsOn: [first.id] });
    drivers.runs[0]?.finish({ ok: false, failure: { kind: 'agent-error', reason: 'API error', stderrTail: [] } });
    const skipped = await m.waitForTask(dependent.id);
    assert.equal(skipped.status, 'skipped');
    assert.equal(skipped.error, `not started: dependency ${first.id} failed`);
    await drivers.started(2);
    assert.equal(drivers.runs[1]?.req.text, 'high');
    drivers.runs[1]?.finish({});
    await drivers.started(3);
    assert.equal(drivers.runs[2]?.req.text, 'low');
    drivers.runs[2]?.finish({});
    assert.equal((await m.waitForTask(low.id)).status, 'succeeded');
    assert.equal((await m.waitForTask(high.id)).status, 'succeeded');
    // An agent error fails the task but the session carries on.
    assert.equal(m.get(s.id)?.state, 'idle');
    const failed = m.get(s.id)?.history.find((t) => t.id === first.id);
    assert.equal(failed?.status, 'failed');
    assert.equal(failed?.retryable, true);
  });

  test('at most maxParallel sessions run at once; the others wait and then run', async () => {
    const { m, drivers } = setup(2);
    let running = 0;
    let peak = 0;
    m.on('taskStarted', () => {
      running += 1;
      peak = Math.max(peak, running);
    });
    m.on('taskFinished', () => {
      running -= 1;
    });
    const sessions = [1, 2, 3, 4, 5].map((i) => m.createSession({ name: `s${i}`, agent: 'command', folder: `/w${i}` }));
    const tasks = sessions.map((s) => m.sendTask(s.id, { text: `task ${s.name}` }));
    await drivers.started(2);
    assert.equal(drivers.runs.length, 2);
    for (let i = 0; i < 5; i++) {
      await drivers.started(i + 1);
      drivers.runs[i]?.finish({});
    }
    for (const t of tasks) assert.equal((await m.waitForTask(t.id)).status, 'succeeded');
    assert.equal(peak, 2);
  });

  test('a crash fails the session with the reason; the task is kept and can be retried; the queued one fails as not started', async () => {
    const { m, drivers } = setup();
    const s = m.createSession({ name: 'a', agent: 'command', folder: '/w' });
    const t = m.sendTask(s.id, { text: 'x' });
    const queued = m.sendTask(s.id, { text: 'later' });
    (await drivers.started(1))[0]?.finish({
      ok: false,
      failure: { kind: 'crash', reason: 'crashed (killed by SIGSEGV)', stderrTail: ['boom'] },
    });
    const failed = await m.waitForTask(t.id);
    assert.equal(failed.status, 'failed');
    assert.deepEqual(failed.stderrTail, ['boom']);
    const rec = m.get(s.id);
    assert.equal(rec?.state, 'failed');
    assert.equal(rec?.lastError?.reason, 'crashed (killed by SIGSEGV)');
    // Nothing waits without a word behind a failed session: the queued task failed, not started, with the reason.
    assert.deepEqual(rec?.queue, []);
    const notStarted = rec?.history.find((q) => q.id === queued.id);
    assert.deepEqual(
      [notStarted?.status, notStarted?.attempts, notStarted?.retryable, notStarted?.error],
      ['failed', 0, true, 'not started: the session a failed: crashed (killed by SIGSEGV)'],
    );
    const again = m.retryTask(s.id, t.id);
    assert.equal(again.id, t.id);
    (await drivers.started(2))[1]?.finish({});
    assert.equal((await m.waitForTask(t.id)).attempts, 2);
    assert.throws(() => m.retryTask(s.id, 'nope'), /not in the history/);
  });

  test('reload: every session is stopped, interrupted tasks failed and retryable; a new task resumes the conversation', async () => {
    const repo = new InMemorySessionRepository();
    const a = setup(4, repo);
    const s = a.m.createSession({ name: 'a', agent: 'command', folder: '/w' });
    const t1 = a.m.sendTask(s.id, { text: 'one' });
    (await a.drivers.started(1))[0]?.finish({ conversationId: 'conv-a' });
    await a.m.waitForTask(t1.id);
    const t2 = a.m.sendTask(s.id, { text: 'interrupted' });
    await a.drivers.started(2);
    await a.m.flush();

    const b = setup(4, repo);
    const loaded = await b.m.load();
    assert.deepEqual(
      loaded.map((x) => x.state),
      ['stopped'],
    );
    const interrupted = loaded[0]?.history.find((t) => t.id === t2.id);
    assert.equal(interrupted?.status, 'failed');
    assert.equal(interrupted?.retryable, true);
    b.m.sendTask(s.id, { text: 'after reload' });
    const [run] = await b.drivers.started(1);
    assert.equal(run?.req.conversationId, 'conv-a');
    assert.equal(b.m.get(s.id)?.state, 'starting');
  });

  test('stop while running: stopping → stopped, task failed as stopped; rename and delete', async () => {
    const { m, drivers, repo } = setup();
    const s = m.createSession({ name: 'a', agent: 'command', folder: '/w' });
    const t = m.sendTask(s.id, { text: 'long' });
    await drivers.started(1);
    await m.stopSession(s.id);
    assert.equal(m.get(s.id)?.state, 'stopped');
    const task = await m.waitForTask(t.id);
    assert.equal(task.status, 'failed');
    assert.equal(task.error, 'stopped by the user');
    m.renameSession(s.id, 'renamed');
    assert.equal(m.get(s.id)?.name, 'renamed');
    await m.deleteSession(s.id);
    assert.equal(m.get(s.id), undefined);
    assert.equal(repo.get(s.id), undefined);
    assert.throws(() => m.sendTask(s.id, { text: 'x' }), /No session/);
  });

  test("a dependency on another session's task waits for it, then runs", async () => {
    const { m, drivers } = setup();
    const a = m.createSession({ name: 'a', agent: 'command', folder: '/a' });
    const b = m.createSession({ name: 'b', agent: 'command', folder: '/b' });
    const ta = m.sendTask(a.id, { text: 'schema' });
    const tb = m.sendTask(b.id, { text: 'uses schema', dependsOn: [ta.id] });
    await drivers.started(1);
    assert.equal(m.get(b.id)?.state, 'idle');
    assert.equal(m.get(b.id)?.queue[0]?.id, tb.id);
    drivers.runs[0]?.finish({});
    const [, runB] = await drivers.started(2);
    assert.equal(runB?.req.text, 'uses schema');
    runB?.finish({});
    assert.equal((await m.waitForTask(tb.id)).status, 'succeeded');
  });

  test('cancelling a queued task; illegal operations are refused with a reason', async () => {
    const { m, drivers } = setup();
    const s = m.createSession({ name: 'a', agent: 'command', folder: '/w' });
    m.sendTask(s.id, { text: 'running' });
    await drivers.started(1);
    const queued = m.sendTask(s.id, { text: 'queued' });
    m.cancelTask(s.id, queued.id);
    assert.equal((await m.waitForTask(queued.id)).status, 'cancelled');
    assert.throws(() => m.cancelTask(s.id, queued.id), /not queued/);
    assert.throws(
      () => m.retryTask(s.id, drivers.runs.length ? (m.get(s.id)?.history[0]?.id ?? '') : ''),
      /only failed, skipped or cancelled/,
    );
    drivers.runs[0]?.finish({});
  });

  test('settings can change after creation; null clears them; the next task uses them', async () => {
    const { m, drivers } = setup();
    const s = m.createSession({ name: 'a', agent: 'command', folder: '/w', model: 'old' });
    const updated = m.updateSession(s.id, {
      model: 'new',
      permissionMode: 'acceptEdits',
      specialty: { label: 'UI', globs: ['webview-ui/**'] },
    });
    assert.deepEqual([updated.model, updated.permissionMode, updated.specialty?.label], ['new', 'acceptEdits', 'UI']);
    m.updateSession(s.id, { specialty: null });
    assert.equal('specialty' in (m.get(s.id) ?? {}), false);
    m.sendTask(s.id, { text: 'x' });
    const [run] = await drivers.started(1);
    assert.deepEqual([run?.req.model, run?.req.permissionMode], ['new', 'acceptEdits']);
    run?.finish({});
  });

  test('unknown agent kinds are refused at creation; a Command agent without a command line names the setting', () => {
    const { m } = setup();
    assert.throws(() => m.createSession({ name: 'x', agent: 'gemini', folder: '/w' }), /No adapter configured/);
    const none = new SessionManager({ repository: new InMemorySessionRepository(), adapters: {} });
    assert.throws(() => none.createSession({ name: 'x', agent: 'command', folder: '/w' }), /set agentAffinity\.command\.commandLine/);
  });

  test('a changed adapter or new driver options reach a session that already ran: its next task gets a new driver, the old one is stopped', async () => {
    const adapters = { command: new CommandAdapter('echo') };
    const built: { adapter: unknown; stopped: boolean }[] = [];
    const drivers = new ManualDrivers();
    const m = new SessionManager({
      repository: new InMemorySessionRepository(),
      adapters,
      createDriver: (adapter) => {
        const d = drivers.driver();
        const entry = { adapter, stopped: false };
        built.push(entry);
        return {
          ...d,
          stop: async () => {
            entry.stopped = true;
          },
        };
      },
    });
    const s = m.createSession({ name: 'a', agent: 'command', folder: '/w' });
    const run = async (n: number): Promise<void> => {
      const t = m.sendTask(s.id, { text: `task ${n}` });
      (await drivers.started(n))[n - 1]?.finish({});
      await m.waitForTask(t.id);
    };
    await run(1);
    await run(2);
    assert.equal(built.length, 1, 'the same adapter keeps its driver (a warm agent stays warm)');
    const fixed = new CommandAdapter('echo fixed');
    adapters.command = fixed;
    await run(3);
    assert.equal(built.length, 2);
    assert.equal(built[1]?.adapter, fixed);
    assert.equal(built[0]?.stopped, true);
    m.setDriverOptions({ longLivedClaude: false });
    await run(4);
    assert.equal(built.length, 3);
    assert.equal(built[1]?.stopped, true);
  });

  test("a run gets the session's allowed tools and the extra ones, without duplicates; a throwing provider adds none", async () => {
    const drivers = new ManualDrivers();
    let extra: () => string[] | undefined = () => ['Bash(make *)', 'Read'];
    const m = new SessionManager({
      repository: new InMemorySessionRepository(),
      adapters: { command: new CommandAdapter('echo') },
      createDriver: () => drivers.driver(),
      runAllowedTools: () => extra(),
    });
    const s = m.createSession({ name: 'a', agent: 'command', folder: '/w', allowedTools: ['Read'] });
    m.sendTask(s.id, { text: 'one' });
    const [first] = await drivers.started(1);
    assert.deepEqual(first?.req.allowedTools, ['Read', 'Bash(make *)']);
    first?.finish({});
    await m.waitForTask(m.get(s.id)?.history[0]?.id ?? '');
    extra = () => {
      throw new Error('unreadable');
    };
    m.sendTask(s.id, { text: 'two' });
    const runs = await drivers.started(2);
    assert.deepEqual(runs[1]?.req.allowedTools, ['Read']);
    runs[1]?.finish({});
  });

  test('several permission requests in one task: the session waits until the last is answered; an unknown one is refused', async () => {
    const { m, drivers } = setup();
    const states: string[] = [];
    const s = m.createSession({ name: 'asks', agent: 'command', folder: '/w' });
    m.on('stateChanged', (e) => {
      if (e.sessionId === s.id) states.push(e.to);
    });
    const t = m.sendTask(s.id, { text: 'two tools' });
    const [run] = await drivers.started(1);
    assert.ok(run);
    run.emit({ type: 'permission_request', requestId: 'r1', toolName: 'Bash', input: { command: 'ls' }, files: [] });
    run.emit({ type: 'permission_request', requestId: 'r2', toolName: 'Write', input: { file_path: '/w/a' }, files: [] });
    assert.equal(m.get(s.id)?.state, 'waiting');
    assert.throws(() => m.answerPermission(s.id, 'r9', { allow: true }), /no pending permission request r9/);
    m.answerPermission(s.id, 'r2', { allow: false, message: 'no' });
    assert.equal(m.get(s.id)?.state, 'waiting', 'r1 is still pending');
    assert.throws(() => m.answerPermission(s.id, 'r2', { allow: true }), /no pending permission request r2/);
    m.answerPermission(s.id, 'r1', { allow: true });
    assert.equal(m.get(s.id)?.state, 'running');
    assert.deepEqual(run.answers, [
      { requestId: 'r2', decision: { allow: false, message: 'no' } },
      { requestId: 'r1', decision: { allow: true } },
    ]);
    run.finish({});
    await m.waitForTask(t.id);
    assert.deepEqual(states, ['starting', 'running', 'waiting', 'running', 'idle']);
    assert.throws(() => m.answerPermission(s.id, 'r1', { allow: true }), /not waiting/);
  });

  test('a session that would be an unusable record is refused at creation and at update; nothing is saved', async () => {
    const { m, repo } = setup();
    // The protocol validates requests too; the manager must not depend on it (the CLI and other features call it).
    const bad = { name: 'x', agent: 'command', folder: '/w', specialty: 'x' } as unknown as Parameters<SessionManager['createSession']>[0];
    assert.throws(() => m.createSession(bad), /Session "x" was not created: specialty: expected an object, found a string/);
    assert.deepEqual(m.list(), []);
    const s = m.createSession({ name: 'ok', agent: 'command', folder: '/w', specialty: { label: 'A', globs: ['a/**'] } });
    const badPatch = { specialty: { label: 'B', globs: 'b/**' } } as unknown as Parameters<SessionManager['updateSession']>[1];
    assert.throws(() => m.updateSession(s.id, badPatch), /was not changed: specialty: globs: expected a list, found a string/);
    assert.deepEqual(m.get(s.id)?.specialty, { label: 'A', globs: ['a/**'] });
    m.updateSession(s.id, { specialty: null, model: 'm1' });
    await m.flush();
    assert.equal(repo.get(s.id)?.specialty, undefined);
    assert.equal(repo.get(s.id)?.model, 'm1');
    assert.equal(repo.saves > 0, true);
  });
});
