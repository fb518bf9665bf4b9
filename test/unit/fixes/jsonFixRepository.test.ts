// The fix store on the shared JSON store: persistence, damaged entries, and two processes
// (two VS Code windows) writing 1,000 updates each with every update present afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FixStore } from '../../../src/core/fixes/fixStore';
import { JsonFixRepository } from '../../../src/core/fixes/jsonFixRepository';
import type { FixStoreFile } from '../../../src/core/fixes/jsonFixRepository';
import { T0, newFix, numberedDiff } from '../../support/fixes/builders';

const CHILD = fileURLToPath(new URL('../../support/fixes/fixWriterChild.ts', import.meta.url));

describe('fix store on the shared JSON file', () => {
  let dir: string;
  let n = 0;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'affinity-fixes-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const fresh = (): string => join(dir, `fixes-${++n}.json`);

  test('learned fixes and counters survive reopening', async () => {
    const file = fresh();
    const repo = await JsonFixRepository.open({ file, fsync: false });
    const store = await FixStore.open(repo);
    const fix = await store.learn(newFix());
    await store.applied(fix.id, T0 + 1);
    await repo.close();
    const again = await FixStore.open(await JsonFixRepository.open({ file, fsync: false }));
    assert.equal(again.get(fix.id)?.counts.applied, 1);
    assert.equal(
      again.lookup({ message: "Type 'A' is not assignable to type 'B'.", source: 'ts', code: 2322, languageId: 'typescript' })[0]?.record
        .id,
      fix.id,
    );
  });

  test('a damaged entry is not served but stays in the file', async () => {
    const file = fresh();
    const first = await JsonFixRepository.open({ file, fsync: false });
    const fix = await (await FixStore.open(first)).learn(newFix());
    await first.close();
    const content = JSON.parse(await readFile(file, 'utf8')) as FixStoreFile;
    content.fixes.push({ id: 'broken' } as unknown as FixStoreFile['fixes'][number]);
    await writeFile(file, JSON.stringify(content));
    const repo = await JsonFixRepository.open({ file, fsync: false });
    const store = await FixStore.open(repo);
    assert.deepEqual(
      store.all().map((r) => r.id),
      [fix.id],
    );
    await store.applied(fix.id, T0 + 5);
    await repo.close();
    const after = JSON.parse(await readFile(file, 'utf8')) as FixStoreFile;
    assert.deepEqual(
      after.fixes.map((f) => f.id),
      [fix.id, 'broken'],
    );
    assert.equal(after.fixes[0]?.counts.applied, 1);
  });

  test('two processes writing 1,000 updates each lose none', async (t) => {
    const file = fresh();
    const seed = await JsonFixRepository.open({ file, fsync: false });
    const shared = await (await FixStore.open(seed)).learn(newFix({ diff: numberedDiff(0) }));
    await seed.close();
    const writers = ['A', 'B'].map((name) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, name, '1000', shared.id, '10'], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c;
      });
      child.stderr.setEncoding('utf8').on('data', (c: string) => {
        err += c;
      });
      return { name, child, out: (): string => out, err: (): string => err };
    });
    await Promise.all(
      writers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const check = (): void => {
              if (w.out().includes('ready')) resolve();
            };
            w.child.stdout.on('data', check);
            w.child.once('close', () => reject(new Error(`writer ${w.name} exited before it was ready: ${w.err()}`)));
            check();
          }),
      ),
    );
    const started = Date.now();
    for (const w of writers) w.child.stdin.write('go\n');
    const exits = await Promise.all(writers.map((w) => once(w.child, 'close')));
    t.diagnostic(`2 × 1000 fix-store updates, flushed under the lock every 10 updates: ${Date.now() - started} ms`);
    writers.forEach((w, i) => assert.deepEqual(exits[i], [0, null], `writer ${w.name}: ${w.err()}`));
    for (const w of writers) assert.deepEqual(JSON.parse(w.out().trim().split('\n').at(-1) ?? '{}'), { problems: [] });
    const store = await FixStore.open(await JsonFixRepository.open({ file, fsync: false }));
    assert.equal(store.get(shared.id)?.counts.applied, 1000, 'every counted application is present');
    assert.equal(store.size, 1001, 'every learned fix is present, none twice');
    for (const name of ['A', 'B']) {
      const tasks = store
        .all()
        .filter((r) => r.sessionId === name)
        .map((r) => Number(r.taskId))
        .sort((a, b) => a - b);
      assert.deepEqual(
        tasks,
        Array.from({ length: 500 }, (_, i) => i * 2),
      );
    }
  });
});
