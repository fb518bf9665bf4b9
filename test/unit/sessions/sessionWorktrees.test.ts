// Worktree isolation in the sessions workspace: a session created with a worktree gets its own
// branch and folder (with the personal Claude settings), is listed under its workspace folder, and
// deleting it keeps a dirty worktree unless forced; the branch always stays. A Claude worktree
// session gets the trust the user gave the repository in Claude Code's config (never more), and
// loses it with the worktree. (The real CLI honouring the project's allow rules there:
// test/integration/server/sessionWorktrees.test.ts.)
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { worktreeSupport } from '../../../src/core/worktrees/gitWorktree';
import { sessionSummary } from '../../../src/server/sessions/summaries';
import { openSessions } from '../../support/sessions/sessionsWorkspaceHarness';

const roots: string[] = [];
after(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});

/** A git repository with one commit (`files`), in a fresh temp root; `git` runs in it. */
function repository(files: Record<string, string>, ignored: string[] = []): { root: string; repo: string; git(...args: string[]): string } {
  const root = mkdtempSync(join(tmpdir(), 'aa-wt-session-'));
  roots.push(root);
  const repo = join(root, 'repo');
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', repo, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { encoding: 'utf8' });
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(repo, name, '..'), { recursive: true });
    writeFileSync(join(repo, name), text);
  }
  if (ignored.length) writeFileSync(join(repo, '.gitignore'), `${ignored.join('\n')}\n`);
  git('add', '.');
  git('commit', '-qm', 'init');
  return { root, repo, git };
}

test('a worktree session: own branch and folder, dirty worktree kept unless forced, branch kept', async () => {
  const { root, repo, git } = repository({ 'a.ts': 'export const a = 1;\n' }, ['.claude/settings.local.json']);
  mkdirSync(join(repo, '.claude'));
  writeFileSync(join(repo, '.claude', 'settings.local.json'), '{"permissions":{"allow":["Bash(npm test)"]}}');
  const { sessions } = await openSessions({
    storageDir: join(root, 'ws'),
    folders: [repo],
    settings: { worktreeFolder: join(root, 'worktrees'), environment: { claude: { HOME: join(root, 'home') } } },
  });
  try {
    assert.equal((await worktreeSupport(repo)).available, true);
    assert.match((await worktreeSupport(root)).reason ?? '', /not inside a git repository/);

    const created = (await sessions.create({ name: 'Auth API', agent: 'claude', folder: repo, worktree: true })).session;
    const s = sessionSummary(created, sessions.worktree(created.id));
    assert.equal(s.folder, repo, 'listed under its workspace folder');
    assert.equal(sessions.workspaceFolderOf(created.id), repo);
    assert.deepEqual(s.worktree, { path: join(root, 'worktrees', 'auth-api'), branch: 'agent-affinity/auth-api' });
    assert.equal(s.cwd, s.worktree?.path);
    assert.equal(created.folder, s.cwd, 'the agent runs in the worktree');
    assert.ok(existsSync(join(s.cwd, 'a.ts')));
    assert.equal(readFileSync(join(s.cwd, '.claude', 'settings.local.json'), 'utf8'), '{"permissions":{"allow":["Bash(npm test)"]}}');

    writeFileSync(join(s.cwd, 'b.ts'), 'export const b = 2;\n');
    const kept = await sessions.delete(created.id, 'ifClean');
    assert.equal(kept.deleted, false);
    assert.match(kept.worktreeKept ?? '', /1 uncommitted change/);
    assert.ok(existsSync(join(s.cwd, 'b.ts')), 'nothing was discarded');
    assert.equal(sessions.manager.list().length, 1);

    const forced = await sessions.delete(created.id, 'force');
    assert.deepEqual(forced, { deleted: true });
    assert.ok(!existsSync(s.cwd));
    assert.match(git('branch', '--list', 'agent-affinity/*'), /agent-affinity\/auth-api/, 'the branch stays');
    assert.deepEqual(sessions.manager.list(), []);
  } finally {
    await sessions.close();
  }
});

test("a Claude worktree session inherits the repository's Claude Code trust, and loses it with the worktree", async () => {
  const { root, repo } = repository({ '.claude/settings.json': '{"permissions":{"allow":["Bash(node check.mjs)"]}}\n' });
  const home = join(root, 'home');
  mkdirSync(home);
  const config = join(home, '.claude.json');
  writeFileSync(
    config,
    `${JSON.stringify({ numStartups: 3, projects: { [repo]: { hasTrustDialogAccepted: true, allowedTools: [] } } }, null, 2)}\n`,
    { mode: 0o600 },
  );
  const { sessions } = await openSessions({
    storageDir: join(root, 'ws'),
    folders: [repo],
    settings: { worktreeFolder: join(root, 'worktrees'), environment: { claude: { HOME: home } } },
  });
  try {
    const s = (await sessions.create({ name: 'checks', agent: 'claude', folder: repo, worktree: true })).session;
    const wt = s.folder;
    const after = JSON.parse(readFileSync(config, 'utf8')) as {
      numStartups: number;
      projects: Record<string, { hasTrustDialogAccepted?: boolean; allowedTools?: unknown }>;
    };
    assert.equal(after.numStartups, 3, 'the rest of the config is kept');
    assert.deepEqual(after.projects[repo], { hasTrustDialogAccepted: true, allowedTools: [] });
    assert.equal(after.projects[wt]?.hasTrustDialogAccepted, true);
    assert.equal(statSync(config).mode & 0o777, 0o600, 'still private');

    assert.deepEqual(await sessions.delete(s.id, 'force'), { deleted: true });
    const cleaned = JSON.parse(readFileSync(config, 'utf8')) as { projects: Record<string, unknown> };
    assert.equal(cleaned.projects[wt], undefined, 'the removed worktree is forgotten');
    assert.ok(cleaned.projects[repo], 'the repository stays trusted');

    // A repository the user never trusted: its worktree is not trusted either, and the file is untouched.
    writeFileSync(config, `${JSON.stringify({ projects: {} }, null, 2)}\n`, { mode: 0o600 });
    const before = readFileSync(config, 'utf8');
    const u = (await sessions.create({ name: 'untrusted', agent: 'claude', folder: repo, worktree: true })).session;
    assert.equal(readFileSync(config, 'utf8'), before);
    await sessions.delete(u.id, 'force');
  } finally {
    await sessions.close();
  }
});
