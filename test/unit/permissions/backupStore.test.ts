// The backup folder and its index: where the CLI keeps backups, the refusal to write one inside a
// repository (a home folder in git excepted), and an unreadable index kept aside, never overwritten.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertBackupOutsideRepository,
  backupsOf,
  cliBackupRoot,
  readBackupIndex,
  restoreFromIndex,
  rewriteWithBackup,
} from '../../../src/core/permissions/backupStore';

describe('backup store', () => {
  test('the CLI keeps backups in its cache folder', () => {
    assert.equal(cliBackupRoot({ XDG_CACHE_HOME: '/c' }, '/h', 'linux'), '/c/agent-affinity/permission-backups');
    assert.equal(cliBackupRoot({ XDG_CACHE_HOME: 'relative' }, '/h', 'linux'), '/h/.cache/agent-affinity/permission-backups');
    assert.equal(cliBackupRoot({}, '/h', 'darwin'), '/h/.cache/agent-affinity/permission-backups');
    assert.equal(cliBackupRoot({ LOCALAPPDATA: '/l' }, '/h', 'win32'), join('/l', 'agent-affinity', 'permission-backups'));
  });

  test('a backup folder inside the repository is refused; a home folder kept in git is not the repository', () => {
    const root = mkdtempSync(join(tmpdir(), 'aa-backups-'));
    try {
      const repo = join(root, 'repo');
      mkdirSync(join(repo, '.git'), { recursive: true });
      mkdirSync(join(repo, '.claude'));
      const file = join(repo, '.claude', 'settings.local.json');
      assert.throws(
        () => assertBackupOutsideRepository(join(repo, 'node_modules', '.cache'), file),
        /must never be written into the repository/,
      );
      assert.doesNotThrow(() => assertBackupOutsideRepository(join(root, 'cache'), file));
      // Dotfiles: the home folder is a repository, its ~/.cache is not "the repository".
      const home = join(root, 'home');
      mkdirSync(join(home, '.git'), { recursive: true });
      mkdirSync(join(home, '.claude'));
      const user = join(home, '.claude', 'settings.json');
      assert.doesNotThrow(() => assertBackupOutsideRepository(join(home, '.cache', 'b'), user, home));
      assert.throws(() => assertBackupOutsideRepository(join(home, '.claude', 'b'), user, home), /inside/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('rewrite, index, restore; an unreadable index is kept aside and a new one started', () => {
    const root = mkdtempSync(join(tmpdir(), 'aa-backups-'));
    try {
      const backups = join(root, 'backups');
      const file = join(root, 'w', 'settings.json');
      mkdirSync(join(root, 'w'));
      writeFileSync(file, 'one');
      const first = rewriteWithBackup(file, 'one', 'two', backups, { now: new Date(Date.UTC(2026, 0, 1)) });
      assert.equal(readFileSync(file, 'utf8'), 'two');
      assert.equal(readFileSync(first.backupPath, 'utf8'), 'one');
      writeFileSync(first.indexPath, '{ not json');
      assert.match(readBackupIndex(backups).problem ?? '', /cannot read the backup index/);
      const second = rewriteWithBackup(file, 'two', 'three', backups, { now: new Date(Date.UTC(2026, 0, 2)) });
      assert.ok(readdirSync(backups).some((n) => n.startsWith('index.json.unreadable-')));
      assert.deepEqual(
        backupsOf(backups, file).map((e) => e.backupPath),
        [second.backupPath],
      );
      restoreFromIndex(backups, file);
      assert.equal(readFileSync(file, 'utf8'), 'two');
      assert.ok(existsSync(first.backupPath), 'old backups stay on disk');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
