// Tests: The four routing strategies behind one interface.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Router } from '../../../src/core/routing/router';
import { createStrategy } from '../../../src/core/routing/strategies';
import { isStrategyName, STRATEGY_NAMES } from '../../../src/core/routing/settings';
import { NEW_SESSION } from '../../../src/core/routing/types';
import { at, threeSessions } from '../../support/routing/builders';

describe('strategies', () => {
  test('every strategy name builds a real strategy with that name', () => {
    for (const name of STRATEGY_NAMES) assert.equal(createStrategy(name).name, name);
    assert.equal(isStrategyName('affinity'), true);
    assert.equal(isStrategyName('random'), false);
  });

  test('round-robin rotates over the sessions, skipping ineligible ones', () => {
    const t = threeSessions();
    const router = new Router(t, { strategy: 'round-robin' });
    const order = [1, 2, 3, 4].map((i) => router.route({ id: `t${i}`, text: 'x' }, at(i)).chosen);
    assert.deepEqual(order, ['auth', 'billing', 'web', 'auth']);
    t.setLoad('billing', { running: 2, queued: 0 });
    const d = router.route({ id: 't5', text: 'x' }, at(5));
    assert.equal(d.chosen, 'web');
    assert.equal(d.ranked[0]?.reasons[0], 'next in rotation');
  });

  test('least-loaded picks the session with the fewest tasks in flight', () => {
    const t = threeSessions();
    t.setLoad('auth', { running: 1, queued: 0 });
    t.setLoad('billing', { running: 0, queued: 0 });
    t.setLoad('web', { running: 1, queued: 0 });
    const d = new Router(t, { strategy: 'least-loaded' }).route({ id: 't1', text: 'Fix api/auth/session.ts' }, at(1));
    assert.equal(d.chosen, 'billing');
    assert.deepEqual(
      d.ranked.map((r) => r.reasons[0]),
      ['idle', '1 task in flight', '1 task in flight'],
    );
  });

  test("manual takes the user's choice and keeps the affinity reasons for the others", () => {
    const t = threeSessions();
    t.touch('auth', 'api/auth/session.ts', 'edit', at(1));
    const router = new Router(t, { strategy: 'manual' });
    const picked = router.route({ id: 't1', text: 'Fix api/auth/session.ts', preferredSessions: ['web'] }, at(2));
    assert.equal(picked.chosen, 'web');
    assert.equal(picked.ranked[0]?.sessionId, 'web');
    assert.equal(picked.ranked[0]?.reasons[0], 'chosen by the user');
    const preselected = router.route({ id: 't2', text: 'Fix api/auth/session.ts' }, at(3));
    assert.equal(preselected.chosen, 'auth', 'without a choice, the best affinity is preselected');
    assert.equal(router.route({ id: 't3', text: 'Fix api/auth/session.ts', preferredSessions: [NEW_SESSION] }, at(4)).chosen, NEW_SESSION);
  });

  test('the strategy can be switched at run time (setting change)', () => {
    const router = new Router(threeSessions());
    assert.equal(router.strategyName, 'affinity');
    router.setStrategy('least-loaded');
    assert.equal(router.strategyName, 'least-loaded');
  });
});
