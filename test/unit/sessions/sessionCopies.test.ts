// Session copies share what cannot change: a finished task is copied once, frozen, and shared by
// every later copy of its session (listeners, callers and saves), while each copy's own fields,
// queue, working set and unfinished tasks stay its own; a finished task edited after all is copied
// afresh. The manager hands out such copies, so a long history is not copied per change.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CommandAdapter } from '../../../src/core/agents/commandAdapter';
import { SessionCopies } from '../../../src/core/sessions/sessionCopies';
import { SessionManager } from '../../../src/core/sessions/sessionManager';
import { InMemorySessionRepository } from '../../../src/core/sessions/sessionRepository';
import type { SessionRecord, TaskRecord } from '../../../src/core/sessions/sessionTypes';
import { ManualDrivers } from '../../support/sessions/manualDriver';

const task = (id: string, status: TaskRecord['status']): TaskRecord => ({
  id,
  text: `task ${id}`,
  priority: 0,
  dependsOn: ['x'],
  status,
  createdAt: 1,
  attempts: 1,
  ...(status === 'failed' ? { error: 'boom', stderrTail: ['e'], finishedAt: 2 } : {}),
});

const record = (): SessionRecord => ({
  id: 's-1',
  name: 'a',
  agent: 'command',
  folder: '/w',
  state: 'running',
  queue: [task('q', 'queued')],
  history: [task('a', 'succeeded'), task('b', 'failed'), task('r', 'running')],
  workingSet: [{ path: 'f.ts', reads: 1, edits: 0, firstAt: 1, lastAt: 1, lastAccess: 'read' }],
  specialty: { label: 'ui', globs: ['ui/**'] },
  createdAt: 1,
  lastActivityAt: 1,
});

describe('session copies', () => {
  test('finished tasks are copied once, frozen and shared; the rest is each copy’s own', () => {
    const copies = new SessionCopies();
    const live = record();
    const one = copies.session(live);
    const two = copies.session(live);
    assert.deepEqual(one, live);
    assert.equal(one.history[0], two.history[0]);
    assert.equal(one.history[1], two.history[1]);
    assert.notEqual(one.history[0], live.history[0]);
    assert.ok(Object.isFrozen(one.history[0]) && Object.isFrozen(one.history[1]?.stderrTail) && Object.isFrozen(one.history[0]?.dependsOn));
    assert.throws(() => ((one.history[0] as TaskRecord).status = 'failed'));
    // The running and queued tasks, the arrays and the session's own fields are fresh per copy.
    assert.notEqual(one.history[2], two.history[2]);
    assert.notEqual(one.queue[0], two.queue[0]);
    assert.notEqual(one.history, two.history);
    assert.notEqual(one.workingSet[0], two.workingSet[0]);
    assert.notEqual(one.specialty, two.specialty);
    one.history.pop();
    one.name = 'changed';
    (one.specialty as { globs: string[] }).globs.push('more/**');
    assert.equal(two.history.length, 3);
    assert.equal(live.name, 'a');
    assert.deepEqual(live.specialty?.globs, ['ui/**']);
  });

  test('a finished task edited after all is copied afresh', () => {
    const copies = new SessionCopies();
    const live = record();
    const before = copies.session(live).history[1];
    Object.assign(live.history[1] as TaskRecord, { error: 'other', finishedAt: 3 });
    const after = copies.session(live).history[1];
    assert.notEqual(after, before);
    assert.equal(after?.error, 'other');
    assert.equal(before?.error, 'boom');
  });

  test('the manager hands out and saves copies sharing the finished tasks, never its own records', async () => {
    const drivers = new ManualDrivers();
    const saved: SessionRecord[] = [];
    const repo = new InMemorySessionRepository();
    const save = repo.save.bind(repo);
    repo.save = async (r: SessionRecord): Promise<void> => {
      saved.push(r);
      return save(r);
    };
    const m = new SessionManager({
      repository: repo,
      adapters: { command: new CommandAdapter('echo') },
      createDriver: () => drivers.driver(),
    });
    const changed: SessionRecord[] = [];
    m.on('sessionChanged', ({ session }) => changed.push(session));
    const s = m.createSession({ name: 'a', agent: 'command', folder: '/w' });
    for (let i = 0; i < 3; i++) {
      const t = m.sendTask(s.id, { text: `t${i}` });
      (await drivers.started(i + 1))[i]?.finish({});
      await m.waitForTask(t.id);
    }
    await m.flush();
    const a = m.get(s.id);
    const b = m.list()[0];
    const first = a?.history[0];
    assert.equal(first?.status, 'succeeded');
    assert.equal(b?.history[0], first);
    assert.equal(changed.at(-1)?.history[0], first);
    assert.equal(saved.at(-1)?.history[0], first);
    assert.ok(Object.isFrozen(first));
    // A caller's copy is its own: changing it changes nothing the manager holds.
    a?.history.splice(0);
    if (a) a.name = 'x';
    assert.equal(m.get(s.id)?.history.length, 3);
    assert.equal(m.get(s.id)?.name, 'a');
  });

  test('a working view: what the session works with, a copy, without its tasks', () => {
    const m = new SessionManager({ repository: new InMemorySessionRepository(), adapters: { command: new CommandAdapter('echo') } });
    const s = m.createSession({ name: 'a', agent: 'command', folder: '/w', specialty: { label: 'ui', globs: ['ui/**'] } });
    const view = m.workingView(s.id);
    assert.deepEqual(view, {
      id: s.id,
      name: 'a',
      agent: 'command',
      folder: '/w',
      specialty: { label: 'ui', globs: ['ui/**'] },
      workingSet: [],
    });
    assert.ok(view && !('history' in view) && !('queue' in view));
    view?.workingSet.push({ path: 'x', reads: 1, edits: 0, firstAt: 1, lastAt: 1, lastAccess: 'read' });
    view?.specialty?.globs.push('more/**');
    assert.deepEqual(m.get(s.id)?.workingSet, []);
    assert.deepEqual(m.get(s.id)?.specialty?.globs, ['ui/**']);
    assert.equal(m.workingView('s-none'), undefined);
  });
});
