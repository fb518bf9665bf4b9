// Claude Code trust for session worktrees: the config path, trust inherited only from a trusted
// source, every other key and the file mode kept, a malformed config never touched, and the entry
// forgotten with the worktree.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claudeGlobalConfigPath, forgetClaudeProject, inheritClaudeTrust } from '../../../src/core/worktrees/claudeTrust';

describe('Claude Code trust for worktrees', () => {
  let dir = '';
  let file = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'aa-claude-trust-'));
    file = join(dir, '.claude.json');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (config: unknown): string => {
    const text = `${JSON.stringify(config, null, 2)}\n`;
    writeFileSync(file, text, { mode: 0o600 });
    return text;
  };

  test('the config file the CLI reads: CLAUDE_CONFIG_DIR, else HOME', () => {
    assert.equal(claudeGlobalConfigPath({ CLAUDE_CONFIG_DIR: '/c' }, '/h'), '/c/.claude.json');
    assert.equal(claudeGlobalConfigPath({ CLAUDE_CONFIG_DIR: '/c1, /c2' }, '/h'), '/c1/.claude.json');
    assert.equal(claudeGlobalConfigPath({ HOME: '/home/u' }, '/h'), '/home/u/.claude.json');
    assert.equal(claudeGlobalConfigPath({}, '/h'), '/h/.claude.json');
  });

  test('a trusted repository passes its trust on, keeping every other key and the mode', async () => {
    write({
      userID: 'u',
      projects: { '/repo': { hasTrustDialogAccepted: true, history: [1] }, '/other': { x: 1 } },
      tipsHistory: { a: 2 },
    });
    assert.deepEqual(await inheritClaudeTrust(file, ['/repo'], '/wt/a'), { kind: 'trusted' });
    const c = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(c, {
      userID: 'u',
      projects: { '/repo': { hasTrustDialogAccepted: true, history: [1] }, '/other': { x: 1 }, '/wt/a': { hasTrustDialogAccepted: true } },
      tipsHistory: { a: 2 },
    });
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(await inheritClaudeTrust(file, ['/repo'], '/wt/a'), { kind: 'already-trusted' });
    // Either source counts (the repository root or the folder the session was made from).
    assert.deepEqual(await inheritClaudeTrust(file, ['/not-trusted', '/repo'], '/wt/b'), { kind: 'trusted' });
  });

  test('an untrusted repository gives nothing, and the file stays byte-identical', async () => {
    const text = write({ projects: { '/repo': { hasTrustDialogAccepted: false } } });
    assert.deepEqual(await inheritClaudeTrust(file, ['/repo', '/elsewhere'], '/wt/a'), { kind: 'source-not-trusted' });
    assert.equal(readFileSync(file, 'utf8'), text);
  });

  test('a malformed or missing config is never written', async () => {
    writeFileSync(file, '{"projects": {"/repo": {"hasTrustDialogAccepted": true}}, oops');
    const r = await inheritClaudeTrust(file, ['/repo'], '/wt/a');
    assert.equal(r.kind, 'unreadable');
    assert.match(r.kind === 'unreadable' ? r.reason : '', /not valid JSON.*left untouched/);
    assert.equal(readFileSync(file, 'utf8'), '{"projects": {"/repo": {"hasTrustDialogAccepted": true}}, oops');
    assert.equal(await forgetClaudeProject(file, '/wt/a'), false);
    assert.deepEqual(await inheritClaudeTrust(join(dir, 'missing.json'), ['/repo'], '/wt/a'), { kind: 'no-config' });
  });

  test('a removed worktree is forgotten; the rest stays', async () => {
    write({ projects: { '/repo': { hasTrustDialogAccepted: true }, '/wt/a': { hasTrustDialogAccepted: true, lastCost: 1 } } });
    assert.equal(await forgetClaudeProject(file, '/wt/a'), true);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { projects: { '/repo': { hasTrustDialogAccepted: true } } });
    assert.equal(await forgetClaudeProject(file, '/wt/a'), false);
  });
});
