// A Claude worktree session through the orchestrator process gets the trust the user gave the
// repository in Claude Code, so the project's allow rules hold there too (checked with the real
// CLI against the mock API). Worktrees themselves (branch, folder, dirty worktree kept unless
// forced) and the trust in Claude Code's config: test/unit/sessions/sessionWorktrees.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HealthRequest } from '../../../src/protocol/orchestrator';
import {
  CreateSessionRequest,
  DeleteSessionRequest,
  SendTaskRequest,
  TaskFinishedNotification,
  type TaskSummary,
} from '../../../src/protocol/sessions';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../src/protocol/settings';
import { claudeTestEnv, realClaudePath } from '../../support/mockAnthropic/claudeEnv';
import { messagesOf } from '../../support/mockAnthropic/directiveResponder';
import { MockAnthropicServer, type MockReply, type MockRequest } from '../../support/mockAnthropic/mockServer';
import { closeLeftRunning, startOrchestratorProcess } from '../../support/orchestratorProcess';

test("a Claude worktree session inherits the repository's Claude Code trust, so the project's allow rules hold there (real CLI)", async () => {
  const api = new MockAnthropicServer((req: MockRequest): MockReply => {
    const results = messagesOf(req)
      .flatMap((m) => (Array.isArray(m.content) ? (m.content as { type?: unknown; content?: unknown; is_error?: unknown }[]) : []))
      .filter((b) => b.type === 'tool_result');
    if (results.length === 0)
      return {
        kind: 'message',
        blocks: [
          { type: 'tool_use', id: 'toolu_check', name: 'Bash', input: { command: 'node check.mjs', description: 'Run the project check' } },
        ],
      };
    return {
      kind: 'message',
      blocks: [{ type: 'text', text: `CHECK ${results[0]?.is_error === true ? 'DENIED' : 'RAN'}: ${JSON.stringify(results[0]?.content)}` }],
    };
  });
  await api.start();
  const env = claudeTestEnv(api.url);
  const root = env.folder('root');
  const repo = join(root, 'repo');
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', repo, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { encoding: 'utf8' });
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  mkdirSync(join(repo, '.claude'));
  writeFileSync(join(repo, '.claude', 'settings.json'), '{"permissions":{"allow":["Bash(node check.mjs)"]}}\n');
  writeFileSync(join(repo, 'check.mjs'), 'console.log("checked");\n');
  git('add', '.');
  git('commit', '-qm', 'init');
  mkdirSync(env.home, { recursive: true });
  const config = join(env.home, '.claude.json');
  writeFileSync(
    config,
    `${JSON.stringify({ numStartups: 3, projects: { [repo]: { hasTrustDialogAccepted: true, allowedTools: [] } } }, null, 2)}\n`,
    { mode: 0o600 },
  );
  const o = startOrchestratorProcess();
  const finished: TaskSummary[] = [];
  o.connection.onNotification(TaskFinishedNotification.method, (p: { task: TaskSummary }) => void finished.push(p.task));
  o.connection.onNotification(() => undefined);
  try {
    await o.initialize({
      extensionVersion: 'test',
      globalStorageDir: join(root, 'global'),
      workspaceStorageDir: join(root, 'ws'),
      trusted: true,
      workspaceFolders: [repo],
      settings: {
        ...defaultSettings,
        worktreeFolder: join(root, 'worktrees'),
        executables: { ...defaultSettings.executables, claude: realClaudePath },
        environment: { claude: env.env },
      },
    });
    await o.request(HealthRequest, undefined);
    const s = (await o.request(CreateSessionRequest, { name: 'checks', agent: 'claude', folder: repo, worktree: true })).session;
    const wt = s.cwd;
    const after = JSON.parse(readFileSync(config, 'utf8')) as {
      numStartups: number;
      projects: Record<string, { hasTrustDialogAccepted?: boolean; allowedTools?: unknown }>;
    };
    assert.equal(after.numStartups, 3, 'the rest of the config is kept');
    assert.deepEqual(after.projects[repo], { hasTrustDialogAccepted: true, allowedTools: [] });
    assert.equal(after.projects[wt]?.hasTrustDialogAccepted, true);
    assert.equal(statSync(config).mode & 0o777, 0o600, 'still private');

    const t = await o.request(SendTaskRequest, { sessionId: s.id, text: 'run the project check' });
    const deadline = Date.now() + 60_000;
    while (!finished.some((x) => x.id === t.id)) {
      if (Date.now() > deadline) throw new Error('the task did not finish');
      await new Promise((r) => setTimeout(r, 50));
    }
    const done = finished.find((x) => x.id === t.id);
    assert.equal(done?.status, 'succeeded');
    assert.match(done?.resultText ?? '', /^CHECK RAN: "checked"/, "the project's allow rule held in the worktree");

    assert.deepEqual(await o.request(DeleteSessionRequest, { sessionId: s.id, removeWorktree: 'force' }), { deleted: true });
    const cleaned = JSON.parse(readFileSync(config, 'utf8')) as { projects: Record<string, unknown> };
    assert.equal(cleaned.projects[wt], undefined, 'the removed worktree is forgotten');
    assert.ok(cleaned.projects[repo], 'the repository stays trusted');

    // A repository the user never trusted: its worktree is not trusted either, and the file is untouched.
    writeFileSync(config, `${JSON.stringify({ projects: {} }, null, 2)}\n`, { mode: 0o600 });
    const before = readFileSync(config, 'utf8');
    const u = (await o.request(CreateSessionRequest, { name: 'untrusted', agent: 'claude', folder: repo, worktree: true })).session;
    assert.equal(readFileSync(config, 'utf8'), before);
    await o.request(DeleteSessionRequest, { sessionId: u.id, removeWorktree: 'force' });
  } finally {
    await closeLeftRunning([o]);
    await api.stop();
    env.cleanup();
  }
});
