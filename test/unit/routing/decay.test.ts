// Tests: Exponential time decay and ages in words.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decayFactor, decayed, formatAge, timeToFall } from '../../../src/core/routing/decay';

describe('decay', () => {
  test('a weight halves every half-life', () => {
    assert.equal(decayFactor(0, 1000), 1);
    assert.equal(decayFactor(1000, 1000), 0.5);
    assert.equal(decayFactor(3000, 1000), 0.125);
    assert.equal(decayed(2, 0, 2000, 1000), 0.5);
  });

  test('negative elapsed times do not grow a weight; a zero half-life forgets at once', () => {
    assert.equal(decayFactor(-500, 1000), 1);
    assert.equal(decayFactor(10, 0), 0);
  });

  test('time to fall under a floor', () => {
    assert.equal(timeToFall(0.25, 1000), 2000);
    assert.equal(timeToFall(1, 1000), 0);
  });

  test('ages in plain words', () => {
    assert.equal(formatAge(10_000), 'just now');
    assert.equal(formatAge(4 * 60_000), '4 min ago');
    assert.equal(formatAge(3 * 3_600_000), '3 h ago');
    assert.equal(formatAge(5 * 86_400_000), '5 days ago');
  });
});
