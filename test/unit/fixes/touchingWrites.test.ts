// A change to one fix among many costs what one fix costs (the JSON repository applies mutations in
// place with kept positions, the store re-indexes only the records touched, the file's writer reuses
// each unchanged record's JSON), and gives exactly what the plain, copy-everything path gives: the
// same records, the same lookups, the same file.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { createFixRecord, type FixRecord } from '../../../src/core/fixes/fixRecord';
import { applyFixMutations, type FixMutation } from '../../../src/core/fixes/fixMutations';
import { InMemoryFixRepository } from '../../../src/core/fixes/fixRepository';
import { FixStore } from '../../../src/core/fixes/fixStore';
import { JsonFixRepository } from '../../../src/core/fixes/jsonFixRepository';
import { encodeDocument } from '../../../src/core/store/storeDocument';

function record(i: number, now = 1): FixRecord {
  return createFixRecord({
    error: { message: `Cannot find name 'n${i % 7}' in scope ${i % 3}.`, source: 'ts', code: 2304, file: `f${i}.ts` },
    diff: `--- a/f\n+++ b/f\n@@ -1,1 +1,1 @@\n-a${i}\n+b${i}\n`,
    origin: 'manual',
    now,
  });
}

const mutation = (ids: number): fc.Arbitrary<FixMutation> =>
  fc.oneof(
    fc
      .array(fc.integer({ min: 0, max: ids }), { minLength: 1, maxLength: 3 })
      .map((is) => ({ kind: 'upsert', records: is.map((i) => record(i, 5)), at: 5 }) as FixMutation),
    fc
      .array(fc.integer({ min: 0, max: ids }), { minLength: 1, maxLength: 3 })
      .map((is) => ({ kind: 'count', deltas: is.map((i) => ({ id: record(i).id, offered: 1, applied: i % 2 })), at: 6 }) as FixMutation),
    fc.integer({ min: 0, max: ids }).map((i) => ({ kind: 'edit', id: record(i).id, changes: { title: `t${i}` }, at: 7 }) as FixMutation),
    fc
      .array(fc.integer({ min: 0, max: ids }), { maxLength: 2 })
      .map((is) => ({ kind: 'delete', ids: is.map((i) => record(i).id) }) as FixMutation),
  );

test('the in-place, touched-only path and the copying path agree, in memory and in the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aa-touching-'));
  let n = 0;
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(mutation(30), { minLength: 1, maxLength: 3 }), { maxLength: 25 }), async (batches) => {
        const initial = Array.from({ length: 20 }, (_, i) => record(i));
        const repo = await JsonFixRepository.open({ file: join(dir, `f${++n}.json`), fsync: false, debounceMs: 0 });
        const store = await FixStore.open(repo);
        await store.learnAll(initial, 1);
        const plain = await FixStore.open(new InMemoryFixRepository(initial));
        let expected: FixRecord[] = [...initial];
        for (const batch of batches) {
          expected = applyFixMutations(expected, batch);
          // Through the stores' own write path (private: the public operations each send one kind).
          await (store as unknown as { write(m: readonly FixMutation[]): Promise<void> }).write(batch);
          await (plain as unknown as { write(m: readonly FixMutation[]): Promise<void> }).write(batch);
        }
        const byId = (rs: readonly FixRecord[]): FixRecord[] => [...rs].sort((a, b) => a.id.localeCompare(b.id));
        assert.deepEqual(byId(store.all()), byId(expected));
        assert.deepEqual(byId(plain.all()), byId(expected));
        const query = { message: "Cannot find name 'x' in scope 1.", source: 'ts', code: 2304 };
        // The same matches (fixes of equal rank come in the order they were indexed, which may differ).
        const ids = (st: FixStore): string[] =>
          st
            .lookup(query, { limit: 100 })
            .map((m) => m.record.id)
            .sort();
        assert.deepEqual(ids(store), ids(plain));
        await repo.flush();
        const onDisk = JSON.parse(readFileSync(repo.file, 'utf8')) as { fixes: FixRecord[] };
        assert.deepEqual(byId(onDisk.fixes), byId(expected));
        await repo.close();
      }),
      { numRuns: 40 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a document written with each record's JSON reused is the same text as one encoded whole", () => {
  fc.assert(
    fc.property(
      fc.array(fc.jsonValue(), { maxLength: 20 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue(), { maxKeys: 4 }),
      (list, rest) => {
        const data = { ...rest, fixes: list, other: [{ a: 1 }, 'x', null] };
        const cache = new WeakMap<object, string>();
        const plain = encodeDocument(3, data, 0);
        assert.equal(encodeDocument(3, data, 0, cache), plain);
        assert.equal(encodeDocument(3, data, 0, cache), plain, 'again, from the cache');
      },
    ),
  );
  // A record replaced (never changed in place) is encoded anew.
  const cache = new WeakMap<object, string>();
  const a = { id: 'a', n: 1 };
  const doc = { fixes: [a] };
  encodeDocument(1, doc, 0, cache);
  doc.fixes = [{ ...a, n: 2 }];
  assert.equal(encodeDocument(1, doc, 0, cache), `${JSON.stringify({ schemaVersion: 1, fixes: [{ id: 'a', n: 2 }] })}\n`);
});

test('a fix deleted and learned again in one write is the new one, in both stores (it kept the old one: the same revision)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aa-touching-'));
  try {
    const initial = Array.from({ length: 3 }, (_, i) => record(i));
    const again = record(0, 5);
    const batch: FixMutation[] = [
      { kind: 'delete', ids: [again.id] },
      { kind: 'upsert', records: [again], at: 5 },
    ];
    const repo = await JsonFixRepository.open({ file: join(dir, 'f.json'), fsync: false, debounceMs: 0 });
    const stores = [await FixStore.open(repo), await FixStore.open(new InMemoryFixRepository(initial))];
    await stores[0]?.learnAll(initial, 1);
    for (const store of stores) {
      await (store as unknown as { write(m: readonly FixMutation[]): Promise<void> }).write(batch);
      const now = store.all().find((r) => r.id === again.id);
      assert.equal(now?.createdAt, 5);
      assert.deepEqual(
        now,
        applyFixMutations(initial, batch).find((r) => r.id === again.id),
      );
    }
    await repo.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
