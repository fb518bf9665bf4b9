import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pickNextTask } from '../../../src/core/sessions/taskQueue';
import { ParallelScheduler } from '../../../src/core/sessions/scheduler';
import type { TaskRecord, TaskStatus } from '../../../src/core/sessions/sessionTypes';
import { recordFileAccess, normalizeToFolder } from '../../../src/core/sessions/workingSet';

function task(id: string, priority = 0, createdAt = 0, dependsOn: string[] = []): TaskRecord {
  return { id, text: id, priority, dependsOn, status: 'queued', createdAt, attempts: 0 };
}
const none = (): TaskStatus | undefined => undefined;

describe('task queue', () => {
  test('empty queue', () => assert.deepEqual(pickNextTask([], none), { kind: 'empty' }));

  test('highest priority first, then oldest', () => {
    const q = [task('a', 0, 1), task('b', 5, 3), task('c', 5, 2)];
    const p = pickNextTask(q, none);
    assert.equal(p.kind === 'run' ? p.task.id : '', 'c');
  });

  test('a task waits for running or queued dependencies; others go ahead', () => {
    const q = [task('dep-waiter', 9, 1, ['t0']), task('free', 0, 2)];
    const p = pickNextTask(q, (id) => (id === 't0' ? 'running' : undefined));
    assert.equal(p.kind === 'run' ? p.task.id : '', 'free');
    assert.deepEqual(
      pickNextTask([q[0] as TaskRecord], () => 'queued'),
      { kind: 'blocked', waitingOn: ['t0'] },
    );
  });

  test('runs once dependencies succeeded', () => {
    const p = pickNextTask([task('x', 0, 0, ['a', 'b'])], () => 'succeeded');
    assert.equal(p.kind, 'run');
  });

  test('a failed, skipped or unknown dependency skips the task and says why', () => {
    const q = [task('x', 0, 0, ['t1'])];
    assert.deepEqual(
      pickNextTask(q, () => 'failed'),
      { kind: 'skip', task: q[0], reason: 'dependency t1 failed' },
    );
    assert.deepEqual(
      pickNextTask(q, () => 'cancelled'),
      { kind: 'skip', task: q[0], reason: 'dependency t1 was cancelled' },
    );
    assert.deepEqual(pickNextTask(q, none), { kind: 'skip', task: q[0], reason: 'dependency t1 does not exist' });
  });
});

describe('parallel scheduler', () => {
  test('limits slots and admits waiting sessions in order', () => {
    const s = new ParallelScheduler(2);
    assert.equal(s.acquire('a'), true);
    assert.equal(s.acquire('b'), true);
    assert.equal(s.acquire('c'), false);
    assert.equal(s.acquire('d'), false);
    assert.equal(s.acquire('a'), true); // already holds one
    assert.deepEqual(s.release('a'), ['c']);
    assert.equal(s.runningCount, 2);
    assert.deepEqual(s.release('d'), []); // withdrawn from the line
    assert.deepEqual(s.release('b'), []);
    assert.throws(() => new ParallelScheduler(0), /at least 1/);
  });

  test('defaults to 4', () => assert.equal(new ParallelScheduler().limit, 4));
});

describe('working set', () => {
  test('paths relative to the folder, counts and last access', () => {
    const ws = recordFileAccess([], '/w', [{ path: '/w/src/a.ts', access: 'read' }], 10);
    recordFileAccess(
      ws,
      '/w',
      [
        { path: 'src/a.ts', access: 'edit' },
        { path: '/etc/hosts', access: 'read' },
      ],
      20,
    );
    assert.deepEqual(ws, [
      { path: 'src/a.ts', reads: 1, edits: 1, firstAt: 10, lastAt: 20, lastAccess: 'edit' },
      { path: '/etc/hosts', reads: 1, edits: 0, firstAt: 20, lastAt: 20, lastAccess: 'read' },
    ]);
    assert.equal(normalizeToFolder('/w', '/w'), '/w');
  });
});
