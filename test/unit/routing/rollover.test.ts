// Tests: routing across a rollover (the new session takes over the old one's working set at a
// lower weight, follow-ups and success history; the old one is no candidate and no fan-out
// worker), stopped sessions in fan-out, and outcomes recorded under the id a task runs as.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { idleSessionIds } from '../../../src/core/routing/fanOut';
import { Router } from '../../../src/core/routing/router';
import { restoreTracker, snapshotTracker } from '../../../src/core/routing/snapshot';
import { AffinityTracker } from '../../../src/core/routing/tracker';
import { at, session, threeSessions } from '../../support/routing/builders';

/** `auth` has worked on the auth files; `auth2` is the session it rolls over into. */
function rolledOver(stickyMargin = 0.05): { t: AffinityTracker; router: Router } {
  const t = threeSessions({ stickyMargin });
  const router = new Router(t, { clock: () => at(30) });
  for (const [i, f] of ['api/auth/token.ts', 'api/auth/login.ts', 'api/auth/session.ts'].entries())
    t.touch('auth', f, i === 2 ? 'edit' : 'read', at(i));
  t.addSession(session('auth2', ['api/auth/**']), at(20));
  return { t, router };
}

describe('routing across a rollover', () => {
  test('before it, the old session wins its files; after it, the new one does and the old one is excluded', () => {
    const { t, router } = rolledOver();
    assert.equal(router.explain({ id: 'r0', text: 'Fix the refresh in api/auth/session.ts' }, at(21)).chosen, 'auth');
    router.sessionRolledOver('auth', 'auth2', at(21));

    const d = router.explain({ id: 'r1', text: 'Fix the refresh in api/auth/session.ts' }, at(22));
    assert.equal(d.chosen, 'auth2');
    assert.match(d.ranked[0]?.reasons.join('; ') ?? '', /edited api\/auth\/session\.ts/);
    assert.deepEqual(
      d.excluded.map((x) => x.sessionId),
      ['auth'],
    );
    assert.match(d.excluded[0]?.why ?? '', /rolled over/);
    assert.equal(t.session('auth')?.workingSet.size, 0, 'the old session holds nothing any more');
  });

  test('the new session holds the newest files at a lower weight, as after a compaction', () => {
    const { t, router } = rolledOver();
    t.touch('auth2', 'api/auth/password.ts', 'edit', at(21));
    const before = t.session('auth')?.workingSet.held('api/auth/session.ts', at(22)) ?? 0;
    router.sessionRolledOver('auth', 'auth2', at(22));
    const ws = t.session('auth2')?.workingSet;
    const inherited = ws?.held('api/auth/session.ts', at(22)) ?? 0;
    assert.ok(inherited > 0 && inherited < before, `inherited at a lower weight (${inherited} < ${before})`);
    assert.equal(ws?.held('api/auth/token.ts', at(22)), 0, 'the oldest half is gone (compactionKeep 0.5)');
    assert.equal(ws?.entry('api/auth/session.ts', at(22))?.kind, 'edit');
    assert.equal(ws?.held('api/auth/password.ts', at(21)), 1, 'its own touch keeps its full weight');
    assert.equal(ws?.exportEntries().at(-1)?.[0], 'api/auth/password.ts', 'and stays the newest');
  });

  test('follow-ups and success history move to the new session', () => {
    const { t, router } = rolledOver(0.5);
    const first = router.route({ id: 'r1', text: 'Fix the refresh in api/auth/session.ts' }, at(21));
    assert.equal(first.chosen, 'auth');
    router.dispatched('t-1', 'auth', 'r1');
    t.taskDone('t-1', 'auth', true, at(22));
    router.sessionRolledOver('auth', 'auth2', at(23));
    assert.equal(t.outcomes.area('auth2', 'api/auth').samples, 1);
    assert.equal(t.outcomes.session('auth2').samples, 1);
    // `billing` now holds the file more recently, but the follow-up sticks to the successor.
    t.touch('billing', 'api/auth/session.ts', 'read', at(24));
    const next = router.explain({ id: 'r2', text: 'Also handle expiry in api/auth/session.ts' }, at(25));
    assert.equal(next.chosen, 'auth2');
    assert.match(next.ranked[0]?.reasons[0] ?? '', /follow-up on api\/auth\/session\.ts \(task t-1 went here\)/);
  });

  test('the rollover survives a reload; a rolled-over session given work again is a candidate again', () => {
    const { t, router } = rolledOver();
    router.sessionRolledOver('auth', 'auth2', at(21));
    const restored = new AffinityTracker();
    assert.deepEqual(restoreTracker(restored, JSON.parse(JSON.stringify(snapshotTracker(t)))), []);
    assert.equal(restored.session('auth')?.rolledOverTo, 'auth2');
    const r2 = new Router(restored);
    assert.ok(r2.explain({ id: 'r', text: 'Fix api/auth/session.ts' }, at(22)).excluded.some((x) => x.sessionId === 'auth'));
    restored.reinstate('auth');
    assert.ok(!r2.explain({ id: 'r', text: 'Fix api/auth/session.ts' }, at(22)).excluded.some((x) => x.sessionId === 'auth'));
  });

  test('unknown sessions and a rollover into itself change nothing', () => {
    const { t, router } = rolledOver();
    router.sessionRolledOver('auth', 'nobody', at(21));
    router.sessionRolledOver('nobody', 'auth2', at(21));
    router.sessionRolledOver('auth', 'auth', at(21));
    assert.equal(t.session('auth')?.workingSet.size, 3);
    assert.equal(t.session('auth')?.rolledOverTo, undefined);
  });
});

describe('fan-out workers', () => {
  test('stopped and rolled-over sessions are not idle', () => {
    const t = threeSessions();
    t.addSession(session('auth2'), at(1));
    assert.deepEqual(idleSessionIds(t).sort(), ['auth', 'auth2', 'billing', 'web']);
    t.setStopped('web', true);
    new Router(t).sessionRolledOver('auth', 'auth2', at(2));
    assert.deepEqual(idleSessionIds(t).sort(), ['auth2', 'billing']);
    t.setStopped('web', false);
    assert.deepEqual(idleSessionIds(t).sort(), ['auth2', 'billing', 'web']);
  });
});

describe('outcomes of dispatched tasks', () => {
  test('a task routed as r-… and run as t-… records its outcome for the routed area', () => {
    const t = threeSessions();
    const router = new Router(t, { clock: () => at(1) });
    router.route({ id: 'r-1', text: 'Fix api/billing/invoice.ts' }, at(1));
    router.dispatched('t-1', 'billing', 'r-1');
    t.taskDone('t-1', 'billing', true, at(2));
    assert.equal(t.outcomes.area('billing', 'api/billing').samples, 1);
    // Without the mapping the area would have learned nothing (the old behaviour).
    router.route({ id: 'r-2', text: 'Fix api/billing/cart.ts' }, at(3));
    router.dispatched('t-2', 'billing');
    t.taskDone('t-2', 'billing', true, at(4));
    assert.equal(t.outcomes.area('billing', 'api/billing').samples, 1);
    assert.equal(t.outcomes.session('billing').samples, 2);
  });
});
