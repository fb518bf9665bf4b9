import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionSummary } from '../../../src/protocol/sessions';
import { parseGlobs } from '../../../src/extension/sessions/globInput';
import {
  firstLine,
  notStartedNote,
  sessionDescription,
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

test('description names agent, specialty, worktree branch and state', () => {
  assert.equal(sessionDescription(base), 'idle · Claude Code');
  assert.equal(
    sessionDescription({
      ...base,
      state: 'running',
      specialty: { label: 'api', globs: ['api/**'] },
      worktree: { path: '/wt', branch: 'agent-affinity/backend' },
    }),
    'running · Claude Code · api · ⎇ backend',
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
