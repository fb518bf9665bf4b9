// The orchestrator's budget feature driven over IPC as VS Code drives it, with the real Claude Code
// CLI answering from the mock API with set usage figures: budgets pushed as they change, one
// threshold notification at critical, persisted across a restart, rollover with a handoff from the
// agent's own transcript, and the context pack.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HealthRequest } from '../../../../src/protocol/orchestrator';
import {
  BudgetChangedNotification,
  BudgetThresholdNotification,
  ContextPackRequest,
  ListBudgetsRequest,
  RollOverSessionRequest,
  type BudgetThresholdEvent,
  type SessionBudgetSummary,
} from '../../../../src/protocol/budget';
import {
  CreateSessionRequest,
  ListSessionsRequest,
  SendTaskRequest,
  TaskFinishedNotification,
  type TaskSummary,
} from '../../../../src/protocol/sessions';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../../src/protocol/settings';
import { claudeTestEnv, realClaudePath, type ClaudeTestEnv } from '../../../support/mockAnthropic/claudeEnv';
import { userTexts } from '../../../support/mockAnthropic/directiveResponder';
import { MockAnthropicServer } from '../../../support/mockAnthropic/mockServer';
import { usageResponder } from '../../../support/mockAnthropic/usageResponder';
import { closeLeftRunning, startOrchestratorProcess, type OrchestratorUnderTest } from '../../../support/orchestratorProcess';

/** When the mock answered each USAGE task, by the fill it implies. */
const replied = new Map<number, number>();
const respond = usageResponder({
  text: 'Noted. We decided to keep the cache.',
  outputTokens: 9,
  onReply: (r) => void replied.set(r.used, r.at),
});

