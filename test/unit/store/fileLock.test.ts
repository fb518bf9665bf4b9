// The cross-process lock file: exclusive, waits for the holder, breaks locks of dead or hung
// holders (and reports it), times out naming the holder, and never removes someone else's lock.
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { mkdir, readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { StoreLockTimeoutError } from '../../../src/core/store/storeErrors';
import { acquireFileLock } from '../../../src/core/store/fileLock';
import { deadPid, makeTempDir } from '../../support/store/storeFixtures';

function lockContent(pid: number, token = 'feedface'): string {
  return JSON.stringify({ pid, host: hostname(), time: new Date().toISOString(), token });
}

describe('fileLock', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let n = 0;
  before(async () => ({ dir: root, cleanup } = await makeTempDir()));
  after(() => cleanup());
  const freshLock = async (): Promise<string> => {
    const dir = join(root, `case-${++n}`);
    await mkdir(dir);
    return join(dir, 'store.json.lock');
  };

  test('the lock file names its holder and is removed on release', async () => {
    const path = await freshLock();
    const lock = await acquireFileLock(path);
    const holder = JSON.parse(await readFile(path, 'utf8'));
    assert.equal(holder.pid, process.pid);
    assert.equal(holder.host, hostname());
    assert.ok(await lock.isHeld());
    await lock.release();
    await lock.release();
    assert.deepEqual(await readdir(join(path, '..')), []);
  });

  test('a second taker waits until the first releases', async () => {
    const path = await freshLock();
    const events: string[] = [];
    const first = await acquireFileLock(path);
    const second = acquireFileLock(path).then((lock) => {
      events.push('second acquired');
      return lock;
    });
    // Let the second taker poll a few times, then release.
    await new Promise((resolve) => setTimeout(resolve, 20));
    events.push('first released');
    await first.release();
    const lock = await second;
    assert.deepEqual(events, ['first released', 'second acquired']);
    await lock.release();
  });

  test('many concurrent takers in one process each get it exactly once, one at a time', async () => {
    const path = await freshLock();
    let inside = 0;
    let maxInside = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const lock = await acquireFileLock(path);
        inside++;
        maxInside = Math.max(maxInside, inside);
        await new Promise((resolve) => setImmediate(resolve));
        inside--;
        done++;
        await lock.release();
      }),
    );
    assert.equal(done, 20);
    assert.equal(maxInside, 1);
  });

  test('a lock left by a dead process is broken and reported', async () => {
    const path = await freshLock();
    const pid = await deadPid();
    await writeFile(path, lockContent(pid));
    const broken: string[] = [];
    const lock = await acquireFileLock(path, { onStaleLockBroken: (holder, why) => broken.push(`${holder} | ${why}`) });
    assert.equal(broken.length, 1);
    assert.match(broken[0] ?? '', new RegExp(`process ${pid} .*not running`));
    assert.equal(JSON.parse(await readFile(path, 'utf8')).pid, process.pid);
    await lock.release();
  });

  test('a lock older than staleMs is broken even if its holder lives', async () => {
    const path = await freshLock();
    await writeFile(path, lockContent(process.ppid));
    const old = new Date(Date.now() - 60_000);
    await utimes(path, old, old);
    const broken: string[] = [];
    const lock = await acquireFileLock(path, { staleMs: 30_000, onStaleLockBroken: (_h, why) => broken.push(why) });
    assert.match(broken[0] ?? '', /held for/);
    await lock.release();
  });

  test('an empty lock file (holder died before writing it) is broken after a short grace', async () => {
    const path = await freshLock();
    await writeFile(path, '');
    const old = new Date(Date.now() - 5_000);
    await utimes(path, old, old);
    const lock = await acquireFileLock(path, { timeoutMs: 1000 });
    await lock.release();
  });

  test('a break guard left by a dead breaker does not block breaking a stale lock', async () => {
    const path = await freshLock();
    const pid = await deadPid();
    await writeFile(path, lockContent(pid));
    await writeFile(`${path}.break`, lockContent(pid, 'break'));
    const lock = await acquireFileLock(path, { timeoutMs: 2000 });
    assert.equal(JSON.parse(await readFile(path, 'utf8')).pid, process.pid);
    await lock.release();
    assert.deepEqual(await readdir(join(path, '..')), []);
  });

  test('a live holder makes a waiter time out with an error naming the lock and the holder', async () => {
    const path = await freshLock();
    await writeFile(path, lockContent(process.ppid));
    await assert.rejects(acquireFileLock(path, { timeoutMs: 50 }), (error: unknown) => {
      assert.ok(error instanceof StoreLockTimeoutError);
      assert.ok(error.message.includes(path));
      assert.ok(error.message.includes(`process ${process.ppid}`));
      return true;
    });
    assert.equal(JSON.parse(await readFile(path, 'utf8')).pid, process.ppid, 'left in place');
  });

  test('release leaves a lock that another process has taken over', async () => {
    const path = await freshLock();
    const lock = await acquireFileLock(path);
    await writeFile(path, lockContent(process.ppid, 'someone-else'));
    assert.equal(await lock.isHeld(), false);
    await lock.release();
    assert.equal(JSON.parse(await readFile(path, 'utf8')).token, 'someone-else');
  });
});
