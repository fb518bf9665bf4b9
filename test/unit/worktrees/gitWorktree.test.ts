import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  copyLocalAgentFiles,
  createWorktree,
  removeWorktree,
  worktreeChanges,
  worktreeSlug,
  worktreeSupport,
} from '../../../src/core/worktrees/gitWorktree';

describe('git worktrees for sessions', () => {
  let root: string;
  let repo: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'aa-wt-'));
    repo = join(root, 'repo');
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    writeFileSync(join(repo, 'a.txt'), 'a\n');
    execFileSync('git', ['-C', repo, '-c', 'user.email=t@t', '-c', 'user.name=t', 'add', '.']);
    execFileSync('git', ['-C', repo, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'init']);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('support is reported with a reason outside a repository', async () => {
    assert.deepEqual(await worktreeSupport(repo), { available: true, repoRoot: repo });
    const outside = await worktreeSupport(root);
    assert.equal(outside.available, false);
    assert.match(outside.reason ?? '', /not inside a git repository/);
  });

  test('creates a worktree on its own branch, suffixes a taken name, refuses to drop changes unless forced', async () => {
    const a = await createWorktree(repo, '../worktrees', 'Backend API');
    assert.equal(a.branch, 'agent-affinity/backend-api');
    assert.ok(existsSync(join(a.path, 'a.txt')));
    const b = await createWorktree(repo, join(root, 'worktrees'), 'backend api');
    assert.equal(b.branch, 'agent-affinity/backend-api-2');
    assert.deepEqual(await worktreeChanges(a.path), []);
    writeFileSync(join(a.path, 'new.txt'), 'x');
    assert.deepEqual(await worktreeChanges(a.path), ['?? new.txt']);
    await assert.rejects(removeWorktree(repo, a.path, false), /git worktree remove failed/);
    assert.ok(existsSync(a.path));
    await removeWorktree(repo, a.path, true);
    await removeWorktree(repo, b.path, false);
    assert.ok(!existsSync(a.path) && !existsSync(b.path));
    const branches = execFileSync('git', ['-C', repo, 'branch', '--list', 'agent-affinity/*'], { encoding: 'utf8' });
    assert.match(branches, /backend-api-2/, 'branches are kept');
  });

  test('the personal Claude settings (git-ignored) are copied into a new worktree, never overwritten', async () => {
    const { mkdirSync, readFileSync } = await import('node:fs');
    mkdirSync(join(repo, '.claude'), { recursive: true });
    writeFileSync(join(repo, '.claude', 'settings.local.json'), '{"permissions":{"allow":["Bash(npm test)"]}}');
    const wt = await createWorktree(repo, join(root, 'wt2'), 'perm');
    assert.deepEqual(await copyLocalAgentFiles(repo, wt.path), ['.claude/settings.local.json']);
    assert.equal(readFileSync(join(wt.path, '.claude', 'settings.local.json'), 'utf8'), '{"permissions":{"allow":["Bash(npm test)"]}}');
    writeFileSync(join(wt.path, '.claude', 'settings.local.json'), 'mine');
    assert.deepEqual(await copyLocalAgentFiles(repo, wt.path), []);
    assert.equal(readFileSync(join(wt.path, '.claude', 'settings.local.json'), 'utf8'), 'mine');
    await removeWorktree(repo, wt.path, true);
  });

  test('a name that looks like a flag stays a name', () => {
    assert.equal(worktreeSlug('--force; rm -rf /'), 'force-rm-rf');
    assert.equal(worktreeSlug('***'), 'session');
  });
});
