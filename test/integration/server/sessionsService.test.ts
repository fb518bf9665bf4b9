// The orchestrator process with its sessions feature, driven over IPC like VS Code drives it, with
// the real Claude Code CLI answering from the mock Messages API. (The sessions workspace's own
// logic, a corrupt store file included: test/unit/sessions/sessionsWorkspace.test.ts.)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HealthRequest, ProblemNotification, type UserProblem } from '../../../src/protocol/orchestrator';
import {
  CreateSessionRequest,
  ListSessionsRequest,
  RetryTaskRequest,
  SendTaskRequest,
  SessionTranscriptRequest,
  TaskFinishedNotification,
  UpdateSessionSettingsRequest,
  type TaskSummary,
} from '../../../src/protocol/sessions';
import { SettingsNotification } from '../../../src/protocol/settings';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../src/protocol/settings';
import { claudeTestEnv, realClaudePath, type ClaudeTestEnv } from '../../support/mockAnthropic/claudeEnv';
import { directiveResponder } from '../../support/mockAnthropic/directiveResponder';
import { MockAnthropicServer } from '../../support/mockAnthropic/mockServer';
import { closeLeftRunning, startOrchestratorProcess, type OrchestratorUnderTest } from '../../support/orchestratorProcess';
import { startWorkspaceOrchestrator } from '../../support/workspaceOrchestrator';

