// Tests: what keeps a decision's allocation low does not change what it says: reasons worded on
// first read are those of the decision time, the focus keeps one entry per file in order, and
// area success rates are found without building keys for sessions that have none.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EditorState } from '../../../src/core/routing/editorState';
import { OutcomeHistory } from '../../../src/core/routing/outcomes';
import { Router } from '../../../src/core/routing/router';
import type { RankedSession } from '../../../src/core/routing/types';
import { at, MIN, threeSessions } from '../../support/routing/builders';

function worked(): ReturnType<typeof threeSessions> {
  const t = threeSessions();
  t.touch('auth', 'api/auth/token.ts', 'read', at(1));
  t.touch('auth', 'api/auth/session.ts', 'edit', at(6));
  t.touch('billing', 'api/billing/invoice.ts', 'edit', at(5));
  t.didOpen('api/auth/token.ts', at(8));
  return t;
}

const plain = (r: RankedSession): unknown => ({
  sessionId: r.sessionId,
  score: r.score,
  reasons: [...r.reasons],
  components: r.components.map((c) => ({ ...c })),
});

describe('decision allocation', () => {
  test('reasons read long after the decision are the words of the decision time', () => {
    const task = { id: 't1', text: 'Fix the expiry bug in api/auth/session.ts' };
    const now = worked();
    const read = new Router(now).route(task, at(10)).ranked.map(plain);
    const later = worked();
    const d = new Router(later).route(task, at(10));
    // The tracker moves on: new touches, load and outcomes for the same sessions.
    later.touch('auth', 'api/auth/session.ts', 'read', at(30));
    later.touch('web', 'api/auth/session.ts', 'edit', at(31));
    later.setLoad('auth', { running: 1, queued: 1 });
    for (let i = 0; i < 4; i++) later.taskDone('t1', 'auth', false, at(32 + i));
    later.addSession({ id: 'web', folder: 'elsewhere', specialty: 'app', globs: ['app/**'] }, at(40));
    assert.deepEqual(d.ranked.map(plain), read);
    assert.match(d.ranked[0]?.reasons.join('; ') ?? '', /edited api\/auth\/session\.ts 4 min ago/);
  });

  test('a ranking serializes and reads the same every time', () => {
    const d = new Router(worked()).route({ id: 't1', text: 'Fix api/auth/session.ts' }, at(10));
    const first = d.ranked[0];
    assert.ok(first);
    assert.equal(first.reasons, first.reasons, 'worded once');
    const json = JSON.parse(JSON.stringify(first)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['sessionId', 'score', 'reasons', 'components']);
    assert.deepEqual(json, JSON.parse(JSON.stringify(plain(first))));
  });

  test('a follow-up moved first by stickiness keeps the reasons of its ranking', () => {
    const t = threeSessions({ stickyMargin: 0.5 });
    t.touch('auth', 'api/auth/session.ts', 'edit', at(1));
    t.touch('billing', 'api/auth/session.ts', 'read', at(2));
    const router = new Router(t);
    router.assigned('t1', 'auth', ['api/auth/session.ts']);
    const task = { id: 't2', text: 'Also handle the refresh case in api/auth/session.ts' };
    const unstuck = new Router(t).explain(task, at(3)).ranked.find((r) => r.sessionId === 'auth');
    const first = router.route(task, at(3)).ranked[0];
    assert.ok(first && unstuck);
    assert.equal(first.sessionId, 'auth');
    assert.match(first.reasons[0] ?? '', /^follow-up on api\/auth\/session\.ts/);
    assert.deepEqual(first.reasons.slice(1), unstuck.reasons);
    assert.deepEqual(first.components.slice(1), unstuck.components);
  });

  test('the focus has one entry per file, its strongest signal, heaviest first and stable', () => {
    const e = new EditorState(5 * MIN, 100);
    e.opened('a.ts', at(0));
    e.opened('b.ts', at(0));
    e.edited('b.ts', at(1));
    e.edited('c.ts', at(1));
    e.setEditors(['d.ts'], 'c.ts', at(2));
    const focus = e.focus(at(2));
    assert.deepEqual(
      focus.map((f) => [f.path, f.why]),
      [
        ['c.ts', 'active'],
        ['b.ts', 'edited'],
        ['d.ts', 'visible'],
        ['a.ts', 'opened'],
      ],
    );
    assert.equal(new Set(focus.map((f) => f.path)).size, focus.length);
    for (let i = 1; i < focus.length; i++) assert.ok((focus[i - 1]?.weight ?? 0) >= (focus[i]?.weight ?? 0));
  });

  test('area success rates: recorded, imported, inherited and forgotten', () => {
    const h = new OutcomeHistory(0.2);
    assert.equal(h.area('s1', 'api/auth').samples, 0);
    h.record('s1', ['api/auth'], true);
    assert.equal(h.area('s1', 'api/auth').samples, 1);
    assert.equal(h.area('s2', 'api/auth').samples, 0);
    h.importRate('s2', 'api/billing', 0.9, 4);
    assert.equal(h.area('s2', 'api/billing').samples, 4);
    h.inherit('s1', 's3');
    assert.equal(h.area('s3', 'api/auth').samples, 1);
    h.forget('s1');
    assert.equal(h.area('s1', 'api/auth').samples, 0);
    h.record('s1', ['api/auth'], false);
    assert.equal(h.area('s1', 'api/auth').rate < 0.5, true);
  });
});
