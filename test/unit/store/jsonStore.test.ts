// The JSON store in one process: defaults, round trip, debounced coalesced writes, flush on close,
// newer-schema files left alone, write failures reported and retried, temp file cleanup.
import assert from 'node:assert/strict';
import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { StoreClosedError, StoreReadOnlyError } from '../../../src/core/store/storeErrors';
import { openJsonStore } from '../../../src/core/store/jsonStore';
import {
  type CounterData,
  counterDefaults,
  deadPid,
  problemCollector,
  tempFilesIn,
  waitFor,
  caseDirs,
} from '../../support/store/storeFixtures';

describe('jsonStore', () => {
  const freshDir = caseDirs().fresh;

  test('a missing file opens with defaults and is not written until a change', async () => {
    const dir = await freshDir();
    const file = join(dir, 'store.json');
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 1 });
    assert.deepEqual(store.data, counterDefaults());
    await store.close();
    assert.deepEqual(await readdir(dir), []);
  });

  test('changes round-trip through the file with the schema version first', async () => {
    const file = join(await freshDir(), 'store.json');
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 3 });
    store.update((d) => {
      d.count = 7;
      d.items.push('a');
    });
    assert.equal(store.data.count, 7, 'visible in memory at once');
    await store.flush();
    const text = await readFile(file, 'utf8');
    assert.match(text, /^\{\n {2}"schemaVersion": 3,/);
    assert.deepEqual(JSON.parse(text), { schemaVersion: 3, count: 7, items: ['a'] });
    await store.close();
    const again = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 3 });
    assert.deepEqual(again.data, { count: 7, items: ['a'] });
    assert.equal('schemaVersion' in again.data, false, 'the version stays in the file');
    await again.close();
  });

  test('debounced writes coalesce: 50 updates make one file write', async () => {
    const file = join(await freshDir(), 'store.json');
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 1, debounceMs: 20 });
    for (let i = 0; i < 50; i++) store.update((d) => void d.count++);
    assert.equal(store.stats.writes, 0, 'nothing written synchronously');
    await waitFor(() => store.stats.writes === 1);
    assert.equal(JSON.parse(await readFile(file, 'utf8')).count, 50);
    await store.flush();
    assert.equal(store.stats.writes, 1, 'a flush with nothing pending writes nothing');
    await store.close();
    assert.equal(store.stats.writes, 1);
  });

  test('changes made while a write runs are written by a second write', async () => {
    const file = join(await freshDir(), 'store.json');
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 1, debounceMs: 0 });
    store.update((d) => void d.count++);
    const first = store.flush();
    store.update((d) => void d.count++);
    await first;
    await store.flush();
    assert.equal(JSON.parse(await readFile(file, 'utf8')).count, 2);
    assert.equal(store.stats.writes, 2);
    await store.close();
  });

  test('close flushes pending changes; updates after close throw', async () => {
    const file = join(await freshDir(), 'store.json');
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 1, debounceMs: 60_000 });
    store.update((d) => d.items.push('kept'));
    await store.close();
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')).items, ['kept']);
    assert.throws(() => store.update((d) => void d.count++), StoreClosedError);
    await store.close(); // Idempotent.
  });

  test('a file from a newer schema is opened read-only and never touched', async () => {
    const file = join(await freshDir(), 'store.json');
    const original = '{"schemaVersion": 9, "count": 1, "items": [], "newField": true}';
    await writeFile(file, original);
    const { problems, onProblem } = problemCollector();
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 2, onProblem });
    assert.ok(store.readOnlyReason?.includes('newer version'));
    assert.deepEqual(store.data, counterDefaults());
    assert.equal(problems.length, 1);
    const problem = problems[0];
    assert.equal(problem?.kind, 'newerVersion');
    if (problem?.kind === 'newerVersion') {
      assert.equal(problem.fileVersion, 9);
      assert.equal(problem.knownVersion, 2);
      assert.ok(problem.message.includes(file));
    }
    assert.throws(() => store.update((d) => void d.count++), StoreReadOnlyError);
    await store.close();
    assert.equal(await readFile(file, 'utf8'), original);
    assert.deepEqual(await readdir(join(file, '..')), ['store.json']);
  });

  test('a failed write is reported, the data is kept and the write is retried on the next change', async () => {
    const parent = await freshDir();
    const dir = join(parent, 'data');
    const file = join(dir, 'store.json');
    const { problems, onProblem } = problemCollector();
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 1, debounceMs: 0, onProblem });
    store.update((d) => d.items.push('first'));
    await store.flush();
    // Make the folder unusable: a plain file where the folder was.
    await rename(dir, join(parent, 'aside'));
    await writeFile(dir, 'not a folder');
    store.update((d) => d.items.push('second'));
    await assert.rejects(store.flush());
    assert.equal(store.stats.failedWrites, 1);
    const failure = problems.find((p) => p.kind === 'writeFailed');
    assert.ok(failure, 'writeFailed reported');
    assert.ok(failure.message.includes(file) && failure.message.includes('retried'));
    assert.deepEqual(store.data.items, ['first', 'second'], 'kept in memory');
    // Repair the folder; the next change retries and writes everything.
    await rm(dir);
    await rename(join(parent, 'aside'), dir);
    store.update((d) => d.items.push('third'));
    await store.flush();
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')).items, ['first', 'second', 'third']);
    await store.close();
  });

  test('stale temp files of dead writers are removed on open; writes leave none behind', async () => {
    const dir = await freshDir();
    const file = join(dir, 'store.json');
    const dead = await deadPid();
    const stale = `.store.json.tmp-${dead}-abcdef`;
    const live = `.store.json.tmp-${process.ppid}-abcdef`;
    await writeFile(join(dir, stale), '{"half":');
    await writeFile(join(dir, live), '{"other writer":');
    await writeFile(join(dir, '.other.json.tmp-1-abcdef'), 'not ours');
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 1, debounceMs: 0 });
    assert.deepEqual((await tempFilesIn(dir)).sort(), [live, '.other.json.tmp-1-abcdef'].sort());
    for (let i = 0; i < 5; i++) {
      store.update((d) => void d.count++);
      await store.flush();
    }
    await store.close();
    assert.deepEqual((await readdir(dir)).sort(), [live, '.other.json.tmp-1-abcdef', 'store.json'].sort());
  });

  test('the folder is created when missing', async () => {
    const file = join(await freshDir(), 'global', 'storage', 'store.json');
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 1 });
    store.update((d) => void d.count++);
    await store.close();
    assert.equal(JSON.parse(await readFile(file, 'utf8')).count, 1);
  });

  test('reload picks up a change made by someone else', async () => {
    const file = join(await freshDir(), 'store.json');
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 1 });
    await writeFile(file, JSON.stringify({ schemaVersion: 1, count: 41, items: [] }));
    await store.reload();
    assert.equal(store.data.count, 41);
    await store.close();
  });

  test('reload writes pending changes first, then reads; updates made during the read are kept', async () => {
    const file = join(await freshDir(), 'store.json');
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 1, debounceMs: 0 });
    store.update((d) => d.items.push('pending'));
    const reloading = store.reload();
    store.update((d) => d.items.push('during flush'));
    await reloading;
    assert.deepEqual(store.data.items, ['pending', 'during flush'], 'written before the read, not applied twice');
    // An edit by hand, then an update while the reload reads it.
    await writeFile(file, JSON.stringify({ schemaVersion: 1, count: 10, items: ['edited'] }));
    const second = store.reload();
    await new Promise((resolve) => setImmediate(resolve));
    store.update((d) => d.items.push('during read'));
    await second;
    assert.deepEqual(store.data.items, ['edited', 'during read']);
    await store.close();
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')).items, ['edited', 'during read']);
  });

  test('a leading byte order mark is accepted', async () => {
    const file = join(await freshDir(), 'store.json');
    await writeFile(file, '\ufeff{"schemaVersion":1,"count":3,"items":[]}');
    const { problems, onProblem } = problemCollector();
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 1, onProblem });
    assert.equal(store.data.count, 3);
    assert.deepEqual(problems, []);
    await store.close();
  });
});