describe('orchestrator sessions feature (real Claude Code CLI, mock API)', () => {
  let api: MockAnthropicServer;
  let env: ClaudeTestEnv;
  let storage: string;
  let folder: string;

  before(async () => {
    api = new MockAnthropicServer(directiveResponder);
    await api.start();
    env = claudeTestEnv(api.url);
    storage = env.folder('storage');
    folder = env.folder('workspace');
  });
  after(async () => {
    await api.stop();
    env.cleanup();
  });

  async function start(): Promise<{ o: OrchestratorUnderTest; finished: TaskSummary[]; problems: UserProblem[] }> {
    const o = startOrchestratorProcess();
    const finished: TaskSummary[] = [];
    const problems: UserProblem[] = [];
    o.connection.onNotification(TaskFinishedNotification.method, (p: { task: TaskSummary }) => void finished.push(p.task));
    o.connection.onNotification(ProblemNotification.method, (p: UserProblem) => void problems.push(p));
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
      },
    });
    await o.request(HealthRequest, undefined);
    return { o, finished, problems };
  }

  async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  test('a session writes a file, survives a restart of the orchestrator and resumes its conversation', async () => {
    const first = await start();
    const created = (
      await first.o.request(CreateSessionRequest, {
        name: 'backend',
        agent: 'claude',
        folder,
        specialty: { label: 'api', globs: ['api/**'] },
        permissionMode: 'acceptEdits',
      })
    ).session;
    assert.equal(created.state, 'idle');
    const target = join(folder, 'hello.txt');
    const task = await first.o.request(SendTaskRequest, { sessionId: created.id, text: `WRITE ${target} hello from the agent` });
    await until(() => first.finished.some((t) => t.id === task.id), 'the first task');
    assert.equal(first.finished.find((t) => t.id === task.id)?.status, 'succeeded', JSON.stringify(first.finished));
    assert.equal(readFileSync(target, 'utf8'), 'hello from the agent');
    const [after1] = await first.o.request(ListSessionsRequest, undefined);
    assert.ok(after1?.conversationId, 'conversation id stored');
    assert.ok(
      after1.workingSet.some((w) => w.path === 'hello.txt' && w.edits > 0),
      'working set has the written file',
    );
    const transcript = await first.o.request(SessionTranscriptRequest, { sessionId: created.id });
    assert.ok(
      transcript.some((l) => l.includes('▶ Write')),
      transcript.join('\n'),
    );
    assert.equal(await first.o.close(), 0);

    const second = await start();
    const [reloaded] = await second.o.request(ListSessionsRequest, undefined);
    assert.equal(reloaded?.state, 'stopped');
    assert.equal(reloaded.conversationId, after1.conversationId);
    const before = api.messageRequests().length;
    const next = await second.o.request(SendTaskRequest, { sessionId: created.id, text: 'what did you write?' });
    await until(() => second.finished.some((t) => t.id === next.id), 'the resumed task');
    const [resumed] = await second.o.request(ListSessionsRequest, undefined);
    assert.equal(resumed?.conversationId, after1.conversationId, 'same conversation');
    const lastRequest = JSON.stringify(api.messageRequests().slice(before).at(-1)?.body ?? {});
    assert.ok(lastRequest.includes('hello from the agent'), 'the resumed request carries the earlier conversation');
    assert.equal(await second.o.close(), 0);
  });

  test('a wrong CLI path fails the task naming the setting; once the setting is fixed, retrying on the same session runs the CLI', async () => {
    const wrong = join(env.folder('nowhere'), 'claude');
    const settings = {
      ...defaultSettings,
      executables: { ...defaultSettings.executables, claude: wrong },
      environment: { claude: env.env },
    };
    const started: OrchestratorUnderTest[] = [];
    try {
      const { o, finished, waitFor } = await startWorkspaceOrchestrator(started, {
        storage: env.folder('storage-retry'),
        folders: [folder],
        settings,
      });
      const s = (await o.request(CreateSessionRequest, { name: 'retry', agent: 'claude', folder })).session;
      const failed = await o.request(SendTaskRequest, { sessionId: s.id, text: 'hello' });
      await waitFor(
        () => finished.some((t) => t.id === failed.id),
        20_000,
        () => JSON.stringify(finished),
      );
      const first = finished.find((t) => t.id === failed.id);
      assert.equal(first?.status, 'failed');
      assert.match(first?.error ?? '', /agentAffinity\.claude\.path/);
      await o.connection.sendNotification(SettingsNotification.method, {
        ...settings,
        executables: { ...settings.executables, claude: realClaudePath },
      });
      const retried = await o.request(RetryTaskRequest, { sessionId: s.id, taskId: failed.id });
      // A retried task keeps its id: the second time it finishes is the retry.
      await waitFor(
        () => finished.filter((t) => t.id === retried.id).length === 2,
        60_000,
        () => JSON.stringify(finished),
      );
      const second = finished.filter((t) => t.id === retried.id)[1];
      assert.equal(second?.status, 'succeeded', second?.error);
      assert.equal(second?.resultText, 'Answer: hello');
      assert.equal(await o.close(), 0);
    } finally {
      await closeLeftRunning(started);
    }
  });

  test("a session's model and permission mode change from its next task; a bad value is refused and changes nothing", async () => {
    const started: OrchestratorUnderTest[] = [];
    try {
      const { o, finished, waitFor } = await startWorkspaceOrchestrator(started, {
        storage: env.folder('storage-settings'),
        folders: [folder],
        settings: {
          ...defaultSettings,
          executables: { ...defaultSettings.executables, claude: realClaudePath },
          environment: { claude: env.env },
        },
      });
      const s = (await o.request(CreateSessionRequest, { name: 'settings', agent: 'claude', folder })).session;
      assert.equal(s.permissionMode, 'default', "the setting's mode, kept with the session");
      await assert.rejects(o.request(UpdateSessionSettingsRequest, { sessionId: s.id, model: '--evil' }), /not a model name/);
      await assert.rejects(o.request(UpdateSessionSettingsRequest, { sessionId: s.id, permissionMode: 'yolo' }), /not a permission mode/);
      const updated = await o.request(UpdateSessionSettingsRequest, {
        sessionId: s.id,
        model: 'claude-mock-model',
        permissionMode: 'acceptEdits',
      });
      assert.deepEqual([updated.model, updated.permissionMode], ['claude-mock-model', 'acceptEdits']);
      const target = join(folder, 'by-settings.txt');
      const from = api.messageRequests().length;
      const t = await o.request(SendTaskRequest, { sessionId: s.id, text: `WRITE ${target} edited in acceptEdits` });
      await waitFor(
        () => finished.some((x) => x.id === t.id),
        60_000,
        () => JSON.stringify(finished),
      );
      assert.equal(finished.find((x) => x.id === t.id)?.resultText, `Wrote ${target}.`);
      assert.equal(readFileSync(target, 'utf8'), 'edited in acceptEdits');
      const models = api
        .messageRequests()
        .slice(from)
        .map((r) => (r.body as { model?: string }).model);
      assert.ok(models.includes('claude-mock-model'), JSON.stringify(models));
      const back = await o.request(UpdateSessionSettingsRequest, { sessionId: s.id, model: null, permissionMode: null });
      assert.deepEqual([back.model, back.permissionMode], [undefined, 'default']);
      assert.equal(await o.close(), 0);
    } finally {
      await closeLeftRunning(started);
    }
  });
});
