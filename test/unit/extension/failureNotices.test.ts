import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionSummary } from '../../../src/protocol/sessions';
import { FailureTracker, failureNoticeText, noLinks } from '../../../src/extension/sessions/failureNotices';

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

const failed: SessionSummary = {
  ...base,
  state: 'failed',
  lastError: { reason: 'claude not found: set agentAffinity.claude.path', stderrTail: ['spawn ENOENT'], at: 1 },
  recent: [{ id: 't-7', text: 'hello', priority: 0, status: 'failed', dependsOn: [], createdAt: 0, attempts: 1, retryable: true }],
};

test('a session that fails gets one notice; one already failed when the window opens gets none', () => {
  const t = new FailureTracker();
  assert.deepEqual(t.update([{ ...failed, id: 'old' }, base]).failed, []);
  assert.deepEqual(
    t.update([{ ...failed, id: 'old' }, failed]).failed.map((s) => s.id),
    ['s-1'],
  );
  assert.deepEqual(t.update([{ ...failed, id: 'old' }, failed]).failed, [], 'still failed: no second notice');
});

test('the notice is withdrawn once the session is retried or resumed (recovered), stopped or deleted', () => {
  const t = new FailureTracker();
  t.update([base, { ...base, id: 's-2', name: 'frontend' }, { ...base, id: 's-3', name: 'docs' }]);
  t.update([failed, { ...failed, id: 's-2', name: 'frontend' }, { ...failed, id: 's-3', name: 'docs' }]);
  const changes = t.update([
    { ...base, state: 'running' },
    { ...base, id: 's-2', name: 'frontend', state: 'stopped' },
  ]);
  assert.deepEqual(changes.failed, []);
  assert.deepEqual(changes.resolved, [
    { sessionId: 's-1', name: 'backend', recovered: true },
    { sessionId: 's-2', name: 'frontend', recovered: false },
    { sessionId: 's-3', name: 'docs', recovered: false },
  ]);
  // Failing again after the retry is news again.
  assert.deepEqual(
    t.update([failed]).failed.map((s) => s.id),
    ['s-1'],
  );
});

test('the notice says why and links Retry Task (the failed task), Resume and Open Transcript', () => {
  const text = failureNoticeText(failed);
  assert.match(text, /^Agent Affinity: session 'backend' failed \(\[Retry Task\]/);
  assert.match(text, /\): claude not found: set agentAffinity\.claude\.path \(spawn ENOENT\)$/);
  const links = [...text.matchAll(/\[([^\]]+)\]\(command:([\w.]+)\?([^)]*)\)/g)].map((m) => [
    m[1],
    m[2],
    JSON.parse(decodeURIComponent(m[3] ?? '')) as unknown,
  ]);
  assert.deepEqual(links, [
    ['Retry Task', 'agentAffinity.retryTask', [{ kind: 'task', sessionId: 's-1', task: { id: 't-7' } }]],
    ['Resume', 'agentAffinity.resumeSession', ['s-1']],
    ['Open Transcript', 'agentAffinity.openSessionTranscript', ['s-1']],
  ]);
  assert.doesNotMatch(failureNoticeText({ ...failed, recent: [] }), /Retry Task/);
});

test('what the agent printed never becomes a link in the notice', () => {
  const evil = failureNoticeText({
    ...failed,
    name: '[x](command:rm)',
    lastError: { reason: 'see [here](command:workbench.action.terminal.sendSequence?%7B%7D)', stderrTail: ['[a] (b)'], at: 1 },
  });
  const commands = [...evil.matchAll(/\]\((command:[\w.]+)/g)].map((m) => m[1]);
  assert.deepEqual(commands, [
    'command:agentAffinity.retryTask',
    'command:agentAffinity.resumeSession',
    'command:agentAffinity.openSessionTranscript',
  ]);
  assert.equal(noLinks('[a](b) and [c] (d)'), '[a]\u200b(b) and [c] (d)');
});

test('a missing CLI: the notice says where its setting applies and links to those settings', () => {
  const s = {
    id: 's1',
    name: 'backend',
    agent: 'claude',
    folder: '/w',
    cwd: '/w',
    state: 'failed',
    queue: [],
    recent: [],
    tasksRun: 0,
    workingSet: [],
    createdAt: 0,
    lastActivityAt: 0,
    lastError: { reason: 'Claude Code could not be started: "claude" was not found', stderrTail: [], at: 1, kind: 'missing-executable' },
  } as const satisfies SessionSummary;
  const remote = failureNoticeText(s, { label: 'Remote settings', command: 'workbench.action.openRemoteSettings' });
  assert.match(remote, /\[Open Remote Settings\]\(command:workbench\.action\.openRemoteSettings\?/);
  assert.match(remote, /set agentAffinity\.claude\.path in Remote settings: User settings do not apply to it here/);
  const local = failureNoticeText(s, { label: 'User settings', command: 'workbench.action.openSettings' });
  assert.match(local, /\[Open User Settings\]\(command:workbench\.action\.openSettings\?/);
  const other = failureNoticeText({ ...s, lastError: { ...s.lastError, kind: 'crash' } }, { label: 'User settings', command: 'x' });
  assert.doesNotMatch(other, /Open User Settings/);
});
