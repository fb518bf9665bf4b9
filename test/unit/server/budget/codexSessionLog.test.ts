// A Codex session's fill in the orchestrator comes from Codex's own session log: the replayed
// `codex exec --json` run (recorded lines) ends its turn, the orchestrator finds the thread's rollout
// file under CODEX_HOME and publishes `last_token_usage` against `model_context_window`.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionBudgetSummary } from '../../../../src/protocol/budget';
import { CreateSessionRequest, SendTaskRequest } from '../../../../src/protocol/sessions';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../../src/protocol/settings';
import { replayJsonlPath } from '../../../support/fakeAgents/fakeAgents';
import { closeLeftRunning, type OrchestratorUnderTest } from '../../../support/orchestratorProcess';
import { startWorkspaceOrchestrator } from '../../../support/workspaceOrchestrator';

const THREAD = '0199a213-81c0-7800-8aa1-bbab2a035a53';
const recorded = join(__dirname, '..', '..', 'agents', 'fixtures', 'codex-exec.jsonl');

describe('Codex fill from its session log (orchestrator, replayed Codex CLI)', () => {
  let root = '';
  const started: OrchestratorUnderTest[] = [];
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'aa-codex-fill-'));
  });
  after(async () => {
    await closeLeftRunning(started);
    rmSync(root, { recursive: true, force: true });
  });

  async function run(codexHome: string): Promise<SessionBudgetSummary[]> {
    const storage = mkdtempSync(join(root, 'storage-'));
    const folder = mkdtempSync(join(root, 'ws-'));
    const { o, budgets, finished, waitFor } = await startWorkspaceOrchestrator(started, {
      storage,
      folders: [folder],
      settings: {
        ...defaultSettings,
        executables: { ...defaultSettings.executables, codex: replayJsonlPath },
        environment: { codex: { FAKE_JSONL: recorded, CODEX_HOME: codexHome } },
      },
    });
    const s = (await o.request(CreateSessionRequest, { name: 'codex', agent: 'codex', folder })).session;
    const t = await o.request(SendTaskRequest, { sessionId: s.id, text: 'where is the README?' });
    await waitFor(
      () => finished.some((x) => x.id === t.id) && budgets.some((b) => b.sessionId === s.id && b.source !== 'estimate'),
      20_000,
      () => `no finished task and figure: ${JSON.stringify(budgets.at(-1))}`,
    );
    // The log is read after the turn: give it a moment, then stop.
    const until = Date.now() + 3000;
    while (Date.now() < until && !budgets.some((b) => b.sessionId === s.id && b.source === 'usage'))
      await new Promise((r) => setTimeout(r, 25));
    assert.equal(await o.close(), 0);
    return budgets.filter((b) => b.sessionId === s.id);
  }

  test('the last request of the log, not the turn aggregate', async () => {
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
    writeFileSync(
      join(dir, `rollout-2026-11-22T10-00-00-${THREAD}.jsonl`),
      [
        JSON.stringify({
          timestamp: now.toISOString(),
          type: 'session_meta',
          payload: { id: THREAD, cwd: '/repo', originator: 'codex_exec' },
        }),
        JSON.stringify({ timestamp: now.toISOString(), type: 'turn_context', payload: { model: 'gpt-5-codex', cwd: '/repo' } }),
        JSON.stringify({
          timestamp: now.toISOString(),
          type: 'event_msg',
          payload: {
            type: 'token_count',
            info: {
              total_token_usage: usage(12_000, 11_000, 60),
              last_token_usage: usage(12_000, 11_000, 60),
              model_context_window: 272_000,
            },
          },
        }),
        JSON.stringify({
          timestamp: now.toISOString(),
          type: 'event_msg',
          payload: {
            type: 'token_count',
            info: {
              total_token_usage: usage(24_763, 24_448, 122),
              last_token_usage: usage(12_763, 12_448, 62),
              model_context_window: 272_000,
            },
          },
        }),
        '',
      ].join('\n'),
    );
    const budgets = await run(home);
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
    const budgets = await run(join(root, 'no-codex-home'));
    assert.equal(budgets.at(-1)?.source, 'aggregate');
  });
});
