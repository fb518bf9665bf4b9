import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sortDescending } from '../../../src/core/routing/stableSort';

const valueOf = (x: { v: number }): number => x.v;

describe('sortDescending', () => {
  it('sorts highest first in place and keeps equal keys in their order', () => {
    const items = [
      { v: 1, id: 'a' },
      { v: 3, id: 'b' },
      { v: 1, id: 'c' },
      { v: 3, id: 'd' },
      { v: 2, id: 'e' },
    ];
    const out = sortDescending(items, valueOf);
    assert.equal(out, items);
    assert.deepEqual(
      out.map((x) => x.id),
      ['b', 'd', 'e', 'a', 'c'],
    );
  });

  it('agrees with a stable Array.prototype.sort on random input', () => {
    for (let round = 0; round < 50; round++) {
      const items = Array.from({ length: 40 }, (_, i) => ({ v: Math.floor(Math.random() * 6), i }));
      const expected = [...items].sort((a, b) => b.v - a.v).map((x) => x.i);
      assert.deepEqual(
        sortDescending([...items], valueOf).map((x) => x.i),
        expected,
      );
    }
  });

  it('leaves empty and one-item lists as they are', () => {
    assert.deepEqual(sortDescending([], valueOf), []);
    assert.deepEqual(sortDescending([{ v: 5 }], valueOf), [{ v: 5 }]);
  });
});
