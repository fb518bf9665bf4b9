// The routing service through a real orchestrator with the fake Claude CLI: a rollover moves the
// old session's context to the new one (the old one is no candidate and no fan-out worker, and the
// fan-out's full report arrives as Markdown); outcomes count for the area a task was routed for
// although it runs under the session manager's id; a moved task's handoff lists the learned fixes
// for the current errors in its files.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FixStore, JsonFixRepository, makeUnifiedDiff } from '../../../../src/core/fixes';
import { RollOverSessionRequest } from '../../../../src/protocol/budget';
import { FileDiagnosticsNotification, ListFixesRequest } from '../../../../src/protocol/fixes';
import {
  DispatchRequest,
  ExplainRouteRequest,
  FanOutFinishedNotification,
  FanOutRequest,
  RouteRequest,
  WorkspaceSymbolsRequest,
  type RouteDecisionView,
} from '../../../../src/protocol/routing';
import { CreateSessionRequest, ResumeSessionRequest, SendTaskRequest, StopSessionRequest } from '../../../../src/protocol/sessions';
import { MetricsRequest } from '../../../../src/protocol/metrics';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../../src/protocol/settings';
import { fakeClaudePath } from '../../../support/fakeAgents/fakeAgents';
import { closeLeftRunning, type OrchestratorUnderTest } from '../../../support/orchestratorProcess';
import { startWorkspaceOrchestrator, type WorkspaceOrchestrator } from '../../../support/workspaceOrchestrator';

const FILES = ['src/auth/session.ts', 'src/auth/token.ts', 'src/billing/invoice.ts', 'src/billing/cart.ts', 'src/lib/util.ts'];
const constError = (name: string): string => `Cannot assign to '${name}' because it is a constant.`;

interface Workspace {
  root: string;
  folder: string;
  storage: string;
}

function workspace(): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'aa-routing-'));
  const folder = join(root, 'ws');
  for (const f of FILES) {
    mkdirSync(join(folder, f, '..'), { recursive: true });
    writeFileSync(join(folder, f), `export const x = 1;\n`);
  }
  const storage = join(root, 'storage');
  mkdirSync(storage);
  return { root, folder, storage };
}

const ranked = (d: RouteDecisionView, name: string): RouteDecisionView['ranked'][number] | undefined =>
  d.ranked.find((r) => r.name === name);

