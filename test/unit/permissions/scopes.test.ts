// Which files apply to a folder: user, project, local (also at the git root through a worktree),
// managed (read-only), other agents; and cross-scope findings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planFolder } from '../../../src/core/permissions/planFolder';
import { gitRootOf, scanFolder } from '../../../src/core/permissions/scopes';

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

describe('scanFolder', () => {
  test('every scope that applies, read, with cross-scope findings', () => {
    const root = mkdtempSync(join(tmpdir(), 'aa-scan-'));
    try {
      const home = join(root, 'home');
      const repo = join(root, 'repo');
      const managed = join(root, 'etc');
      write(join(home, '.claude', 'settings.json'), '{"permissions": {"allow": ["Bash(git status)"], "deny": ["Bash(rm *)"]}}');
      write(join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
      write(join(repo, '.claude', 'settings.json'), '// shared\n{"permissions": {"allow": ["Bash(git status)"]}}');
      write(join(repo, '.claude', 'settings.local.json'), '{"permissions": {"allow": ["Bash(ls"]'); // broken
      write(join(managed, 'managed-settings.json'), '{"permissions": {"deny": ["WebFetch"]}}');
      write(join(managed, 'managed-settings.d', '10-extra.json'), '{"permissions": {"ask": ["Bash"]}}');
      write(join(repo, '.gemini', 'settings.json'), '{"tools": {"allowed": ["run_shell_command(git)"]}}');
      write(join(repo, '.vscode', 'settings.json'), '{"roo-cline.allowedCommands": ["npm test"]}');
      write(join(home, '.codex', 'rules', 'default.rules'), 'prefix_rule(pattern=["git", "status"], decision="allow")\n');
      const sub = join(repo, 'packages', 'app');
      mkdirSync(sub, { recursive: true });
      write(join(sub, '.claude', 'settings.local.json'), '{"permissions": {"allow": ["Bash(npm test)"]}}');

      const r = scanFolder(sub, { home, managedDir: managed });
      const kinds = r.files.map((f) => `${f.agent}:${f.scope}:${f.path.slice(root.length)}`);
      assert.deepEqual(kinds, [
        'claude:managed:/etc/managed-settings.json',
        'claude:managed:/etc/managed-settings.d/10-extra.json',
        'claude:user:/home/.claude/settings.json',
        'claude:local:/repo/packages/app/.claude/settings.local.json',
        'claude:local:/repo/.claude/settings.local.json',
        'codex:user:/home/.codex/rules/default.rules',
      ]);
      assert.ok(r.files.filter((f) => f.scope === 'managed').every((f) => f.readOnly));
      const broken = r.files.find((f) => f.path.endsWith('/repo/.claude/settings.local.json'));
      assert.ok(broken?.result && !broken.result.ok && /invalid JSON/.test(broken.result.error));

      const top = scanFolder(repo, { home, managedDir: null });
      assert.deepEqual(
        top.files.map((f) => `${f.agent}:${f.scope}`),
        ['claude:user', 'claude:project', 'claude:local', 'gemini:project', 'roo:project', 'codex:user'],
      );
      const dup = top.findings.find((f) => f.kind === 'crossScope');
      assert.equal(dup?.rule, 'Bash(git status)');
      assert.equal(dup?.files?.length, 2);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  test('a worktree resolves to the main checkout', () => {
    const root = mkdtempSync(join(tmpdir(), 'aa-wt-'));
    try {
      write(join(root, 'main', '.git', 'worktrees', 'feat', 'HEAD'), 'x');
      write(join(root, 'feat', '.git'), `gitdir: ${join(root, 'main', '.git', 'worktrees', 'feat')}\n`);
      assert.equal(gitRootOf(join(root, 'feat')), join(root, 'main'));
      assert.equal(gitRootOf(join(root, 'main')), join(root, 'main'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  test('planFolder: each file planned for preview; managed files are report-only', () => {
    const root = mkdtempSync(join(tmpdir(), 'aa-plan-'));
    try {
      const home = join(root, 'home');
      const repo = join(root, 'repo');
      const managed = join(root, 'etc');
      write(join(managed, 'managed-settings.json'), '{"permissions": {"allow": ["Bash(ls)", "Bash(ls)"]}}');
      write(
        join(repo, '.claude', 'settings.local.json'),
        '{\n  "permissions": {\n    "allow": ["Bash(git add:*)", "Bash(git add .)", "Bash(do)", "Bash(done)"]\n  }\n}\n',
      );
      write(join(repo, '.claude', 'settings.json'), '{"permissions": {"allow": ["Read(//Users/alice/notes/**)"]}}');
      const plan = planFolder(repo, { home, managedDir: managed });
      assert.equal(plan.files.length, 3);
      const [m, project, local] = plan.files.map((f) => f.plan);
      assert.ok(m?.ok && m.reportOnly && m.newText === m.originalText);
      assert.ok(local?.ok && local.after === 1 && local.newText.includes('"Bash(git add *)"'));
      assert.ok(project?.ok && project.findings.some((f) => f.kind === 'personal'));
      assert.equal(plan.before, 7);
      assert.equal(plan.after, 4);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
