// Tests: The affinity tracker: decay, pruning, working sets, compaction, outcomes, load, memory.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AffinityTracker } from '../../../src/core/routing/tracker';
import { at, MIN, session, threeSessions } from '../../support/routing/builders';
import { buildScaleWorkspace } from '../../support/routing/scaleWorkspace';

describe('affinity tracker', () => {
  test('user edits decay with the half-life and are pruned once negligible', () => {
    const t = new AffinityTracker({ focusHalfLifeMs: 5 * MIN, pruneBelow: 0.01 });
    t.didEdit('api/auth/session.ts', 'user', at(0));
    const fresh = t.editors.focus(at(5)).find((f) => f.path === 'api/auth/session.ts');
    assert.ok(fresh);
    assert.ok(Math.abs(fresh.weight - 0.5) < 1e-9, `weight after one half-life: ${fresh.weight}`);
    assert.equal(t.prune(at(20)), 0, 'still above the floor after 4 half-lives');
    assert.equal(t.prune(at(40)), 1, 'pruned after 8 half-lives');
    assert.equal(t.editors.lastEdit('api/auth/session.ts'), undefined);
  });

  test('an edit by a session is a touch of its working set', () => {
    const t = threeSessions();
    t.didEdit('api/auth/token.ts', 'auth', at(1));
    assert.equal(t.session('auth')?.workingSet.entry('api/auth/token.ts', at(1))?.kind, 'edit');
    assert.equal(t.editors.lastEdit('api/auth/token.ts'), undefined);
  });

  test('the working set holds at most its capacity, evicting the oldest touch first', () => {
    const t = new AffinityTracker({ workingSetCapacity: 3 });
    t.addSession(session('s1'), at(0));
    for (const [i, f] of ['a.ts', 'b.ts', 'c.ts', 'd.ts'].entries()) t.touch('s1', `api/x/${f}`, 'read', at(i));
    const ws = t.session('s1')?.workingSet;
    assert.equal(ws?.size, 3);
    assert.equal(ws?.held('api/x/a.ts', at(5)), 0);
    assert.ok((ws?.held('api/x/d.ts', at(5)) ?? 0) > 0.99);
    // Touching an old file again makes it the newest.
    t.touch('s1', 'api/x/b.ts', 'read', at(6));
    t.touch('s1', 'api/x/e.ts', 'read', at(7));
    assert.ok((ws?.held('api/x/b.ts', at(7)) ?? 0) > 0, 'b was refreshed');
    assert.equal(ws?.held('api/x/c.ts', at(7)), 0, 'c was the oldest');
    assert.equal(ws?.countInDir('api/x'), 3);
  });

  test('working-set entries decay with their own half-life', () => {
    const t = new AffinityTracker({ workingSetHalfLifeMs: 60 * MIN });
    t.addSession(session('s1'), at(0));
    t.touch('s1', 'api/x/a.ts', 'edit', at(0));
    const w = t.session('s1')?.workingSet.held('api/x/a.ts', at(60)) ?? 0;
    assert.ok(Math.abs(w - 0.5) < 1e-9);
  });

  test('a compaction lowers what the session still holds', () => {
    const t = new AffinityTracker({ compactionKeep: 0.5 });
    t.addSession(session('s1'), at(0));
    for (let i = 0; i < 10; i++) t.touch('s1', `api/x/f${i}.ts`, 'read', at(i));
    t.sessionCompacted('s1');
    const ws = t.session('s1')?.workingSet;
    assert.equal(ws?.size, 5);
    assert.equal(ws?.held('api/x/f0.ts', at(10)), 0, 'oldest files are gone');
    const kept = ws?.held('api/x/f9.ts', at(10)) ?? 0;
    assert.ok(kept > 0 && kept < 1, `newest file kept at a lower weight (${kept})`);
  });

  test('success history is an EMA per session and per area', () => {
    const t = new AffinityTracker({ successAlpha: 0.5 });
    t.addSession(session('s1'), at(0));
    t.taskRouted('t1', ['api/auth'], at(1));
    t.taskDone('t1', 's1', false, at(2));
    t.taskRouted('t2', ['api/auth'], at(3));
    t.taskDone('t2', 's1', false, at(4));
    assert.ok(t.outcomes.session('s1').rate < 0.2);
    assert.equal(t.outcomes.area('s1', 'api/auth').samples, 2);
    assert.equal(t.outcomes.area('s1', 'api/billing').samples, 0);
    t.removeSession('s1');
    assert.equal(t.outcomes.session('s1').samples, 0);
  });

  test('load is kept per session', () => {
    const t = threeSessions();
    t.setLoad('auth', { running: 1, queued: 2 });
    assert.deepEqual(t.session('auth')?.load, { running: 1, queued: 2 });
    t.setLoad('nobody', { running: 1, queued: 0 });
    assert.equal(t.session('nobody'), undefined);
  });

  test('memory stays bounded at 50 sessions × 10,000 tracked files', () => {
    const ws = buildScaleWorkspace({ sessions: 50, files: 10_000, touchesPerSession: 100 });
    const mem = ws.tracker.memory();
    assert.equal(mem.sessions, 50);
    assert.equal(mem.knownFiles, 10_000);
    assert.ok(mem.workingSetEntries <= 50 * ws.tracker.settings.workingSetCapacity);
    assert.ok(mem.approxBytes < 50 * 1024 * 1024, `estimate ${mem.approxBytes} bytes`);
    // Hours later, the user's edits have all decayed and are pruned.
    ws.tracker.prune(ws.tracker.now + 10 * 3_600_000);
    assert.ok(ws.tracker.memory().focusEntries <= 40, `focus entries after pruning: ${ws.tracker.memory().focusEntries}`);
  });
});
