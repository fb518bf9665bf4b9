// Tests: Active-editor affinity (the tree marker) and dispatch-aware follow-ups.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { activeSession, sessionsForFile } from '../../../src/core/routing/activeAffinity';
import { Router } from '../../../src/core/routing/router';
import { at, threeSessions } from '../../support/routing/builders';

describe('active-editor affinity', () => {
  test('the session holding the file ranks first, then one holding files beside it, then the specialty', () => {
    const t = threeSessions();
    t.touch('billing', 'api/auth/token.ts', 'read', at(1));
    t.touch('web', 'api/auth/session.ts', 'edit', at(2));
    const ranked = sessionsForFile(t, 'api/auth/session.ts', at(6));
    assert.deepEqual(
      ranked.map((r) => r.sessionId),
      ['web', 'billing', 'auth'],
    );
    assert.equal(ranked[0]?.reason, 'edited api/auth/session.ts 4 min ago');
    assert.equal(ranked[1]?.reason, 'holds 1 of 4 known files in api/auth');
    assert.equal(ranked[2]?.reason, 'specialty api/auth/**');
  });

  test('the active session follows the active editor', () => {
    const t = threeSessions();
    assert.equal(activeSession(t, at(1)), undefined);
    t.setEditors(['app/pages/home.tsx'], 'app/pages/home.tsx', at(1));
    assert.equal(activeSession(t, at(1))?.sessionId, 'web');
  });
});

describe('dispatch', () => {
  test('a task dispatched elsewhere than routed makes follow-ups stick to where it went', () => {
    const t = threeSessions({ stickyMargin: 5 });
    t.touch('auth', 'api/auth/session.ts', 'edit', at(1));
    const router = new Router(t);
    assert.equal(router.route({ id: 't1', text: 'Fix api/auth/session.ts' }, at(2)).chosen, 'auth');
    router.dispatched('t1', 'billing');
    const d = router.route({ id: 't2', text: 'And the refresh path in api/auth/session.ts' }, at(3));
    assert.equal(d.chosen, 'billing');
    router.sessionRemoved('billing');
    assert.equal(router.route({ id: 't3', text: 'Again api/auth/session.ts' }, at(4)).chosen, 'auth');
  });
});
