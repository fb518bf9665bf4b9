// The composed live budget: stream events in, snapshots and one transition per crossing out;
// task estimates for the router.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClaudeSessionBudget } from '../../../src/core/budget/sessionBudget';
import { estimateTaskTokens } from '../../../src/core/budget/taskEstimate';
import { TokenCounter } from '../../../src/core/budget/tokenCounter';
import { wouldOverflow } from '../../../src/core/budget/headroom';
import { STREAM_ASSISTANT_PLACEHOLDER, STREAM_RESULT, TRANSCRIPT_ASSISTANT, rawUsageOf } from './fixtures/recordedLines';
import type { ModelUsageMap } from '../../../src/core/budget/contextMeter';
import type { RawUsage } from '../../../src/core/budget/usageTypes';

const usage = (id: string, input: number): RawUsage => ({
  messageId: id,
  model: 'claude-sonnet-4-5',
  input_tokens: 5,
  output_tokens: 100,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: input - 5,
  isSidechain: false,
});

describe('ClaudeSessionBudget', () => {
  test('fill, totals, cost and level from stream events', () => {
    const b = new ClaudeSessionBudget();
    const first = b.onAssistantUsage(rawUsageOf(STREAM_ASSISTANT_PLACEHOLDER));
    assert.equal(first.snapshot.fill.usedTokens, 16751);
    assert.equal(first.snapshot.level, 'ok');
    assert.equal(first.transition?.to, 'ok');
    const final = b.onFinalOutput('msg_01HCL8z1N6MtR4Z4P9puyAua', 300);
    assert.equal(final.snapshot.totals.outputTokens, 300);
    assert.equal(final.transition, null);
    b.onModelUsage((JSON.parse(STREAM_RESULT) as { modelUsage: ModelUsageMap }).modelUsage);
    assert.ok(b.snapshot().costUsd > 0);
  });

  test('one notification per crossing, compaction then recovery', () => {
    const b = new ClaudeSessionBudget();
    const notes: Array<string | null> = [];
    const feed = (u: RawUsage): void => {
      const t = b.onAssistantUsage(u).transition;
      if (t != null) notes.push(t.notify);
    };
    feed(usage('a', 100_000));
    feed(usage('b', 150_000));
    feed(usage('b', 150_000));
    feed(usage('c', 185_000));
    feed(usage('d', 186_000));
    assert.deepEqual(notes, [null, 'warn', 'critical']);
    assert.equal(b.onCompaction(186_000).snapshot.fill.usedTokens, null);
    const after = b.onAssistantUsage(usage('e', 20_000));
    assert.equal(after.snapshot.level, 'ok');
    assert.equal(after.transition?.from, 'critical');
  });

  test('transcript line with a 1M window setting', () => {
    const b = new ClaudeSessionBudget({ warn: 0.5, critical: 0.8, hysteresis: 0.02 });
    b.onAssistantUsage(rawUsageOf(TRANSCRIPT_ASSISTANT));
    const u = b.onModelUsage({ 'claude-opus-4-6': { contextWindow: 1_000_000 } });
    assert.equal(u.snapshot.fill.window, 1_000_000);
    assert.equal(b.setThresholds({ warn: 0.05, critical: 0.08, hysteresis: 0 }).transition?.notify, 'critical');
  });
});

describe('estimateTaskTokens', () => {
  let dir = '';
  const counter = new TokenCounter();
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aa-task-'));
    await writeFile(join(dir, 'a.ts'), 'export const a = 1;\n'.repeat(100));
  });
  after(async () => {
    counter.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  test('task text plus files, scaled to the model; unreadable files named, not fatal', async () => {
    const e = await estimateTaskTokens(counter, {
      text: 'Refactor the exports in a.ts',
      files: [{ path: join(dir, 'a.ts') }, { path: 'inline.ts', text: 'let x = 2;' }, { path: join(dir, 'missing.ts') }],
      model: 'claude-sonnet-4-5',
    });
    assert.equal(e.estimate, true);
    assert.equal(e.factor, 1.2);
    assert.equal(e.tokens, Math.ceil(e.rawTokens * 1.2));
    assert.ok((e.files[0]?.tokens ?? 0) > 500);
    assert.match(e.files[2]?.error ?? '', /missing\.ts/);
    const fill = {
      usedTokens: 199_500,
      window: 200_000,
      windowSource: 'table' as const,
      fraction: 0.9975,
      source: 'usage' as const,
      model: 'claude-sonnet-4-5',
    };
    assert.equal(wouldOverflow({ fill }, e.tokens), true);
    assert.equal(wouldOverflow({ fill: { ...fill, usedTokens: 100_000 } }, e.tokens), false);
  });
});
