// A Gemini session in the orchestrator with the REAL Gemini CLI against the mock Gemini API: tasks
// finish, the second resumes the first's session, and each run's budget figure is the run's
// aggregate prompt (labelled 'aggregate') as the mock's reported usage implies it, against the
// window of the model that answered.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionBudgetSummary } from '../../../../src/protocol/budget';
import { CreateSessionRequest, ListSessionsRequest, SendTaskRequest, type TaskSummary } from '../../../../src/protocol/sessions';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../../src/protocol/settings';
import { directiveResponder, userTexts } from '../../../support/mockGemini/directiveResponder';
import { geminiTestEnv, realGeminiPath, type GeminiTestEnv } from '../../../support/mockGemini/geminiEnv';
import { MockGeminiServer } from '../../../support/mockGemini/mockServer';
import { closeLeftRunning, type OrchestratorUnderTest } from '../../../support/orchestratorProcess';
import { startWorkspaceOrchestrator } from '../../../support/workspaceOrchestrator';

/** The prompt tokens of the requests the mock answered from index `from` on: a run's aggregate. */
function promptSince(mock: MockGeminiServer, from: number): number {
  return mock.requests.slice(from).reduce((n, r) => n + (r.usage?.promptTokenCount ?? 0), 0);
}

describe('Gemini session budget (orchestrator, real Gemini CLI, mock API)', { timeout: 90_000 }, () => {
  const mock = new MockGeminiServer(directiveResponder);
  let t: GeminiTestEnv;
  const started: OrchestratorUnderTest[] = [];
  before(async () => {
    await mock.start();
    t = geminiTestEnv(mock.url);
  });
  after(async () => {
    await closeLeftRunning(started);
    await mock.stop();
    t.cleanup();
  });

  test("tasks succeed, the session resumes, each run's figure is its aggregate prompt", async () => {
    const folder = t.folder('ws');
    const storage = t.folder('storage');
    const { o, budgets, finished, waitFor } = await startWorkspaceOrchestrator(started, {
      storage,
      folders: [folder],
      settings: {
        ...defaultSettings,
        executables: { ...defaultSettings.executables, gemini: realGeminiPath },
        environment: { gemini: t.env },
      },
    });
    const s = (await o.request(CreateSessionRequest, { name: 'gemini', agent: 'gemini', folder })).session;

    /** Sends the session's `n`-th task; its figure is the one published at its end (the n-th trend point). */
    const runTask = async (text: string, n: number): Promise<{ task: TaskSummary; figure: SessionBudgetSummary; expected: number }> => {
      const from = mock.requests.length;
      const sent = await o.request(SendTaskRequest, { sessionId: s.id, text });
      const figure = (): SessionBudgetSummary | undefined =>
        budgets.find((b) => b.sessionId === s.id && b.source === 'aggregate' && b.trend.length === n);
      await waitFor(
        () => finished.some((x) => x.id === sent.id) && figure() !== undefined,
        40_000,
        () => `no finished task and figure: ${JSON.stringify({ finished, last: budgets.at(-1) })}`,
      );
      const task = finished.find((x) => x.id === sent.id);
      const fig = figure();
      assert.ok(task && fig);
      return { task, figure: fig, expected: promptSince(mock, from) };
    };

    const first = await runTask('what is in this folder?', 1);
    assert.equal(first.task.status, 'succeeded', first.task.error);
    assert.equal(first.task.resultText, 'Answer: what is in this folder?');
    assert.ok(first.expected > 0);
    assert.equal(first.figure.usedTokens, first.expected);
    const main = mock.modelRequests().at(-1);
    assert.equal(first.figure.model, main?.model);
    assert.equal(first.figure.window, 1_048_576, 'the window of the Gemini model, not the 200k default for an unknown "auto"');
    const conversationId = (await o.request(ListSessionsRequest, undefined)).find((x) => x.id === s.id)?.conversationId;
    assert.match(conversationId ?? '', /^[0-9a-f-]{36}$/);

    const second = await runTask('and the tests?', 2);
    assert.equal(second.task.status, 'succeeded', second.task.error);
    const resumed = mock.modelRequests().at(-1);
    assert.ok(resumed);
    assert.deepEqual(userTexts(resumed), ['what is in this folder?', 'and the tests?']);
    assert.equal((await o.request(ListSessionsRequest, undefined)).find((x) => x.id === s.id)?.conversationId, conversationId);
    // A run's figure is that run's own aggregate (the resumed prompt is larger), not a sum over runs.
    assert.equal(second.figure.usedTokens, second.expected);
    assert.deepEqual(second.figure.trend, [first.expected, second.expected]);
    assert.ok(second.expected > first.expected);
    assert.deepEqual(mock.unknownRequests(), []);
    assert.equal(await o.close(), 0);
  });
});
