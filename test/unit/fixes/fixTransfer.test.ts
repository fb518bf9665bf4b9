import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EXPORT_FORMAT, planFixImport, serializeFixExport, validateFixEntry } from '../../../src/core/fixes/fixTransfer';
import { FixStore } from '../../../src/core/fixes/fixStore';
import { InMemoryFixRepository } from '../../../src/core/fixes/fixRepository';
import { T0, makeFix, numberedDiff } from '../../support/fixes/builders';

const NOW = T0 + 1000;

describe('export and import', () => {
  test('export then import into an empty store restores every fix', async () => {
    const a = makeFix(
      { diff: numberedDiff(1), sessionId: 's', taskId: 't', origin: 'agent' },
      { counts: { offered: 3, applied: 2, succeeded: 1, failed: 0 } },
    );
    const b = makeFix({ diff: numberedDiff(2), anchorLine: 4, file: 'src/x.ts' });
    const text = serializeFixExport([a, b], NOW);
    assert.equal(JSON.parse(text).format, EXPORT_FORMAT);
    const store = await FixStore.open(new InMemoryFixRepository());
    const report = await store.import(text, NOW);
    assert.deepEqual(report, { added: 2, merged: 0, skipped: [] });
    assert.deepEqual(store.get(a.id), { ...a });
    assert.equal(store.get(b.id)?.anchorLine, 4);
  });

  test('re-importing merges without duplicates and changes nothing', async () => {
    const a = makeFix({ diff: numberedDiff(1) }, { counts: { offered: 3, applied: 2, succeeded: 1, failed: 0 } });
    const store = await FixStore.open(new InMemoryFixRepository([a]));
    const report = await store.import(serializeFixExport([a], NOW), NOW);
    assert.deepEqual(report, { added: 0, merged: 1, skipped: [] });
    assert.equal(store.size, 1);
    assert.deepEqual(store.get(a.id), a);
  });

  test('merging keeps the higher counters and the earlier creation', async () => {
    const mine = makeFix({ diff: numberedDiff(1) }, { counts: { offered: 5, applied: 1, succeeded: 1, failed: 0 } });
    const theirs = { ...mine, createdAt: T0 - 50, counts: { offered: 2, applied: 4, succeeded: 3, failed: 1 } };
    const store = await FixStore.open(new InMemoryFixRepository([mine]));
    await store.import(JSON.stringify([theirs]), NOW);
    assert.deepEqual(store.get(mine.id)?.counts, { offered: 5, applied: 4, succeeded: 3, failed: 1 });
    assert.equal(store.get(mine.id)?.createdAt, T0 - 50);
  });

  test('each bad entry is skipped with its reason; good ones still import', () => {
    const good = makeFix({ diff: numberedDiff(1) });
    const entries = [
      good,
      42,
      { ...good, message: '' },
      { ...good, diff: 'rm -rf /' },
      { ...good, origin: 'alien' },
      { ...good, counts: { offered: -1 } },
      { ...good, createdAt: NOW + 10 * 86_400_000 },
      { ...good, anchorLine: 1.5 },
      { ...good, title: 7 },
      { ...good, signature: { language: 3 } },
      good,
    ];
    const plan = planFixImport(JSON.stringify({ format: EXPORT_FORMAT, version: 1, fixes: entries }), () => false, NOW);
    assert.equal(plan.added.length, 1);
    assert.deepEqual(
      plan.skipped.map((s) => [s.index, s.reason]),
      [
        [1, 'not an object'],
        [2, '"message" is missing or empty'],
        [3, '"diff" is not a unified diff: no @@ hunk found'],
        [4, '"origin" must be one of diagnostic, agent, manual, agent-reported'],
        [5, '"counts.offered" is not a non-negative integer'],
        [6, '"createdAt" is in the future'],
        [7, '"anchorLine" is not a non-negative integer'],
        [8, '"title" is not a string'],
        [9, '"signature.language" is not a string'],
        [10, 'duplicate of entry 0 in this file'],
      ],
    );
    assert.equal(plan.skipped[2]?.id, good.id);
  });

  test('whole-file problems are reported, nothing imported', async () => {
    const store = await FixStore.open(new InMemoryFixRepository());
    assert.match((await store.import('{not json', NOW)).error ?? '', /not valid JSON/);
    assert.match((await store.import('{"hello":1}', NOW)).error ?? '', /not an Agent Affinity fix export/);
    assert.match((await store.import(JSON.stringify({ format: EXPORT_FORMAT, version: 99, fixes: [] }), NOW)).error ?? '', /version 99/);
    assert.match((await store.import(JSON.stringify({ format: EXPORT_FORMAT, version: 1, fixes: {} }), NOW)).error ?? '', /not a list/);
    assert.equal(store.size, 0);
  });

  test('minimal hand-written entries are accepted; ids and signatures are recomputed', () => {
    const v = validateFixEntry(
      {
        id: 'forged',
        message: "Cannot find name 'x'.",
        diff: numberedDiff(3),
        signature: { source: 'ts', code: '2304', language: 'typescript', key: 'bogus' },
        createdAt: '2025-12-01T00:00:00Z',
      },
      NOW,
    );
    assert.ok(v.ok);
    assert.notEqual(v.record.id, 'forged');
    assert.notEqual(v.record.signature.key, 'bogus');
    assert.equal(v.record.origin, 'manual');
    assert.equal(v.record.createdAt, Date.parse('2025-12-01T00:00:00Z'));
    assert.deepEqual(v.record.counts, { offered: 0, applied: 0, succeeded: 0, failed: 0 });
  });
});
