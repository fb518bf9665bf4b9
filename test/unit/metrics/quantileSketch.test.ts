import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QuantileSketch } from '../../../src/core/metrics/quantileSketch';
import { seededRandom as random } from '../../support/seededRandom';

function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] ?? 0;
}

describe('quantile sketch', () => {
  test('quantiles within 1% of the exact ones on a skewed distribution', () => {
    const rnd = random(7);
    const sketch = new QuantileSketch();
    const values: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const v = Math.exp(rnd() * 8) * 0.05; // 0.05 ms … ~150 ms, log-uniform
      values.push(v);
      sketch.add(v);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.99]) {
      const exact = exactQuantile(values, q);
      assert.ok(Math.abs(sketch.quantile(q) - exact) / exact <= 0.011, `q=${q}: ${sketch.quantile(q)} vs ${exact}`);
    }
  });

  test('fixed memory regardless of the number of values', () => {
    const sketch = new QuantileSketch();
    const bytes = sketch.bytes;
    for (let i = 0; i < 100_000; i++) sketch.add(i);
    assert.equal(sketch.bytes, bytes);
    assert.ok(bytes < 8192);
  });

  test('empty, single, zero, out-of-range and non-finite values', () => {
    const s = new QuantileSketch();
    assert.deepEqual(s.summary(), { count: 0, min: 0, max: 0, mean: 0, p50: 0, p90: 0, p99: 0 });
    s.add(42);
    assert.equal(s.quantile(0.5), 42);
    s.add(0);
    s.add(1e12);
    s.add(Number.NaN);
    s.add(-5);
    assert.equal(s.count, 4);
    assert.equal(s.summary().max, 1e12);
    assert.equal(s.quantile(0), 0);
    assert.equal(s.quantile(1), 1e12);
    assert.throws(() => new QuantileSketch({ relativeAccuracy: 0 }), RangeError);
  });
});
