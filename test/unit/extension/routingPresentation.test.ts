import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RouteDecisionView } from '../../../src/protocol/routing';
import { explainMarkdown, independenceView, routePickRows } from '../../../src/extension/routing/routingPresentation';

const decision: RouteDecisionView = {
  decisionId: 'r-1',
  text: 'fix the token | refresh',
  strategy: 'affinity',
  chosen: 's2',
  ranked: [
    { sessionId: 's2', name: 'backend', score: 0.91, reasons: ['edited api/auth/session.ts 4 min ago', 'specialty api/**'] },
    { sessionId: 's1', name: 'frontend', score: 0.12, reasons: [] },
  ],
  excluded: [{ sessionId: 's3', name: 'tests', why: 'busy: 2 tasks in flight' }],
  newSession: { specialty: 'api/auth', globs: ['api/auth/**'], folder: '', reason: 'no session clears the threshold' },
  independent: false,
  targetFiles: ['api/auth/session.ts'],
  latencyMs: 0.2,
};

test('pick rows: ranked sessions with reasons, the best marked, then a new session, then the ineligible', () => {
  const rows = routePickRows(decision);
  assert.deepEqual(
    rows.map((r) => r.target),
    ['s2', 's1', 'new', 's3'],
  );
  assert.equal(rows.filter((r) => r.best).length, 1);
  assert.equal(rows[0]?.best, true);
  assert.match(rows[0]?.detail ?? '', /edited api\/auth\/session\.ts 4 min ago; specialty api\/\*\*/);
  assert.equal(rows[1]?.detail, 'no particular affinity');
  assert.match(rows[2]?.description ?? '', /api\/auth/);
  assert.match(rows[3]?.detail ?? '', /busy/);
});

test('the explanation is a Markdown table with the decision, escaping pipes in the task', () => {
  const md = explainMarkdown(decision);
  assert.match(md, /\*\*Task:\*\* fix the token \\\| refresh/);
  assert.match(md, /\| backend ✔ \| 0\.910 \|/);
  assert.match(md, /tests: busy/);
  assert.match(md, /New session proposed/);
  assert.match(md, /`api\/auth\/session\.ts`/);
});

test('the Send Task picker says whether the task is context-independent, and its button offers the other way', () => {
  const independent = independenceView({ independent: true });
  assert.match(independent.placeholder, /^Context-independent/);
  assert.match(independent.button.tooltip, /^Route by context/);
  const dependent = independenceView({ independent: false });
  assert.match(dependent.placeholder, /ranked by affinity/);
  assert.match(dependent.button.tooltip, /^Mark as context-independent/);
  assert.notEqual(independent.button.icon, dependent.button.icon);
});
