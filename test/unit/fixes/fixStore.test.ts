import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FixStore } from '../../../src/core/fixes/fixStore';
import { InMemoryFixRepository } from '../../../src/core/fixes/fixRepository';
import { successRate, shouldPrune } from '../../../src/core/fixes/fixRecord';
import { queryFixes } from '../../../src/core/fixes/fixQueries';
import { T0, makeFix, newFix, numberedDiff } from '../../support/fixes/builders';

const TS_2322 = { message: "Type 'Foo' is not assignable to type 'Bar'.", source: 'ts', code: 2322, languageId: 'typescript' };

async function emptyStore(): Promise<{ store: FixStore; repo: InMemoryFixRepository }> {
  const repo = new InMemoryFixRepository();
  return { store: await FixStore.open(repo), repo };
}

describe('fix store', () => {
  test('learns a fix and finds it for the same error elsewhere with other names', async () => {
    const { store } = await emptyStore();
    const fix = await store.learn(newFix());
    const [match] = store.lookup(TS_2322);
    assert.equal(match?.record.id, fix.id);
    assert.equal(match?.kind, 'exact');
  });

  test('a fix whose diff does not parse is refused', async () => {
    const { store } = await emptyStore();
    await assert.rejects(store.learn(newFix({ diff: 'just words' })), /not a unified diff/);
    assert.equal(store.size, 0);
  });

  test('learning the same fix twice keeps one record', async () => {
    const { store } = await emptyStore();
    await store.learn(newFix());
    await store.learn(newFix({ now: T0 + 1000, error: { ...TS_2322 } }));
    assert.equal(store.size, 1);
  });

  test('a different error does not find it; a similar one does, ranked after exact ones', async () => {
    const { store } = await emptyStore();
    const exact = await store.learn(newFix());
    const other = await store.learn(
      newFix({
        error: {
          message: "Argument of type 'string' is not assignable to parameter of type 'number'.",
          source: 'ts',
          code: 2345,
          languageId: 'typescript',
        },
        diff: numberedDiff(1),
      }),
    );
    await store.learn(
      newFix({ error: { message: "Cannot find name 'x'.", source: 'ts', code: 2304, languageId: 'typescript' }, diff: numberedDiff(2) }),
    );
    const matches = store.lookup(TS_2322);
    assert.deepEqual(
      matches.map((m) => [m.record.id, m.kind]),
      [
        [exact.id, 'exact'],
        [other.id, 'similar'],
      ],
    );
    assert.ok((matches[1]?.similarity ?? 0) >= 0.5 && (matches[1]?.similarity ?? 1) < 1);
    assert.deepEqual(store.lookup({ message: 'Unexpected token.', source: 'ts', code: 1012, languageId: 'typescript' }), []);
    assert.deepEqual(
      store.lookup(TS_2322, { threshold: 1 }).map((m) => m.kind),
      ['exact'],
    );
  });

  test('near matches stay within the language', async () => {
    const { store } = await emptyStore();
    await store.learn(newFix());
    assert.deepEqual(store.lookup({ ...TS_2322, languageId: 'python', source: 'pyright', code: 'x' }), []);
  });

  test('counters: offered is buffered until flush; applied, succeeded and failed are written', async () => {
    const { store, repo } = await emptyStore();
    const fix = await store.learn(newFix());
    store.offered([fix.id]);
    store.offered([fix.id]);
    assert.equal((await repo.loadAll())[0]?.counts.offered, 0);
    await store.flush(T0 + 1);
    await store.applied(fix.id, T0 + 2);
    await store.outcome(fix.id, 'succeeded', T0 + 3);
    await store.applied(fix.id, T0 + 4);
    await store.outcome(fix.id, 'failed', T0 + 5);
    const stored = (await repo.loadAll())[0];
    assert.deepEqual(stored?.counts, { offered: 2, applied: 2, succeeded: 1, failed: 1 });
    assert.equal(stored?.lastUsedAt, T0 + 5);
    assert.deepEqual(
      stored?.history.map((h) => h.event),
      ['created', 'applied', 'succeeded', 'applied', 'failed'],
    );
    assert.equal(store.get(fix.id)?.counts.applied, 2);
  });

  test('failing fixes sink below untried and successful ones, and can be pruned', async () => {
    const { store } = await emptyStore();
    const failing = await store.learn(newFix({ diff: numberedDiff(1), now: T0 + 10 }));
    const fresh = await store.learn(newFix({ diff: numberedDiff(2) }));
    const good = await store.learn(newFix({ diff: numberedDiff(3) }));
    for (let i = 0; i < 3; i++) await store.outcome(failing.id, 'failed', T0 + 20 + i);
    await store.outcome(good.id, 'succeeded', T0 + 5);
    assert.deepEqual(
      store.lookup(TS_2322).map((m) => m.record.id),
      [good.id, fresh.id, failing.id],
    );
    assert.ok(shouldPrune(store.get(failing.id) ?? failing));
    assert.deepEqual(await store.prune(), [failing.id]);
    assert.equal(store.size, 2);
  });

  test('with equal success, the more recently used ranks first', async () => {
    const { store } = await emptyStore();
    const old = await store.learn(newFix({ diff: numberedDiff(1), now: T0 }));
    const recent = await store.learn(newFix({ diff: numberedDiff(2), now: T0 + 60_000 }));
    assert.deepEqual(
      store.lookup(TS_2322).map((m) => m.record.id),
      [recent.id, old.id],
    );
    await store.applied(old.id, T0 + 120_000);
    assert.deepEqual(
      store.lookup(TS_2322).map((m) => m.record.id),
      [old.id, recent.id],
    );
  });

  test('edit and delete', async () => {
    const { store } = await emptyStore();
    const fix = await store.learn(newFix());
    await store.edit(fix.id, { title: 'Convert with Number()' }, T0 + 1);
    assert.equal(store.get(fix.id)?.title, 'Convert with Number()');
    await assert.rejects(store.edit(fix.id, { diff: 'not a diff' }, T0 + 2), /not a unified diff/);
    await store.edit(fix.id, { title: '   ' }, T0 + 3);
    assert.equal(store.get(fix.id)?.title, 'Convert with Number()', 'a blank title is ignored');
    assert.equal(store.get(fix.id)?.diff, fix.diff);
    await store.delete([fix.id]);
    assert.equal(store.size, 0);
    assert.deepEqual(store.lookup(TS_2322), []);
  });

  test('reload picks up another writer’s changes to the same repository', async () => {
    const repo = new InMemoryFixRepository();
    const a = await FixStore.open(repo);
    const b = await FixStore.open(repo);
    const fix = await a.learn(newFix());
    await b.reload();
    assert.equal(b.lookup(TS_2322)[0]?.record.id, fix.id);
    await b.applied(fix.id, T0 + 1);
    await a.applied(fix.id, T0 + 2);
    assert.equal(a.get(fix.id)?.counts.applied, 2);
  });

  test('a failing repository rejects the write but the store keeps working', async () => {
    const repo = new InMemoryFixRepository();
    const store = await FixStore.open(repo);
    const original = repo.apply.bind(repo);
    repo.apply = () => Promise.reject(new Error('disk full'));
    await assert.rejects(store.learn(newFix()), /disk full/);
    repo.apply = original;
    await store.learn(newFix());
    assert.equal(store.size, 1);
  });

  test('success rate uses a prior; dashboard queries search and sort', () => {
    assert.equal(successRate({ offered: 0, applied: 0, succeeded: 0, failed: 0 }), 0.5);
    const a = makeFix(
      { diff: numberedDiff(1) },
      { title: 'alpha fix', lastUsedAt: T0 + 1, counts: { offered: 9, applied: 5, succeeded: 4, failed: 0 } },
    );
    const b = makeFix(
      { diff: numberedDiff(2) },
      { title: 'beta fix', lastUsedAt: T0 + 9, counts: { offered: 1, applied: 1, succeeded: 0, failed: 1 } },
    );
    assert.deepEqual(
      queryFixes([a, b], { sort: 'recency' }).map((r) => r.title),
      ['beta fix', 'alpha fix'],
    );
    assert.deepEqual(
      queryFixes([a, b], { sort: 'success' }).map((r) => r.title),
      ['alpha fix', 'beta fix'],
    );
    assert.deepEqual(
      queryFixes([a, b], { sort: 'uses' }).map((r) => r.title),
      ['alpha fix', 'beta fix'],
    );
    assert.deepEqual(
      queryFixes([a, b], { text: 'BETA' }).map((r) => r.title),
      ['beta fix'],
    );
    assert.deepEqual(
      queryFixes([a, b], { text: 'assignable alpha' }).map((r) => r.title),
      ['alpha fix'],
    );
  });
});
