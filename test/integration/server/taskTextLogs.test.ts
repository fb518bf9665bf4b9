// A task whose text holds NUL and a terminal escape sequence, through the orchestrator process: the
// real Claude Code CLI (one-shot, so the task would be an argument) gets it through stdin and
// answers; the Command agent refuses it before starting anything. Neither the orchestrator's log
// nor the sessions' transcripts carry a control character verbatim, and the log never quotes the task.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HealthRequest } from '../../../src/protocol/orchestrator';
import {
  CreateSessionRequest,
  SendTaskRequest,
  SessionTranscriptRequest,
  TaskFinishedNotification,
  type TaskSummary,
} from '../../../src/protocol/sessions';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../src/protocol/settings';
import { claudeTestEnv, realClaudePath, type ClaudeTestEnv } from '../../support/mockAnthropic/claudeEnv';
import { directiveResponder } from '../../support/mockAnthropic/directiveResponder';
import { MockAnthropicServer } from '../../support/mockAnthropic/mockServer';
import { closeLeftRunning, startOrchestratorProcess, type OrchestratorUnderTest } from '../../support/orchestratorProcess';

const TASK = 'secret-task\u0000\u001b[31mred\u202eevil';
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;

describe('task texts with control characters in logs and transcripts (orchestrator process)', () => {
  let api: MockAnthropicServer;
  let env: ClaudeTestEnv;
  const started: OrchestratorUnderTest[] = [];

  before(async () => {
    api = new MockAnthropicServer(directiveResponder);
    await api.start();
    env = claudeTestEnv(api.url);
  });
  after(async () => {
    await closeLeftRunning(started);
    await api.stop();
    env.cleanup();
  });

  test('Claude Code one-shot runs it from stdin, the Command agent refuses it; no log line quotes it, nothing is verbatim', async () => {
    const storage = env.folder('storage');
    const folder = env.folder('workspace');
    const o = startOrchestratorProcess();
    started.push(o);
    const logs: string[] = [];
    const finished: TaskSummary[] = [];
    o.connection.onNotification('window/logMessage', (p: { message: string }) => void logs.push(p.message));
    o.connection.onNotification(TaskFinishedNotification.method, (p: { task: TaskSummary }) => void finished.push(p.task));
    o.connection.onNotification(() => undefined);
    await o.initialize({
      extensionVersion: 'test',
      globalStorageDir: storage,
      workspaceStorageDir: storage,
      trusted: true,
      workspaceFolders: [folder],
      settings: {
        ...defaultSettings,
        claudeLongLived: false,
        executables: { ...defaultSettings.executables, claude: realClaudePath },
        commandLine: `"${process.execPath}" -e "process.stdout.write('ran')" {task}`,
        environment: { claude: env.env },
      },
    });
    await o.request(HealthRequest, undefined);
    const claude = (await o.request(CreateSessionRequest, { name: 'claude', agent: 'claude', folder })).session;
    const command = (await o.request(CreateSessionRequest, { name: 'command', agent: 'command', folder })).session;
    const a = await o.request(SendTaskRequest, { sessionId: claude.id, text: TASK });
    const b = await o.request(SendTaskRequest, { sessionId: command.id, text: TASK });
    const end = Date.now() + 90_000;
    while (!([a.id, b.id] as const).every((id) => finished.some((t) => t.id === id))) {
      if (Date.now() > end) throw new Error('timed out waiting for both tasks');
      await new Promise((r) => setTimeout(r, 50));
    }
    const [ran, refused] = [a.id, b.id].map((id) => finished.find((t) => t.id === id));
    assert.equal(ran?.status, 'succeeded', ran?.error);
    assert.equal(refused?.status, 'failed');
    assert.match(refused?.error ?? '', /^The task contains a NUL character, which a command line cannot carry/);
    assert.equal(refused?.retryable, false);

    for (const line of logs) {
      assert.doesNotMatch(line, CONTROL, `log line with a control character: ${JSON.stringify(line)}`);
      assert.ok(!line.includes('secret-task'), `the log quotes the task: ${JSON.stringify(line)}`);
    }
    for (const session of [claude, command]) {
      const lines = await o.request(SessionTranscriptRequest, { sessionId: session.id });
      assert.ok(lines.length > 0);
      for (const line of lines) assert.doesNotMatch(line, CONTROL, `transcript line with a control character: ${JSON.stringify(line)}`);
      assert.ok(
        lines.includes('> secret-task\\x00\\x1b[31mred\\u202eevil'),
        `the task, escaped, in the transcript of ${session.name}: ${JSON.stringify(lines)}`,
      );
    }
    assert.equal(await o.close(), 0);
  });
});
