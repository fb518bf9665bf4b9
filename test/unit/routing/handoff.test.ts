// Tests: Handoff source and summary when a task moves away from the session holding its context.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHandoffSummary, handoffSource } from '../../../src/core/routing/handoff';
import { at, threeSessions } from '../../support/routing/builders';

describe('handoff', () => {
  test("the session holding the task's files is the source when the chosen one holds none", () => {
    const t = threeSessions();
    t.touch('auth', 'api/auth/session.ts', 'edit', at(1));
    t.touch('auth', 'api/auth/token.ts', 'read', at(2));
    t.touch('billing', 'api/auth/token.ts', 'read', at(3));
    const src = handoffSource(t, 'web', ['api/auth/session.ts', 'api/auth/token.ts'], at(5));
    assert.equal(src?.sessionId, 'auth');
    assert.deepEqual(
      src?.touched.map((h) => h.path),
      ['api/auth/token.ts', 'api/auth/session.ts'],
    );
    assert.equal(handoffSource(t, 'auth', ['api/auth/session.ts'], at(5)), undefined, 'no handoff to the holder');
    assert.equal(handoffSource(t, 'web', [], at(5)), undefined);
  });

  test('the summary lists the files, what was done and found, and the fixes that apply', () => {
    const t = threeSessions();
    t.touch('auth', 'api/auth/session.ts', 'edit', at(1));
    const from = handoffSource(t, 'web', ['api/auth/session.ts'], at(5));
    const text = buildHandoffSummary({
      taskText: 'Fix the refresh',
      toSession: 'web',
      files: ['api/auth/session.ts'],
      ...(from ? { from } : {}),
      findings: ['The refresh token is read before the clock skew check.'],
      fixes: ['TS2339 on Session.expiry: use session.expiresAt'],
      now: at(5),
    });
    assert.match(text, /moves from session auth to web/);
    assert.match(text, /### Files involved\n- api\/auth\/session\.ts/);
    assert.match(text, /### What auth did\n- edited api\/auth\/session\.ts 4 min ago/);
    assert.match(text, /### What it found\n- The refresh token/);
    assert.match(text, /### Learned fixes that apply\n- TS2339/);
  });

  test('empty sections are left out', () => {
    const text = buildHandoffSummary({ taskText: 'x', toSession: 'web', files: [], now: at(0), fixes: ['  '] });
    assert.equal(text, '## Handoff\nSession web has not worked on these files yet.');
  });
});
