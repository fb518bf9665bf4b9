// Headroom for the router, the context-pack selector and the /context-style breakdown.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { headroomTokens, selectContextPack, wouldOverflow } from '../../../src/core/budget/headroom';
import { autoCompactReserve, contextBreakdown } from '../../../src/core/budget/breakdown';
import type { ContextFill } from '../../../src/core/budget/usageTypes';

const fill = (used: number | null, window = 200_000): ContextFill => ({
  usedTokens: used,
  window,
  windowSource: 'table',
  fraction: used == null ? null : used / window,
  source: used == null ? 'none' : 'usage',
  model: 'claude-sonnet-4-5',
});

describe('headroom and wouldOverflow', () => {
  test('headroom is window − used − reserve', () => {
    assert.equal(headroomTokens({ fill: fill(120_000), reserveTokens: 33_000 }), 47_000);
    assert.equal(headroomTokens({ fill: fill(190_000), reserveTokens: 33_000 }), 0);
  });

  test('a task overflows when it exceeds the headroom', () => {
    const s = { fill: fill(120_000), reserveTokens: 33_000 };
    assert.equal(wouldOverflow(s, 47_000), false);
    assert.equal(wouldOverflow(s, 47_001), true);
  });

  test('no figure yet: the estimate (or the pre-compaction size) stands in', () => {
    assert.equal(headroomTokens({ fill: fill(null), estimatedUsedTokens: 25_000 }), 175_000);
    assert.equal(headroomTokens({ fill: { ...fill(null), source: 'compacted', compactedFromTokens: 150_000 } }), 50_000);
    assert.equal(wouldOverflow({ fill: fill(null) }, 10_000), false);
  });
});

describe('selectContextPack', () => {
  const candidates = [
    { path: 'src/auth.ts', relevance: 0.9, tokens: 4000 },
    { path: 'src/huge.ts', relevance: 0.8, tokens: 50_000 },
    { path: 'src/session.ts', relevance: 0.7, tokens: 3000 },
    { path: 'src/util.ts', relevance: 0.7, tokens: 1000 },
    { path: 'README.md', relevance: 0, tokens: 10 },
  ];

  test('most relevant files that fit, skipping one that does not fit', () => {
    const pack = selectContextPack(candidates, 8000);
    assert.deepEqual(
      pack.files.map((f) => f.path),
      ['src/auth.ts', 'src/util.ts', 'src/session.ts'],
    );
    assert.equal(pack.totalTokens, 8000);
    assert.deepEqual(pack.skipped, [
      { path: 'src/huge.ts', reason: 'too-large' },
      { path: 'README.md', reason: 'irrelevant' },
    ]);
  });

  test('budget-full and file limit', () => {
    const pack = selectContextPack(candidates, 5500, { maxFiles: 1 });
    assert.deepEqual(
      pack.files.map((f) => f.path),
      ['src/auth.ts'],
    );
    assert.ok(pack.skipped.some((s) => s.reason === 'limit'));
    const tight = selectContextPack(candidates, 5500);
    assert.deepEqual(
      tight.files.map((f) => f.path),
      ['src/auth.ts', 'src/util.ts'],
    );
    assert.ok(tight.skipped.some((s) => s.path === 'src/session.ts' && s.reason === 'budget-full'));
  });

  test('a zero or negative budget selects nothing', () => {
    assert.deepEqual(selectContextPack(candidates, -5).files, []);
  });
});

describe('contextBreakdown', () => {
  test('with a real figure: conversation is the remainder, free excludes the reserve', () => {
    const b = contextBreakdown({ fill: fill(100_000), agent: 'claude', memoryTokens: 2000, attachedFileTokens: 8000 });
    const by = Object.fromEntries(b.categories.map((c) => [c.name, c]));
    assert.equal(by['Conversation']?.tokens, 100_000 - 20_000 - 2000 - 8000);
    assert.equal(by['Auto-compact reserve']?.tokens, 33_000);
    assert.equal(by['Free']?.tokens, 200_000 - 100_000 - 33_000);
    assert.equal(by['Free']?.estimate, false);
    assert.equal(by['Memory files']?.estimate, true);
    assert.equal(b.usedIsEstimate, false);
    assert.equal(b.fractionOfUsable, 100_000 / 167_000);
  });

  test('without a figure everything is an estimate', () => {
    const b = contextBreakdown({
      fill: fill(null),
      agent: 'codex',
      memoryTokens: 500,
      attachedFileTokens: 0,
      systemTokens: 7000,
      conversationEstimate: 1500,
    });
    assert.equal(b.usedTokens, 9000);
    assert.equal(b.usedIsEstimate, true);
    assert.ok(b.categories.filter((c) => c.name !== 'System & tools').every((c) => c.estimate));
    assert.equal(autoCompactReserve('codex', 272_000), 12_000);
  });
});
