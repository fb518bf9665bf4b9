// Tests: Stickiness of follow-up tasks.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyStickiness, StickyMemory } from '../../../src/core/routing/sticky';
import { Router } from '../../../src/core/routing/router';
import type { RankedSession } from '../../../src/core/routing/types';
import { at, threeSessions } from '../../support/routing/builders';

const ranked = (...pairs: [string, number][]): RankedSession[] =>
  pairs.map(([sessionId, score]) => ({ sessionId, score, reasons: ['r'], components: [] }));

describe('stickiness', () => {
  test('a follow-up on the same files stays with the previous session when close to the best', () => {
    const prev = { taskId: 't1', sessionId: 'b', files: ['api/auth/session.ts'] };
    const out = applyStickiness(ranked(['a', 1.0], ['b', 0.97]), prev, ['api/auth/session.ts'], 0.05);
    assert.equal(out.sticky, true);
    assert.equal(out.ranked[0]?.sessionId, 'b');
    assert.match(out.ranked[0]?.reasons[0] ?? '', /follow-up on api\/auth\/session\.ts \(task t1 went here\)/);
    assert.equal(out.ranked.length, 2);
  });

  test('not when clearly worse, not on other files, not without a previous task', () => {
    const prev = { taskId: 't1', sessionId: 'b', files: ['api/auth/session.ts'] };
    assert.equal(applyStickiness(ranked(['a', 1.0], ['b', 0.5]), prev, ['api/auth/session.ts'], 0.05).sticky, false);
    assert.equal(applyStickiness(ranked(['a', 1.0], ['b', 0.99]), prev, ['api/auth/token.ts'], 0.05).sticky, false);
    assert.equal(applyStickiness(ranked(['a', 1.0]), undefined, ['api/auth/session.ts'], 0.05).sticky, false);
  });

  test('memory remembers the latest assignment per file, bounded', () => {
    const m = new StickyMemory(2);
    m.remember({ taskId: 't1', sessionId: 'a', files: ['x', 'y'] });
    m.remember({ taskId: 't2', sessionId: 'b', files: ['z'] });
    assert.equal(m.lookup(['x']), undefined, 'oldest file dropped');
    assert.equal(m.lookup(['y'])?.taskId, 't1');
    m.forgetSession('b');
    assert.equal(m.lookup(['z']), undefined);
  });

  test('the router keeps a follow-up with the session that took the first task', () => {
    const t = threeSessions({ stickyMargin: 0.5 });
    // Both hold the file; billing touched it last, so it would win on recency alone.
    t.touch('auth', 'api/auth/session.ts', 'edit', at(1));
    t.touch('billing', 'api/auth/session.ts', 'read', at(2));
    const router = new Router(t);
    router.assigned('t1', 'auth', ['api/auth/session.ts']);
    const d = router.route({ id: 't2', text: 'Also handle the refresh case in api/auth/session.ts' }, at(3));
    assert.equal(d.chosen, 'auth');
    assert.ok(d.ranked[0]?.components.some((c) => c.kind === 'sticky'));
  });
});
