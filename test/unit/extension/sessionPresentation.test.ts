import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionSummary } from '../../../src/protocol/sessions';
import { parseGlobs } from '../../../src/extension/sessions/globInput';
import {
  firstLine,
  notStartedNote,
  sessionAccessibilityLabel,
  sessionDescription,
  sessionLongDescription,
  sessionTooltip,
  stateIcons,
  taskDescription,
} from '../../../src/extension/sessions/sessionPresentation';

const base: SessionSummary = {
  id: 's-1',
  name: 'backend',
  agent: 'claude',
  folder: '/w',
  cwd: '/w',
  state: 'idle',
  queue: [],
  recent: [],
  tasksRun: 0,
  workingSet: [],
  createdAt: 0,
  lastActivityAt: 0,
};

test("the tree's description is the state, context fill and agent; the specialty and worktree branch are in the tooltip", () => {
  const s: SessionSummary = {
    ...base,
    name: 'payments-backend',
    state: 'running',
    specialty: { label: 'api', globs: ['api/**'] },
    worktree: { path: '/wt', branch: 'agent-affinity/backend' },
  };
  assert.equal(sessionDescription(base), 'idle · Claude');
  // Short enough for the default sidebar width: the specialty and branch made the row overflow.
  assert.equal(sessionDescription(s), 'running · Claude');
  assert.equal(sessionDescription({ ...s, agent: 'gemini' }), 'running · Gemini');
  const tip = sessionTooltip(s, 0);
  assert.match(tip, /^\*\*payments\\-backend\*\* · Claude Code · running/);
  assert.match(tip, /Specialty: api \(`api\/\*\*`\)/);
  assert.match(tip, /Worktree branch: `agent-affinity\/backend`/);
  // Where there is room (a quick pick), and for screen readers, everything.
  assert.equal(sessionLongDescription(s), 'running · Claude Code · api · ⎇ backend');
  assert.equal(
    sessionAccessibilityLabel(s, undefined, true),
    'payments-backend, running · Claude Code · api · ⎇ backend, most affinity with the active editor',
  );
});

test('every state has an icon; failed is red', () => {
  for (const s of ['idle', 'starting', 'running', 'waiting', 'stopping', 'stopped', 'failed'] as const) assert.ok(stateIcons[s].icon);
  assert.equal(stateIcons.failed.color, 'errorForeground');
});

test('tooltips escape what the agent or user wrote', () => {
  const md = sessionTooltip({ ...base, name: '**evil** [x](command:rm)', lastError: { reason: 'crash <b>', stderrTail: [], at: 0 } }, 1000);
  assert.doesNotMatch(md, /\*\*evil\*\*/);
  assert.match(md, /\\\*\\\*evil\\\*\\\* \\\[x\\\]\\\(command:rm\\\)/);
  assert.match(md, /crash \\<b\\>/);
});

test('task text is shortened to its first line; descriptions carry priority, dependencies and errors', () => {
  assert.equal(firstLine('fix the login\nand more'), 'fix the login');
  assert.equal(firstLine('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
  assert.equal(
    taskDescription({ id: 't', text: 'a', priority: 2, status: 'queued', dependsOn: ['t0'], createdAt: 0, attempts: 0 }),
    'queued · priority 2 · after t0',
  );
  assert.equal(
    taskDescription({ id: 't', text: 'a', priority: 0, status: 'failed', dependsOn: [], createdAt: 0, attempts: 1, error: 'exit 1' }),
    'failed · exit 1',
  );
});

test('specialty globs: comma-separated, relative, inside the folder', () => {
  assert.deepEqual(parseGlobs(' api/** , **/*.tsx ,'), { globs: ['api/**', '**/*.tsx'] });
  assert.match(parseGlobs('/etc/**').error ?? '', /absolute/);
  assert.match(parseGlobs('../x/**').error ?? '', /leaves the folder/);
});

test('after a failure, the tasks queued then are named in the notification (failed without a start)', () => {
  const failedAt = 1000;
  const task = (id: string, attempts: number, finishedAt: number): SessionSummary['recent'][number] => ({
    id,
    text: id,
    priority: 0,
    status: 'failed',
    dependsOn: [],
    createdAt: 0,
    attempts,
    finishedAt,
  });
  const lastError = { reason: 'Claude Code exited with code 1', stderrTail: [], at: failedAt };
  assert.equal(notStartedNote({ recent: [task('t1', 1, failedAt)], lastError }), '');
  assert.equal(
    notStartedNote({ recent: [task('t1', 1, failedAt), task('t2', 0, failedAt)], lastError }),
    ' Its queued task was not started; Resume runs it.',
  );
  assert.equal(
    notStartedNote({ recent: [task('t0', 0, 10), task('t1', 1, failedAt), task('t2', 0, failedAt), task('t3', 0, failedAt)], lastError }),
    ' Its queued tasks were not started; Resume runs them.',
  );
});
