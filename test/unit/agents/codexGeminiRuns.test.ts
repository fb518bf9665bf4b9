// Codex and Gemini adapters end to end through the process runner, with a CLI that replays
// recorded event lines.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { AgentAdapter } from '../../../src/core/agents/agentAdapter';
import { CodexAdapter } from '../../../src/core/agents/codexAdapter';
import { GeminiAdapter } from '../../../src/core/agents/geminiAdapter';
import { startAgentRun } from '../../../src/core/agents/processRunner';
import type { RunOutcome } from '../../../src/core/agents/runTracker';
import { replayJsonlPath } from '../../support/fakeAgents/fakeAgents';

const cwd = mkdtempSync(join(tmpdir(), 'aa-replay-'));
after(() => rmSync(cwd, { recursive: true, force: true }));
const fixture = (name: string): string => join(__dirname, 'fixtures', name);

function replay(adapter: AgentAdapter, file: string, exit = 0, conversationId?: string): Promise<RunOutcome> {
  return startAgentRun(
    adapter,
    { text: '-x task', cwd, env: { FAKE_JSONL: fixture(file), FAKE_EXIT: String(exit) }, ...(conversationId ? { conversationId } : {}) },
    () => undefined,
  ).outcome;
}

describe('Codex and Gemini runs (replayed CLI output)', { concurrency: true, timeout: 20_000 }, () => {
  test('codex: a completed turn is ok with the thread id', async () => {
    const o = await replay(new CodexAdapter({ executable: replayJsonlPath }), 'codex-exec.jsonl');
    assert.equal(o.ok, true);
    assert.equal(o.conversationId, '0199a213-81c0-7800-8aa1-bbab2a035a53');
    assert.match(o.resultText ?? '', /README/);
  });

  test("codex: a failed turn fails the task with the agent's message", async () => {
    const o = await replay(
      new CodexAdapter({ executable: replayJsonlPath }),
      'codex-failed.jsonl',
      1,
      '0199a213-81c0-7800-8aa1-bbab2a035a53',
    );
    assert.equal(o.failure?.kind, 'agent-error');
    assert.match(o.failure?.reason ?? '', /401 Unauthorized/);
    assert.deepEqual(JSON.parse(o.failure?.stderrTail[0] ?? '[]'), [
      'exec',
      '--json',
      'resume',
      '0199a213-81c0-7800-8aa1-bbab2a035a53',
      '--',
      '-x task',
    ]);
  });

  test('gemini: ok with the session id; error result fails with its message', async () => {
    const a = new GeminiAdapter({ executable: replayJsonlPath });
    const ok = await replay(a, 'gemini-stream.jsonl');
    assert.equal(ok.ok, true);
    assert.equal(ok.conversationId, 'test-session-123');
    const bad = await replay(a, 'gemini-error.jsonl', 1);
    assert.equal(bad.failure?.kind, 'agent-error');
    assert.match(bad.failure?.reason ?? '', /API_KEY_INVALID/);
  });

  test('codex: exit without any event → exit-before-init', async () => {
    const o = await startAgentRun(new CodexAdapter({ executable: replayJsonlPath }), { text: 't', cwd }, () => undefined).outcome;
    assert.equal(o.failure?.kind, 'exit-before-init');
  });
});
