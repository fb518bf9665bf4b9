// Tests: Tracker snapshot and restore.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AffinityTracker } from '../../../src/core/routing/tracker';
import { taskTerms } from '../../../src/core/routing/codeTerms';
import { restoreTracker, snapshotTracker } from '../../../src/core/routing/snapshot';
import { at, threeSessions } from '../../support/routing/builders';

describe('tracker snapshot', () => {
  test('working sets and success history survive a round trip through JSON', () => {
    const t = threeSessions();
    t.touch('auth', 'api/auth/session.ts', 'edit', at(1));
    t.touch('auth', 'api/auth/token.ts', 'read', at(2));
    t.sessionCompacted('billing');
    t.taskRouted('t1', ['api/auth'], at(3));
    t.taskDone('t1', 'auth', true, at(4));
    const json = JSON.stringify(snapshotTracker(t, at(5)));

    const back = new AffinityTracker();
    assert.deepEqual(restoreTracker(back, JSON.parse(json)), []);
    assert.deepEqual(
      back.sessions().map((s) => s.session.id),
      ['auth', 'billing', 'web'],
    );
    const ws = back.session('auth')?.workingSet;
    assert.equal(ws?.entry('api/auth/session.ts', at(5))?.kind, 'edit');
    assert.equal(ws?.touchedAt('api/auth/token.ts'), at(2));
    assert.equal(ws?.countInDir('api/auth'), 2);
    assert.equal(back.outcomes.area('auth', 'api/auth').samples, 1);
    assert.ok(back.files.has('api/auth/session.ts'));
  });

  test("what was learned from finished tasks, and the signals' measured precision, survive a reload", () => {
    const t = threeSessions();
    t.taskRouted('t1', ['api/auth'], at(1), 'Password reset link expires too soon', { learned: [['api/auth', 1]] });
    t.touch('auth', 'api/auth/password.ts', 'edit', at(2));
    t.taskDone('t1', 'auth', true, at(3));
    const json = JSON.stringify(snapshotTracker(t, at(4)));
    const back = new AffinityTracker();
    assert.deepEqual(restoreTracker(back, JSON.parse(json)), []);
    assert.equal(back.learned().tasks, 1);
    assert.equal(back.reliability.precision('learned'), t.reliability.precision('learned'));
    const p = back.knowledge.predict(taskTerms('reset password link'));
    assert.equal(back.knowledge.path(p.ids[0] ?? -1), 'api/auth/password.ts');
    assert.ok(back.knowledge.profileScore('auth', taskTerms('password reset')) > 0);
    assert.deepEqual(
      restoreTracker(new AffinityTracker(), { v: 1, sessions: [], outcomes: [], learned: { tasks: [['s', ['a.ts'], ['x'], []], 3] } }),
      ['2 malformed learned tasks skipped'],
    );
  });

  test('a bad snapshot is reported, never fatal; what is valid is kept', () => {
    const t = new AffinityTracker();
    assert.deepEqual(restoreTracker(t, 'nope'), ['routing snapshot is not an object']);
    assert.match(restoreTracker(t, { v: 99 })[0] ?? '', /version 99 is not supported/);
    const problems = restoreTracker(t, {
      v: 1,
      sessions: [{ id: 's1', files: [['a/b.ts', 5, 'edit', 1], ['bad'], ['c/d.ts', 'x', 'read', 1]] }, 7, { folder: 'x' }],
      outcomes: [
        ['s1', '', 0.9, 4],
        [1, 2],
      ],
    });
    assert.deepEqual(problems, [
      'session s1: 2 malformed working-set entries skipped',
      'session #2: not an object',
      'session #3: no id',
      '1 malformed success-history entries skipped',
    ]);
    assert.equal(t.session('s1')?.workingSet.size, 1);
    assert.equal(t.outcomes.session('s1').rate, 0.9);
  });
});
