// Shared mode (a store written by several VS Code windows): two processes writing 1,000 updates
// each lose none; in one process two handles merge; stale locks and damaged files are handled
// under the lock.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openJsonStore } from '../../../src/core/store/jsonStore';
import { bundleChild } from '../../support/store/bundleChild';
import type { SharedData } from '../../support/store/sharedWriterChild';
import { type CounterData, counterDefaults, deadPid, makeTempDir, problemCollector } from '../../support/store/storeFixtures';

function linesOf(child: ChildProcess): string[] {
  const lines: string[] = [];
  let buffer = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
  });
  return lines;
}

describe('shared store', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let childDir: string | undefined;
  let n = 0;
  before(async () => ({ dir: root, cleanup } = await makeTempDir()));
  after(async () => {
    await cleanup();
    if (childDir !== undefined) await rm(childDir, { recursive: true, force: true });
  });
  const freshFile = async (): Promise<string> => {
    const dir = join(root, `case-${++n}`);
    await mkdir(dir);
    return join(dir, 'learned-fixes.json');
  };

  test('two processes writing 1,000 updates each to the same file lose none', async (t) => {
    const file = await freshFile();
    const bundle = await bundleChild('sharedWriterChild');
    childDir = bundle.dir;
    const writers = ['A', 'B'].map((name) => {
      const child = spawn(process.execPath, [bundle.script, file, name, '1000'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      return { name, child, lines: linesOf(child), stderr: (): string => stderr };
    });
    // Both open the store, then start together.
    await Promise.all(
      writers.map(async (w) => {
        while (!w.lines.includes('ready')) await once(w.child.stdout!, 'data');
      }),
    );
    const started = Date.now();
    for (const w of writers) w.child.stdin?.write('go\n');
    const exits = await Promise.all(writers.map((w) => once(w.child, 'close')));
    const elapsed = Date.now() - started;
    for (const [i, w] of writers.entries()) {
      assert.deepEqual(exits[i], [0, null], `writer ${w.name} failed: ${w.stderr()}`);
    }
    const doc = JSON.parse(await readFile(file, 'utf8')) as SharedData & { schemaVersion: number };
    assert.equal(doc.total, 2000);
    assert.deepEqual(doc.perWriter, { A: 1000, B: 1000 });
    assert.equal(doc.ids.length, 2000);
    assert.equal(new Set(doc.ids).size, 2000, 'no update applied twice');
    for (const name of ['A', 'B']) {
      const mine = doc.ids.filter((id) => id.startsWith(`${name}:`));
      assert.deepEqual(
        mine,
        Array.from({ length: 1000 }, (_, i) => `${name}:${i}`),
        `${name}'s updates all present, in order`,
      );
    }
    let switches = 0;
    for (let i = 1; i < doc.ids.length; i++) if (doc.ids[i]?.[0] !== doc.ids[i - 1]?.[0]) switches++;
    const reports = writers.map((w) => JSON.parse(w.lines.at(-1) ?? '{}') as { writes: number; reads: number; problems: string[] });
    t.diagnostic(
      `2 × 1000 locked updates in ${elapsed} ms; writers interleaved ${switches} times; ` +
        `writes ${reports.map((r) => r.writes).join(' + ')}; re-reads ${reports.map((r) => r.reads).join(' + ')}`,
    );
    assert.ok(switches > 0, 'the writers really ran at the same time');
    assert.deepEqual(
      reports.flatMap((r) => r.problems),
      [],
    );
    assert.deepEqual((await readdir(join(file, '..'))).sort(), ['learned-fixes.json']);
  });

  test('two handles in one process merge their updates', async () => {
    const file = await freshFile();
    const options = { file, defaults: counterDefaults, schemaVersion: 1, shared: true, debounceMs: 0 } as const;
    const a = await openJsonStore<CounterData>(options);
    const b = await openJsonStore<CounterData>(options);
    a.update((d) => {
      d.count++;
      d.items.push('from a');
    });
    b.update((d) => {
      d.count++;
      d.items.push('from b');
    });
    assert.equal(b.data.count, 1, 'b has not seen a yet');
    await Promise.all([a.flush(), b.flush()]);
    await a.reload();
    assert.equal(a.data.count, 2);
    assert.deepEqual([...a.data.items].sort(), ['from a', 'from b']);
    await Promise.all([a.close(), b.close()]);
    assert.equal(JSON.parse(await readFile(file, 'utf8')).count, 2);
  });

  test('the file is re-read before a write only when another process wrote it', async () => {
    const file = await freshFile();
    const options = { file, defaults: counterDefaults, schemaVersion: 1, shared: true, debounceMs: 0 } as const;
    const a = await openJsonStore<CounterData>(options);
    const readsAtOpen = a.stats.reads;
    for (let i = 0; i < 5; i++) {
      a.update((d) => void d.count++);
      await a.flush();
    }
    assert.equal(a.stats.reads, readsAtOpen, 'alone: no re-read');
    const b = await openJsonStore<CounterData>(options);
    b.update((d) => d.items.push('b'));
    await b.close();
    a.update((d) => void d.count++);
    await a.flush();
    assert.equal(a.stats.reads, readsAtOpen + 1, 'after another writer: one re-read');
    assert.deepEqual(a.data, { count: 6, items: ['b'] });
    await a.reload();
    assert.equal(a.stats.reads, readsAtOpen + 1, 'reload of an unchanged file reads nothing');
    await a.close();
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { schemaVersion: 1, count: 6, items: ['b'] });
  });

  test('updates queued while a write runs are kept in memory and written next', async () => {
    const file = await freshFile();
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 1, shared: true, debounceMs: 0 });
    store.update((d) => void d.count++);
    const first = store.flush();
    store.update((d) => void d.count++);
    await first;
    assert.equal(store.data.count, 2, 'the queued update stays visible after the first write');
    await store.close();
    assert.equal(JSON.parse(await readFile(file, 'utf8')).count, 2);
  });

  test('a lock left by a dead window is broken and reported; the store opens', async () => {
    const file = await freshFile();
    const pid = await deadPid();
    await writeFile(`${file}.lock`, JSON.stringify({ pid, host: hostname(), time: new Date().toISOString(), token: 'x' }));
    const { problems, onProblem } = problemCollector();
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 1, shared: true, onProblem });
    store.update((d) => void d.count++);
    await store.close();
    assert.deepEqual(
      problems.map((p) => p.kind),
      ['staleLockBroken'],
    );
    assert.ok(problems[0]?.message.includes(`process ${pid}`));
    assert.deepEqual((await readdir(join(file, '..'))).sort(), ['learned-fixes.json']);
  });

  test('a damaged shared file is quarantined and the fresh store written under the lock', async () => {
    const file = await freshFile();
    await writeFile(file, '{"schemaVersion":1,"count":');
    const { problems, onProblem } = problemCollector();
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 1, shared: true, onProblem });
    const problem = problems[0];
    assert.ok(problem?.kind === 'quarantined');
    assert.equal(await readFile(problem.quarantinePath, 'utf8'), '{"schemaVersion":1,"count":');
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { schemaVersion: 1, count: 0, items: [] });
    await store.close();
  });

  test('a shared file from a newer schema is opened read-only, untouched, and the lock released', async () => {
    const file = await freshFile();
    const text = '{"schemaVersion": 5, "count": 1}';
    await writeFile(file, text);
    const { problems, onProblem } = problemCollector();
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 1, shared: true, onProblem });
    assert.ok(store.readOnlyReason !== undefined);
    assert.deepEqual(
      problems.map((p) => p.kind),
      ['newerVersion'],
    );
    await store.reload();
    await store.close();
    assert.equal(await readFile(file, 'utf8'), text);
    assert.deepEqual(await readdir(join(file, '..')), ['learned-fixes.json']);
  });

  test('an update that throws on the latest content is dropped and reported, the others written', async () => {
    const file = await freshFile();
    const options = { file, defaults: counterDefaults, schemaVersion: 1, shared: true, debounceMs: 0 } as const;
    const { problems, onProblem } = problemCollector();
    const a = await openJsonStore<CounterData>({ ...options, onProblem });
    const other = await openJsonStore<CounterData>(options);
    other.update((d) => d.items.push('taken'));
    await other.close();
    a.update((d) => {
      if (d.items.includes('taken')) throw new Error('already taken');
      d.items.push('taken');
    });
    a.update((d) => void d.count++);
    await a.close();
    assert.deepEqual(
      problems.map((p) => p.kind),
      ['updateDropped'],
    );
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { schemaVersion: 1, count: 1, items: ['taken'] });
  });
});
