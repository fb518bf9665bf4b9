// Sessions inside a real VS Code: four Claude Code sessions (the real CLI against the mock API)
// run tasks in parallel and come back idle with their conversations, working sets and
// transcripts; a missing CLI fails the session with a message that names the setting.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SessionSummary, TaskSummary } from '../../../src/protocol/sessions';
import { startRealClaude, type RealClaude } from './realClaude';
import { getApi, waitFor } from './support';

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('agentAffinity');

describe('sessions', function () {
  this.timeout(180_000);
  let claude: RealClaude;
  let folder: string;

  before(async () => {
    claude = await startRealClaude();
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'the test workspace has a folder');
    folder = ws.uri.fsPath;
    const affinity = await getApi();
    await waitFor('the orchestrator', () => affinity.orchestratorPid() !== undefined, 30_000);
  });

  after(async () => {
    await claude.dispose();
  });

  async function create(name: string, label: string): Promise<SessionSummary> {
    const s = await vscode.commands.executeCommand<SessionSummary | undefined>('agentAffinity.createSession', {
      name,
      agent: 'claude',
      folder,
      specialty: { label, globs: [`${label}/**`] },
    });
    assert.ok(s, `session ${name} created`);
    return s;
  }

  it('runs four sessions in parallel; each ends idle with its conversation, working set and transcript', async () => {
    const affinity = await getApi();
    const seen = new Map<string, Set<string>>();
    const sub = affinity.onDidChangeSessions(() => {
      for (const s of affinity.sessions()) (seen.get(s.id) ?? seen.set(s.id, new Set()).get(s.id))?.add(s.state);
    });
    try {
      const names = ['backend', 'frontend', 'tests', 'docs'];
      const sessions = await Promise.all(names.map((n) => create(`${n}-${Date.now() % 100000}`, n)));
      const tasks = await Promise.all(
        sessions.map((s, i) =>
          vscode.commands.executeCommand<TaskSummary | undefined>(
            'agentAffinity.sendTaskToSession',
            s.id,
            `WRITE ${join(folder, names[i] ?? 'x', 'note.txt')} written by ${s.name}`,
          ),
        ),
      );
      assert.ok(
        tasks.every((t) => t?.id),
        'every task was queued',
      );
      const ids = new Set(sessions.map((s) => s.id));
      const mine = (): SessionSummary[] => affinity.sessions().filter((s) => ids.has(s.id));
      await waitFor('all four tasks to finish', () => mine().every((s) => s.tasksRun >= 1 && s.state === 'idle'), 150_000);
      for (const [i, s] of mine().entries()) {
        const name = names[sessions.findIndex((x) => x.id === s.id)] ?? String(i);
        assert.equal(s.recent.at(-1)?.status, 'succeeded', `${s.name}: ${JSON.stringify(s.recent.at(-1))}`);
        assert.ok(s.conversationId, `${s.name} has a conversation id`);
        assert.equal(readFileSync(join(folder, name, 'note.txt'), 'utf8'), `written by ${s.name}`);
        assert.ok(
          s.workingSet.some((w) => w.path === `${name}/note.txt` && w.edits > 0),
          `${s.name} working set: ${JSON.stringify(s.workingSet)}`,
        );
        assert.ok(
          seen.get(s.id)?.has('running') || seen.get(s.id)?.has('starting'),
          `${s.name} was seen running (${[...(seen.get(s.id) ?? [])].join(', ')})`,
        );
      }
      const first = sessions[0];
      assert.ok(first);
      await vscode.commands.executeCommand('agentAffinity.openSessionTranscript', first.id);
      await waitFor('the transcript editor', () => vscode.window.activeTextEditor?.document.uri.scheme === 'agent-affinity-transcript');
      const text = vscode.window.activeTextEditor?.document.getText() ?? '';
      assert.match(text, /▶ Write/);
      assert.match(text, /succeeded/);

      // A second task resumes the same conversation.
      const conversation = mine().find((s) => s.id === first.id)?.conversationId;
      await vscode.commands.executeCommand('agentAffinity.sendTaskToSession', first.id, 'what did you write?');
      await waitFor(
        'the second task',
        () => (mine().find((s) => s.id === first.id)?.tasksRun ?? 0) >= 2 && mine().find((s) => s.id === first.id)?.state === 'idle',
        60_000,
      );
      assert.equal(mine().find((s) => s.id === first.id)?.conversationId, conversation);
    } finally {
      sub.dispose();
    }
  });

  it('a missing CLI fails the session with the setting to fix, and the task can be retried', async () => {
    const affinity = await getApi();
    const good = config().get<string>('claude.path');
    await config().update('claude.path', join(mkdtempSync(join(tmpdir(), 'aa-missing-')), 'claude'), vscode.ConfigurationTarget.Global);
    try {
      const s = await create(`missing-${Date.now() % 100000}`, 'docs');
      await vscode.commands.executeCommand('agentAffinity.sendTaskToSession', s.id, 'hello');
      await waitFor('the session to fail', () => affinity.sessions().find((x) => x.id === s.id)?.state === 'failed', 30_000);
      const failed = affinity.sessions().find((x) => x.id === s.id);
      assert.match(failed?.lastError?.reason ?? '', /agentAffinity\.claude\.path/);
      assert.equal(failed?.recent.at(-1)?.status, 'failed');
      assert.equal(failed?.recent.at(-1)?.retryable, true);
      // Fixing the setting reaches this session: Retry Task on its failed task runs the CLI.
      await config().update('claude.path', good, vscode.ConfigurationTarget.Global);
      const task = failed?.recent.at(-1);
      assert.ok(task);
      await vscode.commands.executeCommand('agentAffinity.retryTask', { kind: 'task', sessionId: s.id, task });
      await waitFor(
        'the retried task to succeed',
        () =>
          affinity
            .sessions()
            .find((x) => x.id === s.id)
            ?.recent.some((t) => t.id === task.id && t.status === 'succeeded') === true,
        60_000,
      );
    } finally {
      await config().update('claude.path', good, vscode.ConfigurationTarget.Global);
    }
  });

  it('Change Session Settings… sets the model and permission mode the next task runs with', async () => {
    const affinity = await getApi();
    const s = await create(`configured-${Date.now() % 100000}`, 'api');
    const updated = await vscode.commands.executeCommand<SessionSummary | undefined>('agentAffinity.configureSession', s.id, {
      model: 'claude-mock-model',
      permissionMode: 'acceptEdits',
    });
    assert.deepEqual([updated?.model, updated?.permissionMode], ['claude-mock-model', 'acceptEdits']);
    await waitFor(
      'the sessions view to show the model',
      () => affinity.sessions().find((x) => x.id === s.id)?.model === 'claude-mock-model',
      10_000,
    );
    const target = join(folder, `configured-${s.id}.txt`);
    await vscode.commands.executeCommand('agentAffinity.sendTaskToSession', s.id, `WRITE ${target} accepted`);
    await waitFor(
      'the write to land',
      () =>
        affinity
          .sessions()
          .find((x) => x.id === s.id)
          ?.recent.some((t) => t.status === 'succeeded') === true,
      60_000,
    );
    assert.equal(readFileSync(target, 'utf8'), 'accepted');
  });

  it('a session waits for a permission answered through Answer Permission Request… (allow writes, deny does not)', async () => {
    const affinity = await getApi();
    const s = await vscode.commands.executeCommand<SessionSummary | undefined>('agentAffinity.createSession', {
      name: `asks-${Date.now() % 100000}`,
      agent: 'claude',
      folder,
      permissionMode: 'default',
    });
    assert.ok(s);
    const state = (): string | undefined => affinity.sessions().find((x) => x.id === s.id)?.state;
    const allowed = join(folder, `asked-${s.id}.txt`);
    await vscode.commands.executeCommand('agentAffinity.sendTaskToSession', s.id, `WRITE ${allowed} allowed in VS Code`);
    await waitFor('the session to wait for a permission', () => state() === 'waiting', 60_000);
    assert.equal(existsSync(allowed), false, 'nothing is written before the answer');
    const answered = await vscode.commands.executeCommand<{ toolName: string; detail: string; allow: boolean } | undefined>(
      'agentAffinity.answerPermissionRequest',
      s.id,
      'allow',
    );
    assert.deepEqual([answered?.toolName, answered?.detail, answered?.allow], ['Write', `asked-${s.id}.txt`, true]);
    await waitFor(
      'the allowed write',
      () =>
        affinity
          .sessions()
          .find((x) => x.id === s.id)
          ?.recent.some((t) => t.status === 'succeeded') === true,
      60_000,
    );
    assert.equal(readFileSync(allowed, 'utf8'), 'allowed in VS Code');

    const denied = join(folder, `denied-${s.id}.txt`);
    await vscode.commands.executeCommand('agentAffinity.sendTaskToSession', s.id, `WRITE ${denied} never`);
    await waitFor('the second question', () => state() === 'waiting', 60_000);
    const no = await vscode.commands.executeCommand<{ allow: boolean } | undefined>('agentAffinity.answerPermissionRequest', s.id, {
      allow: false,
      message: 'not from this test',
    });
    assert.equal(no?.allow, false);
    await waitFor(
      'the denied task to end',
      () => (affinity.sessions().find((x) => x.id === s.id)?.tasksRun ?? 0) >= 2 && state() === 'idle',
      60_000,
    );
    assert.equal(
      affinity
        .sessions()
        .find((x) => x.id === s.id)
        ?.recent.at(-1)?.resultText,
      'The tool failed.',
    );
    assert.equal(existsSync(denied), false);
    // Nothing is left to answer.
    assert.equal(await vscode.commands.executeCommand('agentAffinity.answerPermissionRequest', s.id, 'allow'), undefined);
  });
});
