// The routing workspace over a real session manager whose agents the test plays, wired to the
// budget and learned-fix workspaces as the orchestrator wires them (src/server/features.ts): a
// rollover moves the old session's context to the new one (the old one is no candidate and no
// fan-out worker, and the fan-out's full report arrives as Markdown); the success figure in the
// reasons is the metrics' (a CLI that never started does not count); a moved task's handoff
// lists the learned fixes for the current errors in its files.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BudgetStore } from '../../../src/core/budget/budgetStore';
import { BudgetWorkspace } from '../../../src/core/budget/budgetWorkspace';
import { FixStore } from '../../../src/core/fixes/fixStore';
import { FixesWorkspace } from '../../../src/core/fixes/fixesWorkspace';
import { JsonFixRepository } from '../../../src/core/fixes/jsonFixRepository';
import { makeUnifiedDiff } from '../../../src/core/fixes/unifiedDiff';
import type { FanOutFinished } from '../../../src/core/routing/routingWorkspaceTypes';
import { RoutingWorkspace } from '../../../src/core/routing/routingWorkspace';
import type { Decided } from '../../../src/core/routing/routingWorkspaceTypes';
import { openRoutingStore } from '../../../src/core/routing/routingStore';
import { MetricsRecorder } from '../../../src/core/metrics/metricsRecorder';
import type { RunFailureKind } from '../../../src/core/agents/runTracker';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';
import { lspDocuments } from '../../support/lspDocuments';
import { manualSessions, toolUse, type ManualSessions } from '../../support/sessions/manualSessions';

const FILES = ['src/auth/session.ts', 'src/auth/token.ts', 'src/billing/invoice.ts', 'src/billing/cart.ts', 'src/lib/util.ts'];
const constError = (name: string): string => `Cannot assign to '${name}' because it is a constant.`;

interface Workspace extends ManualSessions {
  folder: string;
  routing: RoutingWorkspace;
  budget: BudgetWorkspace;
  fixes: FixesWorkspace;
  fanOutReports: FanOutFinished[];
  metrics: MetricsRecorder;
  close(): Promise<void>;
}

const roots: string[] = [];
after(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});

/** A workspace folder with FILES, its storage (with `seed` run on it first) and the three workspaces wired. */
async function workspace(seed?: (storage: string, folder: string) => Promise<void>): Promise<Workspace> {
  const root = mkdtempSync(join(tmpdir(), 'aa-routing-'));
  roots.push(root);
  const folder = join(root, 'ws');
  for (const f of FILES) {
    mkdirSync(join(folder, f, '..'), { recursive: true });
    writeFileSync(join(folder, f), `export const x = 1;\n`);
  }
  const storage = join(root, 'storage');
  mkdirSync(storage);
  await seed?.(storage, folder);
  const sessions = manualSessions();
  const { manager } = sessions;
  const documents = lspDocuments().port;
  const environment = { claude: { CLAUDE_CONFIG_DIR: join(root, 'claude') } };
  const fixes = new FixesWorkspace({
    globalStorageDir: storage,
    folders: [folder],
    documents,
    settings: () => DEFAULT_SETTINGS.fixes,
    log: () => undefined,
    storeProblem: () => undefined,
    unavailable: (m) => assert.fail(m),
  });
  fixes.attachSessions(manager);
  const metrics = new MetricsRecorder();
  fixes.onTaskFinished((t) => metrics.taskFinished(t));
  const budget = new BudgetWorkspace({
    manager,
    store: await BudgetStore.open(storage, () => undefined),
    documents,
    folders: [folder],
    worktreeOf: () => undefined,
    settings: () => ({ ...DEFAULT_SETTINGS.budget, environment }),
    log: () => undefined,
  });
  const routing = new RoutingWorkspace({
    manager,
    folders: [folder],
    documents,
    settings: () => ({ ...DEFAULT_SETTINGS.routing, maxParallelSessions: DEFAULT_SETTINGS.maxParallelSessions }),
    workspaceFolderOf: (id) => manager.get(id)?.folder,
    createSession: async (input) => manager.createSession(input),
    askSymbols: async () => [],
    sessionSuccess: (id) => metrics.outcomes.success(id),
    store: await openRoutingStore(storage, () => undefined),
    taskText: (id, text) => fixes.taskText(id, text),
    knownFixes: (f, files) => fixes.knownFixes(f, files),
    log: () => undefined,
  });
  routing.setHeadroom((id) => budget.headroom(id));
  budget.onRolledOver(({ from, to }) => routing.sessionRolledOver(from, to));
  const fanOutReports: FanOutFinished[] = [];
  routing.onFanOutFinished((f) => void fanOutReports.push(f));
  return {
    ...sessions,
    folder,
    routing,
    budget,
    fixes,
    fanOutReports,
    metrics,
    close: async () => {
      await routing.close();
      await budget.close();
      await fixes.close();
      await manager.dispose();
    },
  };
}

