import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FixIndex } from '../../../src/core/fixes/fixIndex';
import { jaccard, messageTokens, prefixLength } from '../../../src/core/fixes/similarity';
import { errorSignature } from '../../../src/core/fixes/signature';
import { makeFix, numberedDiff } from '../../support/fixes/builders';
import { seededRandom as random } from '../../support/seededRandom';

const WORDS = [
  'type',
  'value',
  'missing',
  'cannot',
  'find',
  'module',
  'return',
  'expected',
  'found',
  'borrow',
  'scope',
  'name',
  'call',
  'argument',
];

describe('similarity and the index', () => {
  test('shingles are words and adjacent pairs', () => {
    assert.deepEqual(messageTokens('cannot find name <q>'), ['cannot', 'find', 'name', '<q>', 'cannot find', 'find name', 'name <q>']);
    assert.equal(jaccard(['a', 'b'], new Set(['a', 'b'])), 1);
    assert.equal(jaccard([], new Set()), 1);
    assert.equal(jaccard(['a'], new Set(['b'])), 0);
  });

  test('prefix length bound', () => {
    assert.equal(prefixLength(10, 0.5), 6);
    assert.equal(prefixLength(10, 0.6), 5);
    assert.equal(prefixLength(1, 0.9), 1);
    assert.equal(prefixLength(0, 0.5), 0);
  });

  test('near matches equal a brute-force scan (no false negatives from prefix filtering)', () => {
    const rnd = random(3);
    const sentence = (): string =>
      Array.from({ length: 3 + Math.floor(rnd() * 6) }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' ');
    const index = new FixIndex();
    const records = Array.from({ length: 400 }, (_, i) =>
      makeFix({ error: { message: sentence(), languageId: 'go' }, diff: numberedDiff(i) }),
    );
    for (const r of records) index.put(r);
    for (let k = 0; k < 100; k++) {
      const sig = errorSignature({ message: sentence(), languageId: 'go' });
      const q = messageTokens(sig.normalized);
      const expected = new Set(
        records
          .filter((r) => r.signature.key === sig.key || jaccard(q, new Set(messageTokens(r.signature.normalized))) >= 0.5)
          .map((r) => r.id),
      );
      const got = new Set(index.lookup(sig, { limit: 10_000 }).map((m) => m.record.id));
      assert.deepEqual(got, expected);
    }
  });

  test('removing the last fix of a signature removes it from near matches', () => {
    const index = new FixIndex();
    const a = makeFix({ error: { message: 'cannot find module name', languageId: 'go' }, diff: numberedDiff(1) });
    const b = makeFix({ error: { message: 'cannot find module name', languageId: 'go' }, diff: numberedDiff(2) });
    index.put(a);
    index.put(b);
    const near = errorSignature({ message: 'cannot find module names', languageId: 'go' });
    assert.equal(index.lookup(near).length, 2);
    index.remove(a.id);
    assert.equal(index.lookup(near).length, 1);
    index.remove(b.id);
    assert.equal(index.lookup(near).length, 0);
    assert.equal(index.signatureCount, 0);
    index.put(a);
    assert.equal(index.lookup(near)[0]?.record.id, a.id, 'signature slots are reused');
  });

  test('after heavy churn (storage compaction) lookups still equal a brute-force scan', () => {
    const rnd = random(11);
    const sentence = (): string =>
      Array.from({ length: 8 + Math.floor(rnd() * 6) }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' ') +
      ` w${Math.floor(rnd() * 1e9)}`;
    const index = new FixIndex();
    const all = Array.from({ length: 9000 }, (_, i) =>
      makeFix({ error: { message: sentence(), languageId: 'rust' }, diff: numberedDiff(i) }),
    );
    for (const r of all) index.put(r);
    for (const r of all.slice(0, 8500)) index.remove(r.id);
    const extra = Array.from({ length: 300 }, (_, i) =>
      makeFix({ error: { message: sentence(), languageId: 'rust' }, diff: numberedDiff(100_000 + i) }),
    );
    for (const r of extra) index.put(r);
    const live = [...all.slice(8500), ...extra];
    assert.equal(index.size, live.length);
    for (let k = 0; k < 40; k++) {
      const base = live[Math.floor(rnd() * live.length)];
      const words = (base?.message ?? '').split(' ');
      words[Math.floor(rnd() * words.length)] = 'zzz';
      const sig = errorSignature({ message: words.join(' '), languageId: 'rust' });
      const q = messageTokens(sig.normalized);
      const expected = new Set(
        live
          .filter((r) => r.signature.key === sig.key || jaccard(q, new Set(messageTokens(r.signature.normalized))) >= 0.5)
          .map((r) => r.id),
      );
      assert.deepEqual(new Set(index.lookup(sig, { limit: 10_000 }).map((m) => m.record.id)), expected);
      assert.ok(expected.has(base?.id ?? ''));
    }
  });
});