describe('routing service (orchestrator, fake Claude CLI)', { timeout: 120_000 }, () => {
  const started: OrchestratorUnderTest[] = [];
  const dirs: string[] = [];
  after(async () => {
    await closeLeftRunning(started);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function start(
    ws: Workspace,
  ): Promise<WorkspaceOrchestrator & { fanOutReports: { fanOutId: string; report: string; text: string }[] }> {
    const w = await startWorkspaceOrchestrator(started, {
      storage: ws.storage,
      folders: [ws.folder],
      settings: {
        ...defaultSettings,
        executables: { ...defaultSettings.executables, claude: fakeClaudePath },
        environment: { claude: { CLAUDE_CONFIG_DIR: join(ws.root, 'claude') } },
      },
    });
    const fanOutReports: { fanOutId: string; report: string; text: string }[] = [];
    w.o.connection.onNotification(
      FanOutFinishedNotification.method,
      (p: { fanOutId: string; report: string; text: string }) => void fanOutReports.push(p),
    );
    w.o.connection.onRequest(WorkspaceSymbolsRequest.method, () => []);
    return { ...w, fanOutReports };
  }

  /** Sends `text` straight to a session and waits for it to finish. */
  async function run(w: WorkspaceOrchestrator, sessionId: string, text: string): Promise<void> {
    const task = await w.o.request(SendTaskRequest, { sessionId, text });
    await w.waitFor(
      () => w.finished.some((t) => t.id === task.id),
      30_000,
      () => `task ${text} did not finish`,
    );
  }

  /** Routes `text`, dispatches it to `sessionId` and waits for it to finish. */
  async function routeTo(w: WorkspaceOrchestrator, sessionId: string, text: string): Promise<void> {
    const d = await w.o.request(RouteRequest, { text });
    const r = await w.o.request(DispatchRequest, {
      decisionId: d.decisionId,
      text,
      sessionId,
      by: d.chosen === sessionId ? 'router' : 'user',
    });
    await w.waitFor(
      () => w.finished.some((t) => t.id === r.task.id),
      30_000,
      () => `task ${text} did not finish`,
    );
  }

  test("after a rollover the new session wins the old one's files; the old one is excluded and no fan-out worker", async () => {
    const ws = workspace();
    dirs.push(ws.root);
    const w = await start(ws);
    const auth = (await w.o.request(CreateSessionRequest, { name: 'auth', agent: 'claude', folder: ws.folder })).session;
    const spare = (await w.o.request(CreateSessionRequest, { name: 'spare', agent: 'claude', folder: ws.folder })).session;
    await w.o.request(StopSessionRequest, { sessionId: spare.id });
    await run(w, auth.id, 'edit:src/auth/session.ts');
    const task = 'Fix the token refresh in src/auth/session.ts';
    assert.equal((await w.o.request(ExplainRouteRequest, { text: task })).chosen, auth.id);

    const rolled = await w.o.request(RollOverSessionRequest, { sessionId: auth.id });
    await w.waitFor(
      () => w.finished.length >= 2,
      30_000,
      () => 'the seed task of the new session did not finish',
    );
    const after = await w.o.request(ExplainRouteRequest, { text: task });
    assert.equal(after.chosen, rolled.session.id, JSON.stringify(after));
    assert.match(ranked(after, rolled.session.name)?.reasons.join('; ') ?? '', /edited src\/auth\/session\.ts/);
    assert.deepEqual(
      after.excluded.map((x) => [x.name, /rolled over/.test(x.why)]),
      [['auth', true]],
    );

    const plan = await w.o.request(FanOutRequest, { text: 'Add the license header', glob: 'src/billing/**' });
    assert.deepEqual(
      plan.subtasks.map((s) => s.sessionName),
      [rolled.session.name],
      'stopped sessions (spare, auth) are no idle workers',
    );
    assert.equal(plan.newSessions, 0);
    await w.waitFor(
      () => w.fanOutReports.length === 1,
      30_000,
      () => 'the fan-out did not finish',
    );
    const report = w.fanOutReports[0]?.report ?? '';
    assert.match(report, new RegExp(`^# Fan-out ${plan.fanOutId}: 1 of 1 subtasks done`));
    assert.match(report, /- `src\/billing\/cart\.ts`/);
    assert.match(report, /Answer: Add the license header/);
    assert.equal(await w.o.close(), 0);
  });

  test('the success figure in the reasons is the metrics figure; a CLI that never started does not count', async () => {
    const ws = workspace();
    dirs.push(ws.root);
    const w = await start(ws);
    const a = (await w.o.request(CreateSessionRequest, { name: 'a', agent: 'claude', folder: ws.folder })).session;
    await w.o.request(CreateSessionRequest, { name: 'b', agent: 'claude', folder: ws.folder });
    for (let i = 0; i < 3; i++) await routeTo(w, a.id, `ok fix the totals in src/billing/invoice.ts (${i})`);
    // The CLI exits before it starts the task: a setup problem, not a failed task (issue 11, item 9).
    for (let i = 0; i < 3; i++) {
      await routeTo(w, a.id, `exit-before-init tidy src/lib/util.ts (${i})`);
      await w.o.request(ResumeSessionRequest, { sessionId: a.id });
    }
    assert.deepEqual(
      w.finished.map((t) => t.status),
      ['succeeded', 'succeeded', 'succeeded', 'failed', 'failed', 'failed'],
    );
    const metrics = await w.o.request(MetricsRequest, undefined);
    const mine = metrics.sessions.find((m) => m.sessionId === a.id);
    assert.deepEqual([mine?.tasksRun, mine?.succeeded], [3, 3], 'the metrics count the three tasks that ran');
    const decision = await w.o.request(ExplainRouteRequest, { text: 'Round the totals in src/billing/invoice.ts' });
    const reasons = ranked(decision, 'a')?.reasons ?? [];
    assert.ok(reasons.includes('100% of its 3 tasks succeeded'), `one figure for the dashboard and the router: ${reasons.join('; ')}`);
    assert.equal(await w.o.close(), 0);
  });

  test('a task moved away from its context carries a handoff listing the learned fixes for its files', async () => {
    const ws = workspace();
    dirs.push(ws.root);
    const repo = await JsonFixRepository.open({ file: join(ws.storage, 'learned-fixes.json') });
    const store = await FixStore.open(repo);
    const learned = await store.learn({
      error: { message: constError('limit'), source: 'ts', code: 2588, languageId: 'typescript', file: join(ws.folder, 'src/lib/util.ts') },
      diff: makeUnifiedDiff('const limit = 1;\nlimit = 2;\n', 'let limit = 1;\nlimit = 2;\n'),
      origin: 'manual',
      now: 1,
    });
    await store.flush(1);
    await repo.close();

    const w = await start(ws);
    assert.equal((await w.o.request(ListFixesRequest, {})).total, 1);
    const auth = (await w.o.request(CreateSessionRequest, { name: 'auth', agent: 'claude', folder: ws.folder })).session;
    const other = (await w.o.request(CreateSessionRequest, { name: 'other', agent: 'claude', folder: ws.folder })).session;
    await run(w, auth.id, 'edit:src/auth/session.ts');
    await w.o.connection.sendNotification(FileDiagnosticsNotification.method, {
      uri: pathToFileURL(join(ws.folder, 'src/auth/session.ts')).href,
      diagnostics: [
        {
          message: constError('max'),
          source: 'ts',
          code: 2588,
          severity: 'error',
          range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
        },
      ],
    });

    const text = 'Fix the token refresh in src/auth/session.ts';
    const d = await w.o.request(RouteRequest, { text });
    assert.equal(d.chosen, auth.id);
    const moved = await w.o.request(DispatchRequest, { decisionId: d.decisionId, text, sessionId: other.id, by: 'user' });
    assert.equal(moved.handoffFrom, 'auth');
    const handoff = moved.task.text.slice(moved.task.text.indexOf('## Handoff'));
    assert.match(
      handoff,
      /### Learned fixes that apply\n- Cannot assign to 'max' because it is a constant\. \(src\/auth\/session\.ts\): "[^"]+", worked /,
    );
    assert.ok(learned && handoff.includes(learned.title), handoff);
    await w.waitFor(
      () => w.finished.some((t) => t.id === moved.task.id),
      30_000,
      () => 'the moved task did not finish',
    );
    assert.equal(await w.o.close(), 0);
  });
});
