// A Codex session in the orchestrator with the REAL Codex CLI (executables.codex) against the mock
// Responses API: the task succeeds, and after the turn the orchestrator reads the rollout file the
// CLI wrote under CODEX_HOME (settings.environment.codex) and publishes the last request's usage.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionBudgetSummary } from '../../../../src/protocol/budget';
import { CreateSessionRequest, SendTaskRequest } from '../../../../src/protocol/sessions';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../../src/protocol/settings';
import { codexDirectiveResponder } from '../../../support/mockOpenAI/codexDirectives';
import { codexTestEnv, mockCodexModel, realCodexPath, type CodexTestEnv } from '../../../support/mockOpenAI/codexEnv';
import { MockOpenAIServer } from '../../../support/mockOpenAI/mockServer';
import { closeLeftRunning, type OrchestratorUnderTest } from '../../../support/orchestratorProcess';
import { startWorkspaceOrchestrator } from '../../../support/workspaceOrchestrator';

describe('Codex fill from its session log (orchestrator, real Codex CLI)', () => {
  const started: OrchestratorUnderTest[] = [];
  const mock = new MockOpenAIServer((req, server) => {
    const reply = codexDirectiveResponder(req);
    // Two requests in the turn: the stream's sum (30,000 in) is well above the last one (16,000 in).
    const usage =
      server.sent.length === 0
        ? { input_tokens: 14_000, cached_tokens: 0, output_tokens: 200 }
        : { input_tokens: 16_000, cached_tokens: 13_900, output_tokens: 60 };
    return reply.kind === 'response' ? { ...reply, usage } : reply;
  });
  let t: CodexTestEnv | undefined;
  before(async () => {
    await mock.start();
    t = codexTestEnv(mock.baseUrl);
  });
  after(async () => {
    await closeLeftRunning(started);
    await mock.stop();
    t?.cleanup();
  });

  test("a task with a tool call succeeds and the budget ends with the rollout's last request", async () => {
    assert.ok(t);
    const storage = mkdtempSync(join(t.codexHome, '..', 'storage-'));
    // The product passes no --skip-git-repo-check: the session's folder is a git repository.
    const folder = t.folder('ws');
    const { o, budgets, finished, waitFor } = await startWorkspaceOrchestrator(started, {
      storage,
      folders: [folder],
      settings: {
        ...defaultSettings,
        executables: { ...defaultSettings.executables, codex: realCodexPath },
        environment: { codex: t.env },
      },
    });
    const s = (await o.request(CreateSessionRequest, { name: 'codex', agent: 'codex', folder })).session;
    const task = await o.request(SendTaskRequest, { sessionId: s.id, text: 'RUN ls' });
    const mine = (): SessionBudgetSummary[] => budgets.filter((b) => b.sessionId === s.id);
    await waitFor(
      () => finished.some((x) => x.id === task.id) && mine().some((b) => b.source === 'usage'),
      30_000,
      () => `no finished task and usage figure: ${JSON.stringify({ finished, budget: mine().at(-1) })}`,
    );
    assert.equal(await o.close(), 0);
    const done = finished.find((x) => x.id === task.id);
    assert.equal(done?.status, 'succeeded', done?.error);
    assert.match(done?.resultText ?? '', /^Ran it: /);
    assert.equal(mock.responseRequests().length, 2);
    assert.deepEqual(mock.unknownRequests(), []);
    assert.ok(
      mine().some((b) => b.source === 'aggregate' && b.usedTokens === 30_000 + 260),
      JSON.stringify(mine().map((b) => [b.source, b.usedTokens])),
    );
    const last = mine().at(-1);
    assert.equal(last?.source, 'usage');
    assert.equal(last?.usedTokens, 16_000 + 60);
    assert.equal(last?.window, 258_400, "gpt-5.5's model_context_window in Codex 0.169");
    assert.equal(last?.model, mockCodexModel);
    assert.deepEqual(last?.trend, [16_000 + 60]);
  });
});
