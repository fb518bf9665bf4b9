// The budget workspace over a real session manager whose agents the test plays: budgets follow the
// agent's usage events, one threshold event at critical, a compaction, the context pack, the
// figures persisted across a restart, rollover with a handoff from the session's transcript; and a
// Codex session's fill read from Codex's own session log after its turn (the recorded
// `codex exec --json` events, then the rollout file under CODEX_HOME).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../../../src/core/agents/agentEvents';
import { CodexJsonParser } from '../../../src/core/agents/codexParser';
import { BudgetStore } from '../../../src/core/budget/budgetStore';
import type { SessionBudgetSummary } from '../../../src/core/budget/budgetSummary';
import { BudgetWorkspace, type BudgetWorkspaceSettings } from '../../../src/core/budget/budgetWorkspace';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';
import { parseFixture } from '../../support/agents/readFixture';
import { lspDocuments } from '../../support/lspDocuments';
import { manualSessions, type ManualSessions } from '../../support/sessions/manualSessions';

const roots: string[] = [];
after(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'aa-budget-ws-'));
  roots.push(root);
  return root;
}

interface Budgets {
  budget: BudgetWorkspace;
  /** Every summary published, in order. */
  published: SessionBudgetSummary[];
  thresholds: { sessionId: string; level: string }[];
}

async function openBudget(sessions: ManualSessions, storage: string, folder: string, settings: BudgetWorkspaceSettings): Promise<Budgets> {
  const budget = new BudgetWorkspace({
    manager: sessions.manager,
    store: await BudgetStore.open(storage, (p) => assert.fail(p.message)),
    documents: lspDocuments().port,
    folders: [folder],
    worktreeOf: () => undefined,
    settings: () => settings,
    log: () => undefined,
  });
  const published: SessionBudgetSummary[] = [];
  const thresholds: Budgets['thresholds'] = [];
  budget.onChanged((s) => void published.push(s));
  budget.onThreshold((e) => void thresholds.push({ sessionId: e.sessionId, level: e.level }));
  return { budget, published, thresholds };
}

