// Tests: Audit records of routing decisions.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { auditRecord } from '../../../src/core/routing/audit';
import { Router } from '../../../src/core/routing/router';
import { at, threeSessions } from '../../support/routing/builders';

describe('audit records', () => {
  test('a decision records task, candidates, scores, reasons, chosen and by whom', () => {
    const t = threeSessions();
    t.touch('auth', 'api/auth/session.ts', 'edit', at(1));
    const task = { id: 't1', text: 'Fix api/auth/session.ts' };
    const d = new Router(t).route(task, at(2));
    const rec = auditRecord(task, d, { at: new Date(at(2)) });
    assert.equal(rec.v, 1);
    assert.equal(rec.taskId, 't1');
    assert.equal(rec.task, 'Fix api/auth/session.ts');
    assert.equal(rec.chosen, 'auth');
    assert.equal(rec.by, 'router');
    assert.equal(rec.candidates.length, 3);
    assert.ok(rec.candidates[0]?.reasons.some((r) => r.includes('edited api/auth/session.ts')));
    assert.equal(rec.at, new Date(at(2)).toISOString());
    assert.equal(rec.proposed, undefined);
    const json: unknown = JSON.parse(JSON.stringify(rec));
    assert.deepEqual(json, rec, 'plain JSON');
  });

  test('a user override keeps what the router proposed', () => {
    const t = threeSessions();
    const task = { id: 't1', text: 'Fix app/pages/home.tsx' };
    const d = new Router(t).route(task, at(1));
    const rec = auditRecord(task, d, { at: new Date(at(1)), chosen: 'auth' });
    assert.equal(rec.chosen, 'auth');
    assert.equal(rec.proposed, 'web');
    assert.equal(rec.by, 'user');
  });
});
