// One bad record is not a bad file: entries of a store's record lists that fail their check are
// set aside in a file beside the store (reported with its name and why), the others load, and the
// store file is rewritten without them. Also: a store's file mode, applied to a new file, fixed on
// an existing one at its next write, and given to the copies set aside.
import assert from 'node:assert/strict';
import { readFile, readdir, stat, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isNumber, isString, listOf, mapOf, shape } from '../../../src/core/store/recordChecks';
import { openJsonStore } from '../../../src/core/store/jsonStore';
import { type RecordList } from '../../../src/core/store/storeTypes';
import { caseDirs, problemCollector } from '../../support/store/storeFixtures';

interface Item {
  id: string;
  size: number;
}
interface Data {
  items: Item[];
  byName: Record<string, { tags: string[] }>;
}

const defaults = (): Data => ({ items: [], byName: {} });
const records: RecordList[] = [
  { field: 'items', noun: 'item', check: shape<Item>({ id: isString, size: isNumber }) },
  { field: 'byName', noun: 'entry', check: shape<{ tags: string[] }>({ tags: listOf(isString) }) },
];
const when = new Date('2026-03-04T05:06:07.089Z');

describe('bad records', () => {
  const freshDir = caseDirs().fresh;

  test('a bad entry of a list or of a map is set aside with its reason; the others load and the file is rewritten', async () => {
    const dir = await freshDir();
    const file = join(dir, 'things.json');
    const bad = { id: 'b', size: 'huge' };
    await writeFile(
      file,
      JSON.stringify({
        schemaVersion: 1,
        items: [{ id: 'a', size: 1 }, bad, { id: 'c', size: 3 }, 7],
        byName: { good: { tags: ['x'] }, broken: { tags: 'x' } },
      }),
    );
    const { problems, onProblem } = problemCollector();
    const store = await openJsonStore<Data>({ file, defaults, schemaVersion: 1, records, onProblem, now: () => when, debounceMs: 0 });
    assert.deepEqual(
      store.data.items.map((i) => i.id),
      ['a', 'c'],
    );
    assert.deepEqual(Object.keys(store.data.byName), ['good']);
    assert.equal(store.readOnlyReason, undefined);
    assert.equal(problems.length, 1);
    const problem = problems[0];
    assert.ok(problem?.kind === 'recordsQuarantined', `recordsQuarantined, got ${problem?.kind}`);
    const aside = join(dir, 'things.bad-records-2026-03-04T05-06-07-089Z.json');
    assert.equal(problem.quarantinePath, aside);
    assert.deepEqual(problem.reasons, [
      'item "b": size: expected a number, found a string',
      'item #3: expected an object, found a number',
      'entry "broken": tags: expected a list, found a string',
    ]);
    assert.ok(problem.message.includes(file) && problem.message.includes(aside) && problem.message.includes('the other records loaded'));
    const kept = JSON.parse(await readFile(aside, 'utf8')) as {
      from: string;
      records: Array<{ field: string; key: string; entry: unknown }>;
    };
    assert.equal(kept.from, file);
    assert.deepEqual(
      kept.records.map((r) => [r.field, r.key, r.entry]),
      [
        ['items', '1', bad],
        ['items', '3', 7],
        ['byName', 'broken', { tags: 'x' }],
      ],
    );
    await store.close();
    const rewritten = JSON.parse(await readFile(file, 'utf8')) as Data;
    assert.deepEqual(
      rewritten.items.map((i) => i.id),
      ['a', 'c'],
    );
    const again = problemCollector();
    const reopened = await openJsonStore<Data>({ file, defaults, schemaVersion: 1, records, onProblem: again.onProblem });
    await reopened.close();
    assert.deepEqual(again.problems, [], 'nothing left to set aside');
  });

  test('a check that throws sets the entry aside instead of failing the open', async () => {
    const dir = await freshDir();
    const file = join(dir, 'things.json');
    await writeFile(file, JSON.stringify({ schemaVersion: 1, items: [{ id: 'a', size: 1 }], byName: {} }));
    const { problems, onProblem } = problemCollector();
    const throwing: RecordList = {
      field: 'items',
      noun: 'item',
      check: () => {
        throw new Error('boom');
      },
    };
    const store = await openJsonStore<Data>({ file, defaults, schemaVersion: 1, records: [throwing], onProblem });
    assert.deepEqual(store.data.items, []);
    assert.equal(problems[0]?.kind, 'recordsQuarantined');
    await store.close();
  });

  test('a record list of the wrong type is the whole document’s problem (validate), not an entry’s', async () => {
    const dir = await freshDir();
    const file = join(dir, 'things.json');
    await writeFile(file, JSON.stringify({ schemaVersion: 1, items: 'nope', byName: {} }));
    const { problems, onProblem } = problemCollector();
    const store = await openJsonStore<Data>({
      file,
      defaults,
      schemaVersion: 1,
      records,
      validate: (d) => (Array.isArray(d['items']) ? undefined : 'items is not a list'),
      onProblem,
    });
    assert.deepEqual(store.data, defaults());
    assert.deepEqual(
      problems.map((p) => p.kind),
      ['quarantined'],
    );
    await store.close();
  });

  test('the store’s mode: a new file gets it, an existing 0644 file gets it at its next write, and so do the copies set aside', async () => {
    const dir = await freshDir();
    const fresh = join(dir, 'fresh.json');
    const store = await openJsonStore<Data>({ file: fresh, defaults, schemaVersion: 1, mode: 0o600 });
    store.update((d) => void d.items.push({ id: 'a', size: 1 }));
    await store.close();
    assert.equal((await stat(fresh)).mode & 0o777, 0o600);

    const old = join(dir, 'old.json');
    await writeFile(old, JSON.stringify({ schemaVersion: 1, items: [{ id: 'x' }], byName: {} }));
    await chmod(old, 0o644);
    const { problems, onProblem } = problemCollector();
    const reopened = await openJsonStore<Data>({ file: old, defaults, schemaVersion: 1, mode: 0o600, records, onProblem });
    await reopened.close();
    assert.equal((await stat(old)).mode & 0o777, 0o600, 'fixed at its next write');
    const aside = problems[0]?.kind === 'recordsQuarantined' ? problems[0].quarantinePath : '';
    assert.equal((await stat(aside)).mode & 0o777, 0o600, 'the records set aside are as private as the store');
    assert.deepEqual((await readdir(dir)).length, 3);
  });

  test('mapOf checks every value of a map', () => {
    const check = mapOf(shape<Item>({ id: isString, size: isNumber }));
    assert.equal(check({ a: { id: 'a', size: 1 } }), undefined);
    assert.equal(check({ a: { id: 'a', size: null } }), '"a": size: expected a number, found null');
  });
});
