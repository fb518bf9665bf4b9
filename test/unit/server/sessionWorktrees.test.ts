// Worktree isolation through the orchestrator process: a session created with a worktree gets its
// own branch and folder (with the personal Claude settings), is listed under its workspace folder,
// and deleting it keeps a dirty worktree unless forced; the branch always stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthRequest } from '../../../src/protocol/orchestrator';
import { CreateSessionRequest, DeleteSessionRequest, ListSessionsRequest, WorktreeSupportRequest } from '../../../src/protocol/sessions';
import { defaultSettings } from '../../../src/server/settings';
import { startOrchestratorProcess } from '../../support/orchestratorProcess';

test('a worktree session: own branch and folder, dirty worktree kept unless forced, branch kept', async () => {
  const root = mkdtempSync(join(tmpdir(), 'aa-wt-session-'));
  const repo = join(root, 'repo');
  const git = (...args: string[]): string => execFileSync('git', ['-C', repo, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { encoding: 'utf8' });
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  writeFileSync(join(repo, 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(repo, '.gitignore'), '.claude/settings.local.json\n');
  git('add', '.');
  git('commit', '-qm', 'init');
  mkdirSync(join(repo, '.claude'));
  writeFileSync(join(repo, '.claude', 'settings.local.json'), '{"permissions":{"allow":["Bash(npm test)"]}}');
  const o = startOrchestratorProcess();
  try {
    await o.initialize({
      extensionVersion: 'test', globalStorageDir: join(root, 'global'), workspaceStorageDir: join(root, 'ws'), trusted: true, workspaceFolders: [repo],
      settings: { ...defaultSettings, worktreeFolder: join(root, 'worktrees') },
    });
    await o.request(HealthRequest, undefined);
    assert.equal((await o.request(WorktreeSupportRequest, { folder: repo })).available, true);
    assert.match((await o.request(WorktreeSupportRequest, { folder: root })).reason ?? '', /not inside a git repository/);

    const s = await o.request(CreateSessionRequest, { name: 'Auth API', agent: 'claude', folder: repo, worktree: true });
    assert.equal(s.folder, repo, 'listed under its workspace folder');
    assert.deepEqual(s.worktree, { path: join(root, 'worktrees', 'auth-api'), branch: 'agent-affinity/auth-api' });
    assert.equal(s.cwd, s.worktree?.path);
    assert.ok(existsSync(join(s.cwd, 'a.ts')));
    assert.equal(readFileSync(join(s.cwd, '.claude', 'settings.local.json'), 'utf8'), '{"permissions":{"allow":["Bash(npm test)"]}}');

    writeFileSync(join(s.cwd, 'b.ts'), 'export const b = 2;\n');
    const kept = await o.request(DeleteSessionRequest, { sessionId: s.id, removeWorktree: 'ifClean' });
    assert.equal(kept.deleted, false);
    assert.match(kept.worktreeKept ?? '', /1 uncommitted change/);
    assert.ok(existsSync(join(s.cwd, 'b.ts')), 'nothing was discarded');
    assert.equal((await o.request(ListSessionsRequest, undefined)).length, 1);

    const forced = await o.request(DeleteSessionRequest, { sessionId: s.id, removeWorktree: 'force' });
    assert.deepEqual(forced, { deleted: true });
    assert.ok(!existsSync(s.cwd));
    assert.match(git('branch', '--list', 'agent-affinity/*'), /agent-affinity\/auth-api/, 'the branch stays');
    assert.deepEqual(await o.request(ListSessionsRequest, undefined), []);
  } finally {
    await o.close();
    rmSync(root, { recursive: true, force: true });
  }
});