describe('orchestrator budget feature (real Claude Code CLI, mock API)', () => {
  let api: MockAnthropicServer;
  let env: ClaudeTestEnv;
  let storage: string;
  let folder: string;

  before(async () => {
    api = new MockAnthropicServer(respond);
    await api.start();
    env = claudeTestEnv(api.url);
    storage = env.folder('storage');
    folder = env.folder('workspace');
    writeFileSync(join(folder, 'CLAUDE.md'), '# Project memory\nUse tabs. Run npm test before committing.\n');
    writeFileSync(join(folder, 'auth.ts'), 'export function login(user: string): boolean {\n  return user.length > 0;\n}\n');
  });
  const started: OrchestratorUnderTest[] = [];
  after(async () => {
    // A failed assertion leaves the orchestrator (and its agent) running: end them so the run ends.
    await closeLeftRunning(started);
    await api.stop();
    env.cleanup();
  });

  interface Run {
    o: OrchestratorUnderTest;
    budgets: SessionBudgetSummary[];
    seenAt: Map<number, number>;
    thresholds: BudgetThresholdEvent[];
    finished: TaskSummary[];
  }
  async function start(): Promise<Run> {
    const o = startOrchestratorProcess();
    started.push(o);
    const run: Run = { o, budgets: [], seenAt: new Map(), thresholds: [], finished: [] };
    o.connection.onNotification(BudgetChangedNotification.method, (p: { budget: SessionBudgetSummary }) => {
      run.budgets.push(p.budget);
      if (p.budget.usedTokens != null && !run.seenAt.has(p.budget.usedTokens)) run.seenAt.set(p.budget.usedTokens, Date.now());
    });
    o.connection.onNotification(BudgetThresholdNotification.method, (p: BudgetThresholdEvent) => void run.thresholds.push(p));
    o.connection.onNotification(TaskFinishedNotification.method, (p: { task: TaskSummary }) => void run.finished.push(p.task));
    o.connection.onNotification(() => undefined);
    await o.initialize({
      extensionVersion: 'test',
      globalStorageDir: storage,
      workspaceStorageDir: storage,
      trusted: true,
      workspaceFolders: [folder],
      settings: {
        ...defaultSettings,
        executables: { ...defaultSettings.executables, claude: realClaudePath },
        environment: { claude: env.env },
        claudePermissionMode: 'acceptEdits',
      },
    });
    await o.request(HealthRequest, undefined);
    return run;
  }
  async function until(check: () => boolean, what: () => string, ms = 60_000): Promise<void> {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const last = (run: Run, id: string): SessionBudgetSummary | undefined => run.budgets.filter((b) => b.sessionId === id).at(-1);

  test('usage, thresholds, persistence, rollover and context pack', async () => {
    const run = await start();
    const s = (
      await run.o.request(CreateSessionRequest, {
        name: 'backend',
        agent: 'claude',
        folder,
        specialty: { label: 'api', globs: ['*.ts'] },
      })
    ).session;
    // A context pack right after creation: the headroom of the estimate, the file the task names.
    const early = await run.o.request(ContextPackRequest, { sessionId: s.id, task: 'fix auth.ts' });
    assert.ok(early.budgetTokens > 100_000, JSON.stringify(early));
    assert.deepEqual(
      early.files.map((f) => f.path),
      [join(folder, 'auth.ts')],
    );
    // Before any answer: an estimate including the memory file.
    await until(
      () => last(run, s.id)?.source === 'estimate' && (last(run, s.id)?.breakdown.find((c) => c.name === 'Memory files')?.tokens ?? 0) > 0,
      () => JSON.stringify(last(run, s.id)),
    );

    const t1 = await run.o.request(SendTaskRequest, { sessionId: s.id, text: 'USAGE 50000 10000 24000' });
    await until(
      () => run.finished.some((t) => t.id === t1.id),
      () => 'task 1',
    );
    let b = last(run, s.id);
    assert.equal(b?.usedTokens, 84_000, JSON.stringify(b));
    assert.equal(b?.source, 'usage');
    // The stream's assistant line carried the placeholder output count (1); the run's report the real 9.
    assert.deepEqual(b?.totals, { inputTokens: 50_000, outputTokens: 9, cacheCreationTokens: 10_000, cacheReadTokens: 24_000 });
    assert.ok((b?.costUsd ?? 0) > 0);
    const window = b?.window ?? 0;
    const latency = (run.seenAt.get(84_000) ?? Infinity) - (replied.get(84_000) ?? 0);
    console.log(`budget pushed ${latency} ms after the mock answered (window ${window})`);
    assert.ok(latency < 1000, `${latency} ms`);
    assert.ok(window >= 200_000, `window ${window}`);

    const critical = Math.ceil(window * 0.93);
    const t2 = await run.o.request(SendTaskRequest, { sessionId: s.id, text: `USAGE ${critical - 30_000} 10000 20000` });
    await until(
      () => run.finished.some((t) => t.id === t2.id),
      () => 'task 2',
    );
    b = last(run, s.id);
    assert.equal(b?.usedTokens, critical, JSON.stringify(b));
    assert.equal(b?.level, 'critical');
    assert.deepEqual(
      run.thresholds.map((e) => [e.sessionId, e.level]),
      [[s.id, 'critical']],
    );

    // Compact Session sends /compact: Claude Code summarises and reports a compaction boundary.
    const t3 = await run.o.request(SendTaskRequest, { sessionId: s.id, text: '/compact' });
    await until(
      () => run.finished.some((t) => t.id === t3.id),
      () => 'the compaction',
    );
    const compacted = run.budgets
      .filter((x) => x.sessionId === s.id)
      .slice(-6)
      .map((x) => x.source);
    assert.ok(
      compacted.includes('compacted'),
      `sources after /compact: ${compacted.join(', ')}; task ${JSON.stringify(run.finished.find((t) => t.id === t3.id))}`,
    );

    const pack = await run.o.request(ContextPackRequest, { sessionId: s.id, task: 'fix auth.ts' });
    assert.equal(pack.budgetTokens, Math.max(0, (last(run, s.id)?.headroomTokens ?? 0) - pack.taskTokens));
    assert.ok(pack.budgetTokens > 0, 'after the compaction the fixed parts are what is assumed in the window');
    assert.deepEqual(
      pack.files.map((f) => f.path),
      [join(folder, 'auth.ts')],
    );
    assert.ok((pack.files[0]?.tokens ?? 0) > 5);
    assert.equal(await run.o.close(), 0);

    // After a restart the last figures are back.
    const again = await start();
    const listed = (await again.o.request(ListBudgetsRequest, undefined)).find((x) => x.sessionId === s.id);
    assert.deepEqual(listed, last(run, s.id) && { ...last(run, s.id), updatedAt: listed?.updatedAt });

    // Roll over: a new session in the same folder and specialty, seeded with the handoff; the old one stopped.
    const before = api.messageRequests().length;
    const r = await again.o.request(RollOverSessionRequest, { sessionId: s.id });
    assert.equal(r.session.name, 'backend (2)');
    assert.deepEqual(r.session.specialty, { label: 'api', globs: ['*.ts'] });
    assert.match(r.handoffSource, /\.jsonl$/);
    await until(
      () => again.finished.some((t) => t.text.includes('Handoff from a previous session')),
      () => 'the seed task',
    );
    const seeded = api
      .messageRequests()
      .slice(before)
      .some((q) => userTexts(q).some((t) => t.includes('Handoff from a previous session') && t.includes('USAGE 50000')));
    assert.ok(seeded, 'the new session was sent the handoff with the old requests');
    const sessions = await again.o.request(ListSessionsRequest, undefined);
    assert.equal(sessions.find((x) => x.id === s.id)?.state, 'stopped');
    assert.equal(await again.o.close(), 0);
  });
});
