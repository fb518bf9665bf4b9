// Atomic replacement of a file: the content is replaced whole, a failure leaves the target and no
// temporary file, and only temporary files of dead (or hour-old) writers are cleaned up.
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { writeFileAtomic } from '../../../src/core/store';
import { cleanStaleTempFiles, tempPathFor } from '../../../src/core/store/atomicWrite';
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

  test("stale temporary files are removed, live writers' and unrelated files kept", async () => {
    const dir = await freshDir();
    const file = join(dir, 'store.json');
    const dead = await deadPid();
    const names = {
      dead: `.store.json.tmp-${dead}-0a0b0c`,
      ours: `.store.json.tmp-${process.pid}-0a0b0c`,
      liveOld: `.store.json.tmp-${process.ppid}-0d0e0f`,
      liveNew: `.store.json.tmp-${process.ppid}-0a0b0c`,
      otherStore: `.other.json.tmp-${dead}-0a0b0c`,
      lookalike: `store.json.tmp-${dead}-0a0b0c`,
    };
    for (const name of Object.values(names)) await writeFile(join(dir, name), 'x');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(join(dir, names.liveOld), twoHoursAgo, twoHoursAgo);
    const removed = await cleanStaleTempFiles(file);
    assert.deepEqual(removed.sort(), [join(dir, names.dead), join(dir, names.liveOld)].sort());
    assert.deepEqual((await readdir(dir)).sort(), [names.ours, names.liveNew, names.otherStore, names.lookalike].sort());
  });

  test('cleaning a missing folder is a no-op', async () => {
    assert.deepEqual(await cleanStaleTempFiles(join(await freshDir(), 'nowhere', 'store.json')), []);
  });
});
