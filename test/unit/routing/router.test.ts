// Tests: The affinity router: choices, reasons, eligibility, headroom, new-session proposals.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Router } from '../../../src/core/routing/router';
import { joinReasons } from '../../../src/core/routing/reasons';
import { NEW_SESSION } from '../../../src/core/routing/types';
import { at, threeSessions } from '../../support/routing/builders';

/** auth has worked on the auth files, billing on billing; the user has auth files open. */
function workedIn(): ReturnType<typeof threeSessions> {
  const t = threeSessions();
  t.touch('auth', 'api/auth/token.ts', 'read', at(1));
  t.touch('auth', 'api/auth/login.ts', 'read', at(2));
  t.touch('auth', 'api/auth/password.ts', 'edit', at(3));
  t.touch('auth', 'api/auth/session.ts', 'edit', at(6));
  t.touch('billing', 'api/billing/invoice.ts', 'edit', at(5));
  for (const f of ['api/auth/token.ts', 'api/auth/login.ts', 'api/auth/password.ts', 'app/pages/home.tsx']) t.didOpen(f, at(8));
  return t;
}

describe('router (affinity)', () => {
  test('a task mentioning a file goes to the session that edited it, with the reasons in words', () => {
    const t = workedIn();
    const d = new Router(t).route({ id: 't1', text: 'Fix the expiry bug in api/auth/session.ts' }, at(10));
    assert.equal(d.chosen, 'auth');
    assert.equal(d.strategy, 'affinity');
    const best = d.ranked[0];
    assert.ok(best);
    const words = joinReasons(best.reasons);
    assert.match(words, /edited api\/auth\/session\.ts 4 min ago/);
    assert.match(words, /3 of 4 open files in its working set/);
    assert.match(words, /specialty api\/auth\/\*\*/);
    assert.ok(best.score > (d.ranked[1]?.score ?? 0));
    assert.deepEqual(d.targetFiles, ['api/auth/session.ts']);
  });

  test('reasons name the covering specialty glob only, and not stale focus elsewhere', () => {
    const t = threeSessions();
    t.addSession({ id: 'api', folder: 'api', specialty: 'api', globs: ['api/auth/**', 'api/billing/**'] }, at(0));
    t.touch('web', 'app/pages/home.tsx', 'edit', at(1));
    t.didEdit('app/pages/home.tsx', 'user', at(1));
    const router = new Router(t);
    router.route({ id: 't0', text: 'Fix app/pages/home.tsx' }, at(2));
    const d = router.route({ id: 't1', text: 'Fix the failing check in token.ts' }, at(30));
    const api = d.ranked.find((r) => r.sessionId === 'api');
    assert.ok(api?.reasons.includes('specialty api/auth/**'), JSON.stringify(api?.reasons));
    const web = d.ranked.find((r) => r.sessionId === 'web');
    assert.ok(web && !web.reasons.some((r) => r.includes('home.tsx')), JSON.stringify(web?.reasons));
    assert.ok(d.ranked.every((r) => r.components.every((c) => typeof c.value === 'number' && c.reason.length > 0)));
  });

  test('a symbol or a plain area word finds the session too', () => {
    const t = workedIn();
    const router = new Router(t);
    assert.equal(router.route({ id: 't1', text: 'Add input validation to useInvoice' }, at(10)).chosen, 'billing');
    assert.equal(router.route({ id: 't2', text: 'Refactor the billing cart flow' }, at(11)).chosen, 'billing');
  });

  test('the latest user edit locates a task that names nothing', () => {
    const t = workedIn();
    t.didEdit('api/billing/invoice.ts', 'user', at(9));
    assert.equal(new Router(t).route({ id: 't1', text: 'This is broken again' }, at(10)).chosen, 'billing');
  });

  test('territory nobody holds or covers proposes a new session with a suggested specialty', () => {
    const t = workedIn();
    t.addKnownFiles(['api/search/index.ts', 'api/search/query.ts']);
    const d = new Router(t).route({ id: 't1', text: 'Speed up the search query parser' }, at(10));
    assert.equal(d.chosen, NEW_SESSION);
    assert.deepEqual(d.newSession?.globs, ['api/search/**']);
    assert.equal(d.newSession?.folder, 'api');
    assert.ok(d.ranked.length > 0, 'the sessions are still ranked for the quick pick');
  });

  test('with no history, the specialty decides', () => {
    const t = threeSessions();
    assert.equal(new Router(t).route({ id: 't1', text: 'Fix the failing check in profile.tsx' }, at(1)).chosen, 'web');
  });

  test('a busy session is not eligible; it is listed as excluded with why', () => {
    const t = workedIn();
    t.setLoad('auth', { running: 1, queued: 1 });
    const d = new Router(t).route({ id: 't1', text: 'Fix the expiry bug in api/auth/session.ts' }, at(10));
    assert.notEqual(d.chosen, 'auth');
    assert.deepEqual(d.excluded, [{ sessionId: 'auth', why: '2 tasks in flight (limit 2)' }]);
  });

  test('a session the task would overflow (headroom) is not chosen', () => {
    const t = workedIn();
    const router = new Router(t, { headroom: (id) => (id === 'auth' ? 1_000 : 100_000) });
    const d = router.route({ id: 't1', text: 'Fix the expiry bug in api/auth/session.ts', estimatedTokens: 5_000 }, at(10));
    assert.notEqual(d.chosen, 'auth');
    assert.match(d.excluded[0]?.why ?? '', /overflow its context headroom/);
    assert.equal(
      router.route({ id: 't2', text: 'Fix the expiry bug in api/auth/session.ts', estimatedTokens: 500 }, at(11)).chosen,
      'auth',
    );
  });

  test('a context-independent task goes to an idle session, or a new one when none is idle', () => {
    const t = workedIn();
    t.setLoad('auth', { running: 1, queued: 0 });
    const router = new Router(t);
    const d = router.route({ id: 't1', text: 'Run the formatter over the repository' }, at(10));
    assert.equal(d.independent, true);
    assert.notEqual(d.chosen, 'auth');
    assert.match(d.ranked[0]?.reasons[0] ?? '', /idle; formatting task/);
    for (const id of ['billing', 'web']) t.setLoad(id, { running: 1, queued: 0 });
    assert.equal(router.route({ id: 't2', text: 'Run the formatter over the repository' }, at(11)).chosen, NEW_SESSION);
    assert.equal(router.route({ id: 't3', text: 'Fix api/auth/session.ts', independent: true }, at(12)).independent, true);
  });

  test('explain gives the full scoring without changing state', () => {
    const t = workedIn();
    const router = new Router(t, { strategy: 'round-robin' });
    const first = router.explain({ id: 't1', text: 'anything' }, at(10));
    const again = router.explain({ id: 't1', text: 'anything' }, at(10));
    assert.equal(first.chosen, again.chosen);
    assert.equal(router.route({ id: 't1', text: 'anything' }, at(10)).chosen, first.chosen);
  });
});
