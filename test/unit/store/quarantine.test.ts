// Damaged store files: renamed aside byte for byte (never overwritten or deleted), reported with
// both paths and a user-facing message, and replaced by a fresh store.
import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openJsonStore } from '../../../src/core/store/jsonStore';
import { type JsonObject } from '../../../src/core/store/storeTypes';
import { quarantinePathFor } from '../../../src/core/store/quarantine';
import { type CounterData, counterDefaults, problemCollector, caseDirs } from '../../support/store/storeFixtures';

const validateCounter = (data: JsonObject): string | undefined =>
  typeof data['count'] === 'number' && Array.isArray(data['items']) ? undefined : '"count" must be a number and "items" a list';

const damaged: ReadonlyArray<{ name: string; bytes: Buffer; reason: RegExp }> = [
  { name: 'truncated JSON', bytes: Buffer.from('{"schemaVersion":1,"count":4,"ite'), reason: /not valid JSON/ },
  { name: 'invalid UTF-8', bytes: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), reason: /not valid UTF-8/ },
  { name: 'an empty file', bytes: Buffer.alloc(0), reason: /empty/ },
  { name: 'NUL bytes (a torn write)', bytes: Buffer.alloc(64), reason: /not valid JSON/ },
  { name: 'a JSON array', bytes: Buffer.from('[1,2,3]'), reason: /JSON object/ },
  { name: 'no schemaVersion', bytes: Buffer.from('{"count":1,"items":[]}'), reason: /schemaVersion/ },
  { name: 'a failed shape check', bytes: Buffer.from('{"schemaVersion":1,"count":"many"}'), reason: /"count" must be a number/ },
];

describe('quarantine of damaged files', () => {
  const freshDir = caseDirs().fresh;

  for (const { name, bytes, reason } of damaged) {
    test(`${name}: kept aside unchanged, reported, fresh store started`, async () => {
      const dir = await freshDir();
      const file = join(dir, 'fixes.json');
      await writeFile(file, bytes);
      const { problems, onProblem } = problemCollector();
      const when = new Date('2026-11-22T01:02:03.456Z');
      const store = await openJsonStore<CounterData>({
        file,
        defaults: counterDefaults,
        schemaVersion: 1,
        validate: validateCounter,
        onProblem,
        now: () => when,
      });
      assert.deepEqual(store.data, counterDefaults());
      assert.equal(store.readOnlyReason, undefined);
      assert.equal(problems.length, 1);
      const problem = problems[0];
      assert.ok(problem?.kind === 'quarantined', `quarantined, got ${problem?.kind}`);
      assert.equal(problem.file, file);
      assert.equal(problem.quarantinePath, join(dir, 'fixes.corrupt-2026-11-22T01-02-03-456Z.json'));
      assert.match(problem.reason, reason);
      assert.ok(problem.message.includes(file) && problem.message.includes(problem.quarantinePath));
      assert.deepEqual(await readFile(problem.quarantinePath), bytes, 'quarantined bytes are the original');
      store.update((d) => void d.count++);
      await store.close();
      assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { schemaVersion: 1, count: 1, items: [] });
      assert.deepEqual(await readFile(problem.quarantinePath), bytes, 'still intact after the fresh store wrote');
    });
  }

  test('an existing quarantine file is never overwritten', async () => {
    const dir = await freshDir();
    const file = join(dir, 'fixes.json');
    const when = new Date('2026-11-22T01:02:03.456Z');
    const first = quarantinePathFor(file, when);
    await writeFile(first, 'an earlier quarantine');
    await writeFile(file, 'garbage 1');
    const { problems, onProblem } = problemCollector();
    const open = (): Promise<unknown> =>
      openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 1, onProblem, now: () => when }).then((s) => s.close());
    await open();
    await writeFile(file, 'garbage 2');
    await open();
    assert.equal(await readFile(first, 'utf8'), 'an earlier quarantine');
    const paths = problems.map((p) => (p.kind === 'quarantined' ? p.quarantinePath : ''));
    assert.deepEqual(paths, [quarantinePathFor(file, when, 1), quarantinePathFor(file, when, 2)]);
    assert.equal(await readFile(paths[0] ?? '', 'utf8'), 'garbage 1');
    assert.equal(await readFile(paths[1] ?? '', 'utf8'), 'garbage 2');
    assert.equal((await readdir(dir)).filter((f) => f.includes('.corrupt-')).length, 3);
  });

  test('a file damaged while the store is open is quarantined on reload, not overwritten', async () => {
    const dir = await freshDir();
    const file = join(dir, 'fixes.json');
    const { problems, onProblem } = problemCollector();
    const store = await openJsonStore<CounterData>({ file, defaults: counterDefaults, schemaVersion: 1, debounceMs: 0, onProblem });
    store.update((d) => void d.count++);
    await store.flush();
    await writeFile(file, '{"schemaVersion":1,');
    await store.reload();
    const problem = problems[0];
    assert.ok(problem?.kind === 'quarantined');
    assert.equal(await readFile(problem.quarantinePath, 'utf8'), '{"schemaVersion":1,');
    assert.deepEqual(store.data, counterDefaults());
    await store.close();
  });

  test('quarantine names keep the extension and add one when missing', () => {
    const when = new Date('2026-01-02T03:04:05.006Z');
    assert.equal(quarantinePathFor('/a/b.json', when), '/a/b.corrupt-2026-01-02T03-04-05-006Z.json');
    assert.equal(quarantinePathFor('/a/b', when, 2), '/a/b.corrupt-2026-01-02T03-04-05-006Z-2.json');
  });
});