const rankedOf = (d: Decided, sessionId: string): Decided['decision']['ranked'][number] | undefined =>
  d.decision.ranked.find((r) => r.sessionId === sessionId);
/** Routes `text`, dispatches it to `sessionId` (the person's pick when the router chose another) and plays it. */
async function routeTo(
  w: Workspace,
  sessionId: string,
  text: string,
  ok: boolean,
  failureKind: RunFailureKind = 'exit-code',
): Promise<void> {
  const d = await w.routing.decide(text, undefined, false);
  const r = await w.routing.dispatch({ decisionId: d.id, text, sessionId, by: d.decision.chosen === sessionId ? 'router' : 'user' });
  await w.play(
    sessionId,
    r.task,
    [],
    ok
      ? { resultText: `Answer: ${text}` }
      : { ok: false, exitCode: 2, failure: { kind: failureKind, reason: 'the agent exited with code 2', stderrTail: [] } },
  );
}

describe('routing workspace (scripted agents)', () => {
  test("after a rollover the new session wins the old one's files; the old one is excluded and no fan-out worker", async () => {
    const w = await workspace();
    try {
      const { manager, routing, budget } = w;
      const auth = manager.createSession({ name: 'auth', agent: 'claude', folder: w.folder });
      const spare = manager.createSession({ name: 'spare', agent: 'claude', folder: w.folder });
      await manager.stopSession(spare.id);
      await w.runTask(auth.id, 'edit the session', [toolUse('Edit', [{ path: 'src/auth/session.ts', access: 'edit' }])]);
      const task = 'Fix the token refresh in src/auth/session.ts';
      assert.equal((await routing.decide(task, undefined, true)).decision.chosen, auth.id);

      const rolled = await budget.rollOver(auth.id);
      const seed = [...(manager.get(rolled.session.id)?.history ?? []), ...(manager.get(rolled.session.id)?.queue ?? [])][0];
      assert.ok(seed, 'the new session was sent its handoff');
      await w.play(rolled.session.id, seed, [], { resultText: 'Read the handoff.' });
      const afterRoll = await routing.decide(task, undefined, true);
      assert.equal(afterRoll.decision.chosen, rolled.session.id, JSON.stringify(afterRoll.decision));
      assert.match(rankedOf(afterRoll, rolled.session.id)?.reasons.join('; ') ?? '', /edited src\/auth\/session\.ts/);
      assert.deepEqual(
        afterRoll.decision.excluded.map((x) => [routing.nameOf(x.sessionId), /rolled over/.test(x.why)]),
        [['auth', true]],
      );

      const plan = await routing.fanOut('Add the license header', 'src/billing/**');
      assert.deepEqual(
        plan.subtasks.map((s) => s.sessionName),
        [rolled.session.name],
        'stopped sessions (spare, auth) are no idle workers',
      );
      assert.equal(plan.newSessions, 0);
      const run = await w.drivers.run((r) => r.sessionId === rolled.session.id && r.req.text.includes('Add the license header'));
      run.finish({ resultText: `Answer: ${run.req.text}` });
      while (w.fanOutReports.length === 0) await new Promise((r) => setTimeout(r, 10));
      const report = w.fanOutReports[0]?.report ?? '';
      assert.match(report, new RegExp(`^# Fan-out ${plan.fanOutId}: 1 of 1 subtasks done`));
      assert.match(report, /- `src\/billing\/cart\.ts`/);
      assert.match(report, /Answer: Add the license header/);
    } finally {
      await w.close();
    }
  });

  test('the success figure in the reasons is the metrics figure; a CLI that never started does not count', async () => {
    const w = await workspace();
    try {
      const { manager, routing } = w;
      const a = manager.createSession({ name: 'a', agent: 'claude', folder: w.folder });
      manager.createSession({ name: 'b', agent: 'claude', folder: w.folder });
      for (let i = 0; i < 3; i++) await routeTo(w, a.id, `fix the totals in src/billing/invoice.ts (${i})`, true);
      // The CLI exits before it starts the task: a setup problem, not a failed task (issue 11, item 9).
      for (let i = 0; i < 3; i++) {
        await routeTo(w, a.id, `tidy src/lib/util.ts (${i})`, false, 'exit-before-init');
        manager.resumeSession(a.id);
      }
      assert.deepEqual(
        manager.get(a.id)?.history.map((t) => t.status),
        ['succeeded', 'succeeded', 'succeeded', 'failed', 'failed', 'failed'],
      );
      const mine = w.metrics.snapshot().sessions.find((m) => m.sessionId === a.id);
      assert.deepEqual([mine?.tasksRun, mine?.succeeded], [3, 3], 'the metrics count the three tasks that ran');
      const decision = await routing.decide('Round the totals in src/billing/invoice.ts', undefined, true);
      const reasons = rankedOf(decision, a.id)?.reasons ?? [];
      assert.ok(reasons.includes('100% of its 3 tasks succeeded'), `one figure for the dashboard and the router: ${reasons.join('; ')}`);
    } finally {
      await w.close();
    }
  });

  test('a task moved away from its context carries a handoff listing the learned fixes for its files', async () => {
    let learnedTitle = '';
    const w = await workspace(async (storage, folder) => {
      const repo = await JsonFixRepository.open({ file: join(storage, 'learned-fixes.json') });
      const store = await FixStore.open(repo);
      const learned = await store.learn({
        error: { message: constError('limit'), source: 'ts', code: 2588, languageId: 'typescript', file: join(folder, 'src/lib/util.ts') },
        diff: makeUnifiedDiff('const limit = 1;\nlimit = 2;\n', 'let limit = 1;\nlimit = 2;\n'),
        origin: 'manual',
        now: 1,
      });
      learnedTitle = learned.title;
      await store.flush(1);
      await repo.close();
    });
    try {
      const { manager, routing, fixes } = w;
      assert.equal((await fixes.ready())?.size, 1);
      const auth = manager.createSession({ name: 'auth', agent: 'claude', folder: w.folder });
      const other = manager.createSession({ name: 'other', agent: 'claude', folder: w.folder });
      await w.runTask(auth.id, 'edit the session', [toolUse('Edit', [{ path: 'src/auth/session.ts', access: 'edit' }])]);
      fixes.diagnostics(pathToFileURL(join(w.folder, 'src/auth/session.ts')).href, [
        {
          message: constError('max'),
          source: 'ts',
          code: 2588,
          severity: 'error',
          range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
        },
      ]);

      const text = 'Fix the token refresh in src/auth/session.ts';
      const d = await routing.decide(text, undefined, false);
      assert.equal(d.decision.chosen, auth.id);
      const moved = await routing.dispatch({ decisionId: d.id, text, sessionId: other.id, by: 'user' });
      assert.equal(moved.handoffFrom, 'auth');
      const handoff = moved.task.text.slice(moved.task.text.indexOf('## Handoff'));
      assert.match(
        handoff,
        /### Learned fixes that apply\n- Cannot assign to 'max' because it is a constant\. \(src\/auth\/session\.ts\): "[^"]+", worked /,
      );
      assert.ok(learnedTitle && handoff.includes(learnedTitle), handoff);
      assert.equal((await w.play(other.id, moved.task)).status, 'succeeded');
      assert.deepEqual(
        routing.audit(1).map((r) => [r.chosen, r.by]),
        [[other.id, 'user']],
        'the person moved it: audited as theirs',
      );
    } finally {
      await w.close();
    }
  });
});