async function until(check: () => boolean, what: () => string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What Claude Code reports for one answer with these usage figures (as its parser emits it). */
function claudeAnswer(id: string, input: number, creation: number, read: number): AgentEvent[] {
  return [
    { type: 'text', text: 'Noted. We decided to keep the cache.', isSidechain: false },
    {
      type: 'usage',
      messageId: id,
      model: 'claude-sonnet-4-5',
      input_tokens: input,
      cache_creation_input_tokens: creation,
      cache_read_input_tokens: read,
      output_tokens: 1, // the stream's placeholder; the run's report has the real count
      isSidechain: false,
    },
    {
      type: 'done',
      ok: true,
      costUsd: 0.05,
      runUsage: { input_tokens: input, output_tokens: 9, cache_creation_input_tokens: creation, cache_read_input_tokens: read },
      contextWindow: 200_000,
    },
  ];
}

describe('budget workspace (scripted agents)', () => {
  test('usage, thresholds, compaction, context pack, persistence and rollover', async () => {
    const root = tempRoot();
    const folder = join(root, 'workspace');
    const storage = join(root, 'storage');
    mkdirSync(folder);
    mkdirSync(storage);
    writeFileSync(join(folder, 'CLAUDE.md'), '# Project memory\nUse tabs. Run npm test before committing.\n');
    writeFileSync(join(folder, 'auth.ts'), 'export function login(user: string): boolean {\n  return user.length > 0;\n}\n');
    const settings = { ...DEFAULT_SETTINGS.budget, environment: { claude: { CLAUDE_CONFIG_DIR: join(root, 'claude') } } };
    const sessions = manualSessions();
    const { manager } = sessions;
    let run = await openBudget(sessions, storage, folder, settings);
    const last = (id: string): SessionBudgetSummary | undefined => run.published.filter((b) => b.sessionId === id).at(-1);
    try {
      const s = manager.createSession({ name: 'backend', agent: 'claude', folder, specialty: { label: 'api', globs: ['*.ts'] } });
      // A context pack right after creation: the headroom of the estimate, the file the task names.
      const early = await run.budget.contextPack(s.id, 'fix auth.ts');
      assert.ok(early.budgetTokens > 100_000, JSON.stringify(early));
      assert.deepEqual(
        early.files.map((f) => f.path),
        [join(folder, 'auth.ts')],
      );
      // Before any answer: an estimate including the memory file.
      await until(
        () => last(s.id)?.source === 'estimate' && (last(s.id)?.breakdown.find((c) => c.name === 'Memory files')?.tokens ?? 0) > 0,
        () => JSON.stringify(last(s.id)),
      );

      await sessions.runTask(s.id, 'USAGE 50000 10000 24000', claudeAnswer('msg_1', 50_000, 10_000, 24_000));
      let b = last(s.id);
      assert.equal(b?.usedTokens, 84_000, JSON.stringify(b));
      assert.equal(b?.source, 'usage');
      // The stream's usage carried the placeholder output count (1); the run's report the real 9.
      assert.deepEqual(b?.totals, { inputTokens: 50_000, outputTokens: 9, cacheCreationTokens: 10_000, cacheReadTokens: 24_000 });
      assert.ok((b?.costUsd ?? 0) > 0);
      const window = b?.window ?? 0;
      assert.equal(window, 200_000);
      assert.equal(run.thresholds.length, 0, 'no threshold crossed yet');

      const critical = Math.ceil(window * 0.93);
      await sessions.runTask(s.id, 'USAGE critical', claudeAnswer('msg_2', critical - 30_000, 10_000, 20_000));
      b = last(s.id);
      assert.equal(b?.usedTokens, critical, JSON.stringify(b));
      assert.equal(b?.level, 'critical');
      assert.deepEqual(
        run.thresholds.map((e) => [e.sessionId, e.level]),
        [[s.id, 'critical']],
      );

      // Compact Session sends /compact: the agent reports a compaction boundary.
      await sessions.runTask(s.id, '/compact', [
        { type: 'compaction', trigger: 'manual', preTokens: critical },
        { type: 'done', ok: true },
      ]);
      assert.ok(
        run.published
          .filter((x) => x.sessionId === s.id)
          .slice(-6)
          .some((x) => x.source === 'compacted'),
        JSON.stringify(last(s.id)),
      );
      const pack = await run.budget.contextPack(s.id, 'fix auth.ts');
      assert.equal(pack.budgetTokens, Math.max(0, (last(s.id)?.headroomTokens ?? 0) - pack.taskTokens));
      assert.ok(pack.budgetTokens > 0, 'after the compaction the fixed parts are what is assumed in the window');
      assert.deepEqual(
        pack.files.map((f) => f.path),
        [join(folder, 'auth.ts')],
      );
      assert.ok((pack.files[0]?.tokens ?? 0) > 5);
      const before = last(s.id);
      await run.budget.close();

      // After a restart the last figures are back.
      run = await openBudget(sessions, storage, folder, settings);
      const listed = run.budget.list().find((x) => x.sessionId === s.id);
      assert.deepEqual(listed, before && { ...before, updatedAt: listed?.updatedAt });

      // Roll over: a new session in the same folder and specialty, seeded with the handoff; the old one stopped.
      const rolled: string[] = [];
      run.budget.onRolledOver(({ from, to }) => void rolled.push(from, to));
      const r = await run.budget.rollOver(s.id);
      assert.equal(r.session.name, 'backend (2)');
      assert.deepEqual(r.session.specialty, { label: 'api', globs: ['*.ts'] });
      assert.equal(r.handoffSource, 'session transcript', 'no Claude Code transcript here: the session keeps its own');
      assert.deepEqual(rolled, [s.id, r.session.id]);
      const seed = await sessions.drivers.run((x) => x.sessionId === r.session.id);
      assert.match(seed.req.text, /Handoff from a previous session/);
      assert.ok(seed.req.text.includes('USAGE 50000'), 'the new session was sent the handoff with the old requests');
      assert.equal(manager.get(s.id)?.state, 'stopped');
      seed.finish({ resultText: 'Read it.' });
    } finally {
      await run.budget.close();
      await manager.dispose();
    }
  });
});

describe("a Codex session's fill from its session log (recorded codex exec events)", () => {
  const THREAD = '0199a213-81c0-7800-8aa1-bbab2a035a53';

  /** Plays the recorded run in a Codex session; every figure published for it once the log was read. */
  async function run(root: string, codexHome: string): Promise<SessionBudgetSummary[]> {
    const storage = mkdtempSync(join(root, 'storage-'));
    const folder = mkdtempSync(join(root, 'ws-'));
    const sessions = manualSessions();
    const { budget, published } = await openBudget(sessions, storage, folder, {
      ...DEFAULT_SETTINGS.budget,
      environment: { codex: { CODEX_HOME: codexHome } },
    });
    let closed = false;
    try {
      const s = sessions.manager.createSession({ name: 'codex', agent: 'codex', folder });
      const events = parseFixture(new CodexJsonParser(), 'codex-exec.jsonl');
      const task = await sessions.runTask(s.id, 'where is the README?', events, { conversationId: THREAD });
      assert.equal(task.status, 'succeeded', task.error);
      // Closing waits for the session log's reading started at the end of the turn.
      await budget.close();
      closed = true;
      return published.filter((b) => b.sessionId === s.id);
    } finally {
      if (!closed) await budget.close();
      await sessions.manager.dispose();
    }
  }

  test('the last request of the log, not the turn aggregate', async () => {
    const root = tempRoot();
    const home = join(root, 'codex-home');
    const now = new Date();
    const dir = join(
      home,
      'sessions',
      String(now.getFullYear()),
      String(now.getMonth() + 1).padStart(2, '0'),
      String(now.getDate()).padStart(2, '0'),
    );
    mkdirSync(dir, { recursive: true });
    const usage = (input: number, cached: number, output: number): Record<string, number> => ({
      input_tokens: input,
      cached_input_tokens: cached,
      output_tokens: output,
      reasoning_output_tokens: 0,
      total_tokens: input + output,
    });
    const tokenCount = (total: Record<string, number>, lastUsage: Record<string, number>): string =>
      JSON.stringify({
        timestamp: now.toISOString(),
        type: 'event_msg',
        payload: { type: 'token_count', info: { total_token_usage: total, last_token_usage: lastUsage, model_context_window: 272_000 } },
      });
    writeFileSync(
      join(dir, `rollout-2026-11-22T10-00-00-${THREAD}.jsonl`),
      [
        JSON.stringify({
          timestamp: now.toISOString(),
          type: 'session_meta',
          payload: { id: THREAD, cwd: '/repo', originator: 'codex_exec' },
        }),
        JSON.stringify({ timestamp: now.toISOString(), type: 'turn_context', payload: { model: 'gpt-5-codex', cwd: '/repo' } }),
        tokenCount(usage(12_000, 11_000, 60), usage(12_000, 11_000, 60)),
        tokenCount(usage(24_763, 24_448, 122), usage(12_763, 12_448, 62)),
        '',
      ].join('\n'),
    );
    const budgets = await run(root, home);
    const last = budgets.at(-1);
    // The stream's turn.completed gave the turn's sum, 24,763 in (cached included) + 122 out: an upper bound.
    assert.ok(
      budgets.some((b) => b.source === 'aggregate' && b.usedTokens === 24_763 + 122),
      JSON.stringify(budgets.map((b) => [b.source, b.usedTokens])),
    );
    assert.equal(last?.source, 'usage');
    assert.equal(last?.usedTokens, 12_763 + 62);
    assert.equal(last?.window, 272_000);
    assert.equal(last?.model, 'gpt-5-codex');
    assert.deepEqual(last?.trend, [12_763 + 62]);
  });

  test('without a session log the aggregate stays, labelled as such', async () => {
    const root = tempRoot();
    const budgets = await run(root, join(root, 'no-codex-home'));
    assert.equal(budgets.at(-1)?.source, 'aggregate');
    assert.ok(budgets.some((b) => b.source === 'aggregate' && b.usedTokens === 24_763 + 122));
  });
});
