// The allow list a Claude Code session's run gets on its command line: the allow rules of every
// settings file of its folder, merged and consolidated (exact tier) against their ask and deny rules.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { decide } from '../../../src/core/permissions/matcher';
import { sessionAllowList } from '../../../src/core/permissions/sessionAllowList';

const root = mkdtempSync(join(tmpdir(), 'aa-allowlist-'));
after(() => rmSync(root, { recursive: true, force: true }));

function layout(
  name: string,
  files: { user?: unknown; project?: unknown; local?: string | unknown; managed?: unknown },
): { home: string; folder: string; managedDir: string } {
  const home = join(root, name, 'home');
  const folder = join(root, name, 'ws');
  const managedDir = join(root, name, 'managed');
  for (const d of [join(home, '.claude'), join(folder, '.claude'), managedDir]) mkdirSync(d, { recursive: true });
  const write = (path: string, v: unknown): void => writeFileSync(path, typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  if (files.user !== undefined) write(join(home, '.claude', 'settings.json'), files.user);
  if (files.project !== undefined) write(join(folder, '.claude', 'settings.json'), files.project);
  if (files.local !== undefined) write(join(folder, '.claude', 'settings.local.json'), files.local);
  if (files.managed !== undefined) write(join(managedDir, 'managed-settings.json'), files.managed);
  return { home, folder, managedDir };
}

const noStat = (): undefined => undefined;

describe('the session allow list', () => {
  test('merges every scope, drops duplicates and subsumed rules, keeps the decisions of the files', () => {
    const l = layout('merge', {
      user: { permissions: { allow: ['Bash(git status)', 'Read'], deny: ['Bash(git push *)'] } },
      project: { permissions: { allow: ['Bash(npm run test)', 'Bash(npm run test:*)', 'Bash(git status)', 'Bash(git push origin main)'] } },
      local: { permissions: { allow: ['Bash(npm run test)', 'WebFetch(domain:example.com)'], ask: ['Bash(npm publish)'] } },
    });
    const r = sessionAllowList(l.folder, { home: l.home, managedDir: l.managedDir }, noStat);
    assert.deepEqual(r.problems, []);
    assert.equal(r.managedOnly, false);
    assert.ok(!r.allow.includes('Bash(npm run test)'), 'a rule another covers is dropped');
    assert.ok(!r.allow.includes('Bash(git push origin main)'), 'an allow the deny list shadows is dropped');
    assert.equal(r.allow.filter((x) => x === 'Bash(git status)').length, 1);
    for (const kept of ['Read', 'Bash(npm run test *)', 'WebFetch(domain:example.com)']) assert.ok(r.allow.includes(kept), kept);
    // Whatever the list keeps, nothing denied or asked becomes allowed through it.
    const lists = { allow: r.allow, deny: ['Bash(git push *)'], ask: ['Bash(npm publish)'] };
    assert.equal(decide(lists, { tool: 'Bash', command: 'git push origin main' }), 'deny');
    assert.equal(decide(lists, { tool: 'Bash', command: 'npm publish' }), 'ask');
    assert.equal(decide(lists, { tool: 'Bash', command: 'npm run test' }), 'allow');
  });

  test('a malformed file is a problem naming it and contributes nothing; the others still count', () => {
    const l = layout('malformed', {
      project: { permissions: { allow: ['Bash(make)'] } },
      local: '{ "permissions": { "allow": [ "Bash(ls)", ',
    });
    const r = sessionAllowList(l.folder, { home: l.home, managedDir: l.managedDir }, noStat);
    assert.deepEqual(r.allow, ['Bash(make)']);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0] ?? '', /settings\.local\.json/);
  });

  test('managed settings that allow only their own rules: only those are listed', () => {
    const l = layout('managed', {
      managed: { allowManagedPermissionRulesOnly: true, permissions: { allow: ['Bash(make build)'] } },
      project: { permissions: { allow: ['Bash(rm -rf build)'] } },
    });
    const r = sessionAllowList(l.folder, { home: l.home, managedDir: l.managedDir }, noStat);
    assert.equal(r.managedOnly, true);
    assert.deepEqual(r.allow, ['Bash(make build)']);
  });

  test('no settings files: an empty list; the sources are the files read, with their stats', () => {
    const empty = layout('empty', {});
    assert.deepEqual(sessionAllowList(empty.folder, { home: empty.home, managedDir: empty.managedDir }, noStat).allow, []);
    const l = layout('sources', { project: { permissions: { allow: ['Read'] } } });
    const r = sessionAllowList(l.folder, { home: l.home, managedDir: l.managedDir }, () => ({ mtimeMs: 1, size: 2 }));
    assert.deepEqual(r.sources, [{ path: join(l.folder, '.claude', 'settings.json'), mtimeMs: 1, size: 2 }]);
  });
});
