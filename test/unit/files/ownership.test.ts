// Whose file it is: a write is judged by real access (not by the mode bits), keeps the owner and
// mode of a file that a root process writes for its user (sudo), and falls back to writing in
// place when replacing the file would give it another owner. The scenarios that need two users
// run only as root (the parent sets up the files, a child runs as "nobody"); without root, what
// one user can check is checked instead, and the test says so.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, chown, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyFileRewrite } from '../../../src/core/files/fileRewrite';
import { writeFileAtomic } from '../../../src/core/files/atomicWrite';
import type { OwnershipReport } from '../../support/files/ownershipChild';
import { bundleChild } from '../../support/store/bundleChild';
import { caseDirs, makeTempDir } from '../../support/store/storeFixtures';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

describe('file ownership', () => {
  const freshDir = caseDirs().fresh;

  describe('a file owned by someone else, written by an unprivileged process', () => {
    let root = '';
    let cleanup: () => Promise<void> = async () => undefined;
    let childDir = '';
    let report: OwnershipReport | undefined;

    before(async () => {
      if (!asRoot) return;
      ({ dir: root, cleanup } = await makeTempDir());
      await chmod(root, 0o755);
      const bundle = await bundleChild('../files/ownershipChild');
      childDir = bundle.dir;
      for (const name of ['root-owned', 'group-writable']) {
        await mkdir(join(root, name), { mode: 0o755 });
        await chown(join(root, name), NOBODY, NOBODY); // The folder is the unprivileged user's.
      }
      await writeFile(join(root, 'root-owned', 'settings.json'), '{"owner": "root"}', { mode: 0o644 });
      await chmod(join(root, 'root-owned', 'settings.json'), 0o644);
      await writeFile(join(root, 'group-writable', 'settings.json'), '{"shared": true}');
      await chown(join(root, 'group-writable', 'settings.json'), 0, NOBODY);
      await chmod(join(root, 'group-writable', 'settings.json'), 0o664);
      const child = spawn(process.execPath, [bundle.script, root], {
        stdio: ['ignore', 'pipe', 'pipe'],
        cwd: childDir,
        uid: NOBODY,
        gid: NOBODY,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const [code] = (await once(child, 'close')) as [number | null];
      assert.equal(code, 0, `the ownership scenarios failed to run: ${stderr}`);
      report = JSON.parse(stdout) as OwnershipReport;
    });
    after(async () => {
      await cleanup();
      if (childDir) await rm(childDir, { recursive: true, force: true });
    });

    test('a root-owned 0644 file in a folder the user may write is refused by every form of write, and left as it was', async () => {
      if (!asRoot) {
        // One user cannot own a file of another's; the nearest check: a file without write permission is refused.
        const dir = await freshDir();
        const file = join(dir, 'settings.json');
        await writeFile(file, '{}');
        await chmod(file, 0o444);
        assert.throws(() => applyFileRewrite(file, '{}', '{"x": 1}'), /read-only/, 'not root: only the read-only case can be checked');
        return;
      }
      assert.ok(report);
      const file = join(root, 'root-owned', 'settings.json');
      for (const [form, attempt] of Object.entries(report.rootOwned)) {
        assert.equal(attempt.ok, false, `${form}: a user process must not replace a root-owned 0644 file (its folder is the user's)`);
        assert.equal(attempt.reason, 'notWritable', `${form}: ${attempt.message}`);
        assert.ok(attempt.message.includes(file) && /may not write/.test(attempt.message), attempt.message);
      }
      const info = await stat(file);
      assert.equal(info.uid, 0, 'still root-owned');
      assert.equal(await readFile(file, 'utf8'), '{"owner": "root"}');
      assert.deepEqual(await readdir(join(root, 'root-owned')), ['settings.json'], 'no backup, no temporary file');
    });

    test('a file the user may write only through its group is written in place: content new, owner kept', async () => {
      if (!asRoot) {
        // Without a second user, check the other half: our own file is written and stays ours.
        const dir = await freshDir();
        const file = join(dir, 'settings.json');
        await writeFile(file, '{}');
        applyFileRewrite(file, '{}', '{"x": 1}');
        assert.equal((await stat(file)).uid, process.getuid?.(), 'not root: only the own-file case can be checked');
        return;
      }
      assert.ok(report);
      assert.equal(report.groupWritable.rewrite.ok, true, report.groupWritable.rewrite.message);
      const file = join(root, 'group-writable', 'settings.json');
      const info = await stat(file);
      assert.equal(await readFile(file, 'utf8'), '{"rewritten": true}');
      assert.deepEqual([info.uid, info.gid, info.mode & 0o777], [0, NOBODY, 0o664], 'a rename would have made it the user’s file');
    });
  });

  test('run as root on a user’s file (sudo), a write keeps the user as owner, and the mode; so does the backup', async () => {
    const dir = await freshDir();
    const file = join(dir, 'settings.json');
    await writeFile(file, '{"a": 1}');
    await chmod(file, 0o640);
    const owner = asRoot ? NOBODY : process.getuid?.();
    if (asRoot) await chown(file, NOBODY, NOBODY);
    const { backupPath } = applyFileRewrite(file, '{"a": 1}', '{"a": 2}');
    await writeFileAtomic(file, '{"a": 3}');
    const info = await stat(file);
    const backup = await stat(backupPath);
    const why = asRoot ? 'root writing a user’s file must leave it the user’s' : 'not root: checks that our own file keeps its mode';
    assert.deepEqual([info.uid, info.mode & 0o777], [owner, 0o640], why);
    assert.deepEqual([backup.uid, backup.mode & 0o777], [owner, 0o640], `the backup: ${why}`);
    assert.equal(await readFile(file, 'utf8'), '{"a": 3}');
  });
});
