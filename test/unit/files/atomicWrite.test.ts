// The one atomic writer (src/core/files): the content is replaced whole, a failure leaves the
// target and no temporary file, temporary files of dead (or hour-old) writers are cleaned up
// whatever file they were for, the mode and hard links are kept, and a file that changed or is
// read-only is refused.
import assert from 'node:assert/strict';
import { chmod, link, lstat, mkdir, readFile, readdir, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, test } from 'node:test';
import { FileWriteRefusedError, writeFileAtomic, writeFileAtomicSync } from '../../../src/core/files/atomicWrite';
import { cleanStaleTempFiles, cleanStaleTempFilesSync, tempPathFor } from '../../../src/core/files/tempFiles';
import { deadPid, caseDirs } from '../../support/store/storeFixtures';

describe('atomicWrite', () => {
  const freshDir = caseDirs().fresh;

  test('creates and replaces the file, leaving no temporary file', async () => {
    const dir = await freshDir();
    const file = join(dir, 'a.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, Buffer.from('two'), { fsync: false });
    assert.equal(await readFile(file, 'utf8'), 'two');
    assert.deepEqual(await readdir(dir), ['a.json']);
  });

  test('temporary names are hidden, in the same folder, unique, and carry our pid', () => {
    const a = tempPathFor('/x/store.json');
    const b = tempPathFor('/x/store.json');
    assert.notEqual(a, b);
    assert.match(a, new RegExp(`^/x/\\.store\\.json\\.tmp-${process.pid}-[0-9a-f]{12}$`));
  });

  test('a failed rename leaves the target alone and removes the temporary file', async () => {
    const dir = await freshDir();
    const target = join(dir, 'target');
    await mkdir(target); // rename(file, folder) fails.
    await writeFile(join(target, 'inside'), 'x');
    await assert.rejects(writeFileAtomic(target, 'data'));
    assert.deepEqual(await readdir(dir), ['target']);
    assert.deepEqual(await readdir(target), ['inside']);
  });

  test('a missing folder fails without creating anything', async () => {
    const dir = await freshDir();
    await assert.rejects(writeFileAtomic(join(dir, 'missing', 'a.json'), 'x'), { code: 'ENOENT' });
    assert.deepEqual(await readdir(dir), []);
  });

  test("stale temporary files of any file are removed, the old permission writer's too; live writers' and unrelated files kept", async () => {
    const dir = await freshDir();
    const dead = await deadPid();
    await writeFile(join(dir, 'settings.json'), '{}');
    const names = {
      dead: `.store.json.tmp-${dead}-0a0b0c`,
      ours: `.store.json.tmp-${process.pid}-0a0b0c`,
      liveOld: `.store.json.tmp-${process.ppid}-0d0e0f`,
      liveNew: `.store.json.tmp-${process.ppid}-0a0b0c`,
      otherStore: `.other.json.tmp-${dead}-0a0b0c`,
      legacy: `.settings.json.${dead}.k3j5h2g9x1.tmp`,
      legacyLive: `.settings.json.${process.ppid}.k3j5h2g9x1.tmp`,
      legacyNoTarget: `.notes.md.${dead}.k3j5h2g9x1.tmp`,
      lookalike: `store.json.tmp-${dead}-0a0b0c`,
    };
    for (const name of Object.values(names)) await writeFile(join(dir, name), 'x');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(join(dir, names.liveOld), twoHoursAgo, twoHoursAgo);
    const removed = await cleanStaleTempFiles(dir);
    const gone = [names.dead, names.liveOld, names.otherStore, names.legacy];
    assert.deepEqual(removed.sort(), gone.map((n) => join(dir, n)).sort());
    const kept = [names.ours, names.liveNew, names.legacyLive, names.legacyNoTarget, names.lookalike, 'settings.json'];
    assert.deepEqual((await readdir(dir)).sort(), kept.sort());
  });

  test('the synchronous cleanup finds the same files', async () => {
    const dir = await freshDir();
    const name = `.a.json.tmp-${await deadPid()}-0a0b0c`;
    await writeFile(join(dir, name), 'x');
    assert.deepEqual(cleanStaleTempFilesSync(dir), [join(dir, name)]);
    assert.deepEqual(await readdir(dir), []);
  });

  test('cleaning a missing folder is a no-op', async () => {
    assert.deepEqual(await cleanStaleTempFiles(join(await freshDir(), 'nowhere')), []);
  });

  test('a temporary name stays within the name limit, whatever the length of the target name', () => {
    const long = `/x/${'n'.repeat(255)}`;
    assert.ok(basename(tempPathFor(long)).length <= 255);
  });

  test('the synchronous form writes like the asynchronous one, through symlinks, and cleans up after a failure', async () => {
    const dir = await freshDir();
    const real = join(dir, 'real.json');
    await writeFile(real, 'old');
    await symlink(real, join(dir, 'link.json'));
    writeFileAtomicSync(join(dir, 'link.json'), 'new');
    assert.equal(await readFile(real, 'utf8'), 'new');
    assert.ok((await lstat(join(dir, 'link.json'))).isSymbolicLink());
    assert.throws(() => writeFileAtomicSync(join(dir, 'missing', 'a.json'), 'x'), { code: 'ENOENT' });
    assert.deepEqual((await readdir(dir)).sort(), ['link.json', 'real.json']);
  });

  test('an existing file keeps its mode; a given mode applies to a new file and replaces an existing one', async () => {
    const dir = await freshDir();
    const file = join(dir, 'a.json');
    await writeFile(file, 'x', { mode: 0o640 });
    await chmod(file, 0o640);
    await writeFileAtomic(file, 'y');
    assert.equal((await stat(file)).mode & 0o777, 0o640);
    await writeFileAtomic(file, 'z', { mode: 0o600 });
    assert.equal((await stat(file)).mode & 0o777, 0o600, 'an existing 0640 file becomes 0600 at its next write');
    const fresh = join(dir, 'b.json');
    writeFileAtomicSync(fresh, 'x', { mode: 0o600 });
    assert.equal((await stat(fresh)).mode & 0o777, 0o600);
  });

  test('a file with several hard links is written in place, so every link sees the new content', async () => {
    const dir = await freshDir();
    const file = join(dir, 'a.json');
    const other = join(dir, 'other-name.json');
    await writeFile(file, 'old content, longer than the new one');
    await link(file, other);
    const inode = (await stat(file)).ino;
    await writeFileAtomic(file, 'new');
    assert.equal(await readFile(other, 'utf8'), 'new');
    assert.equal((await stat(file)).ino, inode);
    writeFileAtomicSync(other, 'newer');
    assert.equal(await readFile(file, 'utf8'), 'newer');
    assert.deepEqual((await readdir(dir)).sort(), ['a.json', 'other-name.json']);
  });

  test('keepIdentity false (the stores) replaces a hard-linked file whole instead', async () => {
    const dir = await freshDir();
    const file = join(dir, 'a.json');
    await writeFile(file, 'old');
    await link(file, join(dir, 'b.json'));
    await writeFileAtomic(file, 'new', { keepIdentity: false });
    assert.equal(await readFile(file, 'utf8'), 'new');
    assert.equal(await readFile(join(dir, 'b.json'), 'utf8'), 'old');
  });

  test('expected content: a file that no longer holds it is refused, naming the file, and left alone', async () => {
    const dir = await freshDir();
    const file = join(dir, 'a.json');
    await writeFile(file, 'theirs');
    await assert.rejects(writeFileAtomic(file, 'ours', { expected: 'what we read' }), (error: unknown) => {
      assert.ok(error instanceof FileWriteRefusedError);
      assert.equal(error.reason, 'changed');
      assert.ok(error.message.includes(file), error.message);
      return true;
    });
    assert.throws(() => writeFileAtomicSync(file, 'ours', { expected: Buffer.from('what we read') }), { name: 'FileWriteRefusedError' });
    assert.equal(await readFile(file, 'utf8'), 'theirs');
    await writeFileAtomic(file, 'ours', { expected: 'theirs' });
    assert.equal(await readFile(file, 'utf8'), 'ours');
    assert.deepEqual(await readdir(dir), ['a.json']);
  });

  test('a read-only file is refused, whoever runs the write', async () => {
    const dir = await freshDir();
    const file = join(dir, 'a.json');
    await writeFile(file, 'x');
    await chmod(file, 0o444);
    await assert.rejects(writeFileAtomic(file, 'y'), { name: 'FileWriteRefusedError', message: /read-only/ });
    assert.equal(await readFile(file, 'utf8'), 'x');
    assert.deepEqual(await readdir(dir), ['a.json']);
  });

  test('something that is not a regular file is refused before anything is written', async () => {
    const dir = await freshDir();
    await assert.rejects(writeFileAtomic(dir, 'x'), { name: 'FileWriteRefusedError', message: /not a regular file/ });
  });
});
