// The workspace stores declared in one map (src/server/workspaceStores.ts): each sets aside a single
// bad entry of its lists instead of failing (or quarantining) the whole document, and each file is
// private (0600), an older 0644 file included. (The symptom of issue 16, a session record with
// `specialty: "x"` that made every `affinity/sessions/list` fail: test/unit/sessions/sessionsWorkspace.test.ts.)
import assert from 'node:assert/strict';
import { chmod, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { StoreProblem } from '../../../src/core/store/storeTypes';
import { openWorkspaceStore, type WorkspaceStores } from '../../../src/core/workspace/workspaceStores';
import { storedSession } from '../../support/sessions/storedSession';
import { caseDirs } from '../../support/store/storeFixtures';

const session = storedSession;

const audit = (taskId: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  v: 1,
  at: '2026-01-01T00:00:00.000Z',
  taskId,
  task: 'fix the login form',
  strategy: 'affinity',
  candidates: [{ sessionId: 's-1', score: 0.5, reasons: ['held files'] }],
  excluded: [],
  chosen: 's-1',
  by: 'router',
  independent: false,
  ...extra,
});

const budget = (sessionId: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  summary: {
    sessionId,
    agent: 'claude',
    usedTokens: 1000,
    window: 200000,
    fraction: 0.005,
    source: 'usage',
    model: null,
    level: 'ok',
    totals: { inputTokens: 1, outputTokens: 2, cacheCreationTokens: 3, cacheReadTokens: 4 },
    costUsd: 0.01,
    breakdown: [{ name: 'messages', tokens: 1000, estimate: false }],
    headroomTokens: 150000,
    trend: [1000],
    updatedAt: 5,
    ...extra,
  },
  notified: 'ok',
});

const consolidation = (folder: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  folder,
  at: 5,
  generalize: false,
  files: [{ path: `${folder}/.claude/settings.json`, scope: 'project', backupPath: '/b', before: 3, after: 2, writtenSha256: 'ab' }],
  before: 3,
  after: 2,
  findings: 1,
  ...extra,
});

interface Case<K extends keyof WorkspaceStores> {
  readonly key: K;
  readonly file: string;
  readonly doc: Record<string, unknown>;
  readonly loaded: (data: WorkspaceStores[K]) => unknown;
  readonly expected: unknown;
  readonly reason: RegExp;
}

const cases: ReadonlyArray<Case<keyof WorkspaceStores>> = [
  {
    key: 'sessions',
    file: 'sessions.json',
    doc: { sessions: [session('s-good'), session('s-bad', { specialty: 'x' })], worktrees: {} },
    loaded: (d) => (d as WorkspaceStores['sessions']).sessions.map((s) => s.id),
    expected: ['s-good'],
    reason: /session "s-bad": specialty: expected an object, found a string/,
  },
  {
    key: 'routing',
    file: 'routing.json',
    doc: { audit: [audit('t-1'), audit('t-2', { candidates: 'none' }), audit('t-3')], tracker: null },
    loaded: (d) => (d as WorkspaceStores['routing']).audit.map((a) => a.taskId),
    expected: ['t-1', 't-3'],
    reason: /routing audit entry #1: candidates: expected a list/,
  },
  {
    key: 'budgets',
    file: 'budgets.json',
    doc: { budgets: { 's-1': budget('s-1'), 's-2': budget('s-2', { trend: 7 }) } },
    loaded: (d) => Object.keys((d as WorkspaceStores['budgets']).budgets),
    expected: ['s-1'],
    reason: /budget of session "s-2": summary: trend: expected a list, found a number/,
  },
  {
    key: 'consolidations',
    file: 'permissions.json',
    doc: { last: { '/a': consolidation('/a'), '/b': consolidation('/b', { files: null }) } },
    loaded: (d) => Object.keys((d as WorkspaceStores['consolidations']).last),
    expected: ['/a'],
    reason: /consolidation record of "\/b": files: expected a list, found null/,
  },
];

describe('workspace stores', () => {
  const freshDir = caseDirs().fresh;

  for (const c of cases) {
    test(`${c.key}: one bad entry is set aside, the others load; the 0644 file becomes 0600`, async () => {
      const dir = await freshDir();
      const file = join(dir, c.file);
      await writeFile(file, JSON.stringify({ schemaVersion: 1, ...c.doc }));
      await chmod(file, 0o644);
      const problems: StoreProblem[] = [];
      const store = await openWorkspaceStore(dir, c.key, (p) => problems.push(p));
      assert.deepEqual(c.loaded(store.data as never), c.expected);
      assert.deepEqual(
        problems.map((p) => p.kind),
        ['recordsQuarantined'],
      );
      const problem = problems[0];
      assert.ok(problem?.kind === 'recordsQuarantined');
      assert.match(problem.message, c.reason);
      assert.ok(problem.message.includes(problem.quarantinePath));
      await store.close();
      assert.equal((await stat(file)).mode & 0o777, 0o600, 'private from its next write');
      assert.equal((await stat(problem.quarantinePath)).mode & 0o777, 0o600, 'the entry set aside is private too');
    });
  }
});
