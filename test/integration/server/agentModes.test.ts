// What Codex and Gemini sessions may do on their own with the default settings, through the
// orchestrator with the REAL CLIs against their API mocks: both edit files in the session's folder
// (Codex in the workspace-write sandbox, Gemini in auto_edit), a Gemini session created with its
// own permission mode keeps it, and the CLIs' refusals (not a git repository, an untrusted folder)
// fail the task with the setting that allows them. (The settings' validation:
// test/unit/sessions/agentModes.test.ts.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateSessionRequest, SendTaskRequest, type TaskSummary } from '../../../src/protocol/sessions';
import type { OrchestratorSettings } from '../../../src/protocol/settings';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../src/protocol/settings';
import { codexDirectiveResponder } from '../../support/mockOpenAI/codexDirectives';
import { codexTestEnv, realCodexPath, type CodexTestEnv } from '../../support/mockOpenAI/codexEnv';
import { MockOpenAIServer } from '../../support/mockOpenAI/mockServer';
import { directiveResponder } from '../../support/mockGemini/directiveResponder';
import { geminiTestEnv, realGeminiPath, type GeminiTestEnv } from '../../support/mockGemini/geminiEnv';
import { MockGeminiServer } from '../../support/mockGemini/mockServer';
import { closeLeftRunning, type OrchestratorUnderTest } from '../../support/orchestratorProcess';
import { startWorkspaceOrchestrator } from '../../support/workspaceOrchestrator';

/** Starts an orchestrator with `settings`, runs each (session, task) and returns the finished tasks. */
async function runTasks(
  started: OrchestratorUnderTest[],
  storage: string,
  folders: string[],
  settings: OrchestratorSettings,
  jobs: { agent: 'codex' | 'gemini'; folder: string; text: string; permissionMode?: string }[],
): Promise<TaskSummary[]> {
  const { o, finished, waitFor } = await startWorkspaceOrchestrator(started, { storage, folders, settings });
  const ids: string[] = [];
  for (const [i, j] of jobs.entries()) {
    const s = (
      await o.request(CreateSessionRequest, {
        name: `${j.agent}-${i}`,
        agent: j.agent,
        folder: j.folder,
        ...(j.permissionMode ? { permissionMode: j.permissionMode } : {}),
      })
    ).session;
    ids.push((await o.request(SendTaskRequest, { sessionId: s.id, text: j.text })).id);
  }
  await waitFor(
    () => ids.every((id) => finished.some((t) => t.id === id)),
    60_000,
    () => `tasks did not finish: ${JSON.stringify(finished)}`,
  );
  assert.equal(await o.close(), 0);
  return ids.map((id) => finished.find((t) => t.id === id) as TaskSummary);
}

describe('Codex sessions with the default settings (orchestrator, real Codex CLI)', { timeout: 120_000 }, () => {
  const started: OrchestratorUnderTest[] = [];
  const mock = new MockOpenAIServer((req) => codexDirectiveResponder(req));
  let t: CodexTestEnv;
  before(async () => {
    await mock.start();
    t = codexTestEnv(mock.baseUrl);
  });
  after(async () => {
    await closeLeftRunning(started);
    await mock.stop();
    t.cleanup();
  });

  test("edit the session's folder; outside a git repository the task fails naming the setting, which lets it run", async () => {
    const repo = t.folder('repo');
    const plain = t.folder('plain', false);
    const settings: OrchestratorSettings = {
      ...defaultSettings,
      executables: { ...defaultSettings.executables, codex: realCodexPath },
      environment: { codex: t.env },
    };
    const [edit, refused] = await runTasks(started, t.folder('storage', false), [repo, plain], settings, [
      { agent: 'codex', folder: repo, text: 'PATCH notes.txt written by codex' },
      { agent: 'codex', folder: plain, text: 'hello' },
    ]);
    assert.equal(edit?.status, 'succeeded', edit?.error);
    assert.equal(readFileSync(join(repo, 'notes.txt'), 'utf8').trim(), 'written by codex');
    assert.equal(refused?.status, 'failed');
    assert.match(refused?.error ?? '', /git repository.*agentAffinity\.codex\.skipGitRepoCheck/);

    const [allowed] = await runTasks(started, t.folder('storage2', false), [plain], { ...settings, codexSkipGitRepoCheck: true }, [
      { agent: 'codex', folder: plain, text: 'PATCH plain.txt fine' },
    ]);
    assert.equal(allowed?.status, 'succeeded', allowed?.error);
    assert.ok(existsSync(join(plain, 'plain.txt')));
  });
});

describe('Gemini sessions with the default settings (orchestrator, real Gemini CLI)', { timeout: 120_000 }, () => {
  const started: OrchestratorUnderTest[] = [];
  const mock = new MockGeminiServer(directiveResponder);
  let t: GeminiTestEnv;
  before(async () => {
    await mock.start();
    t = geminiTestEnv(mock.url);
  });
  after(async () => {
    await closeLeftRunning(started);
    await mock.stop();
    t.cleanup();
  });

  test('edit files (auto_edit); a session made with its own mode keeps it; an untrusted folder fails naming the setting', async () => {
    const ws = t.folder('ws');
    const untrusted = t.untrustedFolder('other');
    const settings: OrchestratorSettings = {
      ...defaultSettings,
      executables: { ...defaultSettings.executables, gemini: realGeminiPath },
      environment: { gemini: t.env },
    };
    const written = join(ws, 'hello.txt');
    const never = join(ws, 'never.txt');
    const [edit, asked, refused] = await runTasks(started, t.folder('storage'), [ws, untrusted], settings, [
      { agent: 'gemini', folder: ws, text: `WRITE ${written} from gemini` },
      { agent: 'gemini', folder: ws, text: `WRITE ${never} x`, permissionMode: 'default' },
      { agent: 'gemini', folder: untrusted, text: 'hello' },
    ]);
    assert.equal(edit?.status, 'succeeded', edit?.error);
    assert.equal(readFileSync(written, 'utf8'), 'from gemini');
    // In its own `default` mode a headless Gemini has no write tool: the call fails, nothing is written.
    assert.equal(asked?.resultText, 'The tool failed.');
    assert.equal(existsSync(never), false);
    assert.equal(refused?.status, 'failed');
    assert.match(refused?.error ?? '', /does not trust this folder.*agentAffinity\.gemini\.skipTrust/);

    const [allowed] = await runTasks(started, t.folder('storage2'), [untrusted], { ...settings, geminiSkipTrust: true }, [
      { agent: 'gemini', folder: untrusted, text: 'hello' },
    ]);
    assert.equal(allowed?.status, 'succeeded', allowed?.error);
    assert.equal(allowed?.resultText, 'Answer: hello');
  });
});
