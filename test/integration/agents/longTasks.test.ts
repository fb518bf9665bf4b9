// Long tasks and tasks holding NUL reach the model intact through stdin, with the REAL Claude Code,
// Codex and Gemini CLIs against their mock APIs: a 1 MB task used to fail with a bare
// "spawn E2BIG" (Linux refuses one argument past 128 KiB). Short tasks keep their argv (the spec
// and the Command agent's refusal: test/unit/agents/longTasks.test.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClaudeAdapter } from '../../../src/core/agents/claudeAdapter';
import { ClaudeLiveProcess } from '../../../src/core/agents/claudeLiveProcess';
import { CodexAdapter } from '../../../src/core/agents/codexAdapter';
import { GeminiAdapter } from '../../../src/core/agents/geminiAdapter';
import { LONG, NUL_TASK, run, runOptions } from '../../support/agents/longTasks';
import { claudeTestEnv, realClaudePath } from '../../support/mockAnthropic/claudeEnv';
import { directiveResponder, userTexts as claudeUserTexts } from '../../support/mockAnthropic/directiveResponder';
import { MockAnthropicServer, type MockRequest as ClaudeRequest } from '../../support/mockAnthropic/mockServer';
import { codexDirectiveResponder, userTexts as codexUserTexts } from '../../support/mockOpenAI/codexDirectives';
import { codexTestEnv, realCodexPath } from '../../support/mockOpenAI/codexEnv';
import { MockOpenAIServer, type MockRequest as CodexRequest } from '../../support/mockOpenAI/mockServer';
import { directiveResponder as geminiDirectives, userTexts as geminiUserTexts } from '../../support/mockGemini/directiveResponder';
import { geminiTestEnv, realGeminiPath } from '../../support/mockGemini/geminiEnv';
import { MockGeminiServer, type MockGeminiRequest } from '../../support/mockGemini/mockServer';

/** "Received <n> characters" for a long or NUL task (the model's answer stays small), else the directives. */
function sizeAnswer(task: string | undefined): string | undefined {
  return task !== undefined && (task.length > 100_000 || task.includes('\u0000')) ? `Received ${task.length} characters` : undefined;
}

describe('long tasks through stdin (real CLIs, mock APIs)', { concurrency: true, timeout: 180_000 }, () => {
  test('Claude Code one-shot and long-lived: a 1 MB task and a task with NUL reach the API intact', async () => {
    const mock = new MockAnthropicServer((req: ClaudeRequest) => {
      const said = sizeAnswer(claudeUserTexts(req).at(-1));
      return said ? { kind: 'message', blocks: [{ type: 'text', text: said }] } : directiveResponder(req);
    });
    await mock.start();
    const t = claudeTestEnv(mock.url);
    const adapter = new ClaudeAdapter({ executable: realClaudePath });
    try {
      const cwd = t.folder('ws');
      const long = await run(adapter, { text: LONG, cwd, env: t.env });
      assert.equal(long.outcome.ok, true, JSON.stringify(long.outcome.failure));
      assert.equal(long.outcome.resultText, `Received ${LONG.length} characters`);
      assert.equal(claudeUserTexts(mock.messageRequests().at(-1) ?? ({} as ClaudeRequest)).at(-1), LONG);
      const nul = await run(adapter, { text: NUL_TASK, cwd, env: t.env });
      assert.equal(nul.outcome.ok, true, JSON.stringify(nul.outcome.failure));
      assert.equal(claudeUserTexts(mock.messageRequests().at(-1) ?? ({} as ClaudeRequest)).at(-1), NUL_TASK);

      const live = new ClaudeLiveProcess(adapter, { cwd, env: t.env }, runOptions);
      try {
        const o = await live.runTask(LONG, () => undefined).outcome;
        assert.equal(o.ok, true, JSON.stringify(o.failure));
        assert.equal(claudeUserTexts(mock.messageRequests().at(-1) ?? ({} as ClaudeRequest)).at(-1), LONG);
      } finally {
        await live.stop();
      }
    } finally {
      await mock.stop();
      t.cleanup();
    }
  });

  test('Codex: a 1 MB task, on a new thread and resuming one, reaches the API intact', async () => {
    const mock = new MockOpenAIServer((req: CodexRequest) => {
      const said = sizeAnswer(codexUserTexts(req).at(-1));
      return said ? { kind: 'response', items: [{ type: 'message', text: said }] } : codexDirectiveResponder(req);
    });
    await mock.start();
    const t = codexTestEnv(mock.baseUrl);
    const adapter = new CodexAdapter({ executable: realCodexPath });
    try {
      const cwd = t.folder('ws');
      const first = await run(adapter, { text: LONG, cwd, env: t.env });
      assert.equal(first.outcome.ok, true, JSON.stringify(first.outcome.failure));
      assert.equal(first.outcome.resultText, `Received ${LONG.length} characters`);
      assert.equal(codexUserTexts(mock.responseRequests().at(-1) ?? ({} as CodexRequest)).at(-1), LONG);
      const again = await run(adapter, { text: NUL_TASK, cwd, env: t.env, conversationId: first.outcome.conversationId ?? '' });
      assert.equal(again.outcome.ok, true, JSON.stringify(again.outcome.failure));
      assert.equal(again.outcome.conversationId, first.outcome.conversationId);
      assert.equal(codexUserTexts(mock.responseRequests().at(-1) ?? ({} as CodexRequest)).at(-1), NUL_TASK);
    } finally {
      await mock.stop();
      t.cleanup();
    }
  });

  test('Gemini CLI: a 1 MB task reaches the API intact, and a task with NUL resuming the session', async () => {
    const mock = new MockGeminiServer(async (req: MockGeminiRequest) => {
      const said = sizeAnswer(geminiUserTexts(req).at(-1));
      return said ? { kind: 'answer', parts: [{ text: said }] } : geminiDirectives(req);
    });
    await mock.start();
    const t = geminiTestEnv(mock.url);
    const adapter = new GeminiAdapter({ executable: realGeminiPath });
    try {
      const cwd = t.folder('ws');
      const long = await run(adapter, { text: LONG, cwd, env: t.env });
      assert.equal(long.outcome.ok, true, JSON.stringify(long.outcome.failure));
      assert.equal(long.outcome.resultText, `Received ${LONG.length} characters`);
      assert.equal(geminiUserTexts(mock.modelRequests().at(-1) ?? ({} as MockGeminiRequest)).at(-1), LONG);
      const again = await run(adapter, { text: NUL_TASK, cwd, env: t.env, conversationId: long.outcome.conversationId ?? '' });
      assert.equal(again.outcome.ok, true, JSON.stringify(again.outcome.failure));
      assert.equal(again.outcome.conversationId, long.outcome.conversationId, 'resumed, the task through stdin');
      assert.deepEqual(geminiUserTexts(mock.modelRequests().at(-1) ?? ({} as MockGeminiRequest)).slice(-2), [LONG, NUL_TASK]);
    } finally {
      await mock.stop();
      t.cleanup();
    }
  });
});
