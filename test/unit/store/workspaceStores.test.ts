// The workspace stores declared in one map (src/server/workspaceStores.ts): each sets aside a single
// bad entry of its lists instead of failing (or quarantining) the whole document, and each file is
// private (0600), an older 0644 file included. And the symptom of issue 16: a session record with
// `specialty: "x"` no longer makes every `affinity/sessions/list` fail, even after a restart.
import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { StoreProblem } from '../../../src/core/store';
import { CreateSessionRequest, ListSessionsRequest } from '../../../src/protocol/sessions';
import { HealthRequest, ProblemNotification, type UserProblem } from '../../../src/protocol/orchestrator';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../src/protocol/settings';
import { openWorkspaceStore, type WorkspaceStores } from '../../../src/core/workspace/workspaceStores';
import { closeLeftRunning, startOrchestratorProcess, type OrchestratorUnderTest } from '../../support/orchestratorProcess';
import { caseDirs } from '../../support/store/storeFixtures';

const session = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  name: `session ${id}`,
  agent: 'claude',
  folder: '/w',
  state: 'idle',
  queue: [],
  history: [{ id: `t-${id}`, text: 'a task', priority: 0, dependsOn: [], status: 'succeeded', createdAt: 1, finishedAt: 2, attempts: 1 }],
  workingSet: [],
  createdAt: 1,
  lastActivityAt: 2,
  ...extra,
});

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

  describe('through the orchestrator', () => {
    const started: OrchestratorUnderTest[] = [];
    after(() => closeLeftRunning(started));

    async function start(storage: string): Promise<{ o: OrchestratorUnderTest; problems: UserProblem[] }> {
      const o = startOrchestratorProcess();
      started.push(o);
      const problems: UserProblem[] = [];
      o.connection.onNotification(ProblemNotification.method, (p: UserProblem) => void problems.push(p));
      o.connection.onNotification(() => undefined);
      await o.initialize({
        extensionVersion: 'test',
        globalStorageDir: storage,
        workspaceStorageDir: storage,
        trusted: true,
        workspaceFolders: [storage],
        settings: defaultSettings,
      });
      await o.request(HealthRequest, undefined);
      return { o, problems };
    }

    test('a session record with specialty "x" no longer breaks sessions/list, before or after a restart', async () => {
      const storage = join(await freshDir(), 'storage');
      await mkdir(storage);
      await writeFile(
        join(storage, 'sessions.json'),
        JSON.stringify({ schemaVersion: 1, sessions: [session('s-good'), session('s-bad', { specialty: 'x' })], worktrees: {} }),
      );
      const first = await start(storage);
      const listed = await first.o.request(ListSessionsRequest, undefined);
      assert.deepEqual(
        listed.map((s) => s.id),
        ['s-good'],
      );
      const aside = (await readdir(storage)).find((f) => f.startsWith('sessions.bad-records-'));
      assert.ok(aside, 'the bad record is kept beside the store');
      assert.ok(
        first.problems.some((p) => p.severity === 'warning' && p.file === join(storage, aside) && /s-bad/.test(p.message)),
        JSON.stringify(first.problems),
      );
      // The same request the issue made: refused, and the list keeps working.
      await assert.rejects(
        first.o.request(CreateSessionRequest, { name: 'bad', agent: 'claude', folder: storage, specialty: 'x' } as never),
        /specialty/,
      );
      assert.equal((await first.o.request(ListSessionsRequest, undefined)).length, 1);
      assert.equal(await first.o.close(), 0);
      const second = await start(storage);
      assert.deepEqual(
        (await second.o.request(ListSessionsRequest, undefined)).map((s) => s.id),
        ['s-good'],
      );
      assert.deepEqual(
        second.problems.filter((p) => /sessions/.test(p.message)),
        [],
        'nothing left to set aside after the restart',
      );
      const kept = JSON.parse(await readFile(join(storage, aside), 'utf8')) as { records: Array<{ entry: { id: string } }> };
      assert.deepEqual(
        kept.records.map((r) => r.entry.id),
        ['s-bad'],
      );
      assert.equal(await second.o.close(), 0);
    });
  });
});
