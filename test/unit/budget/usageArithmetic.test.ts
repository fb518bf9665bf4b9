// Usage arithmetic against recorded lines: dedup by message id, placeholder output counts, sidechains,
// result run totals never used as fill, compaction boundaries, windows; Codex and Gemini figures.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageLedger } from '../../../src/core/budget/usageLedger';
import { ClaudeContextMeter, codexContextFill, geminiContextFill, type ModelUsageMap } from '../../../src/core/budget/contextMeter';
import { codexTotals, geminiRunTotals } from '../../../src/core/budget/agentTotals';
import { requestCost, priceFor, normalizeModelId } from '../../../src/core/budget/pricing';
import { knownContextWindow, resolveContextWindow } from '../../../src/core/budget/modelWindows';
import {
  CODEX_TOKEN_COUNT,
  GEMINI_RESULT,
  STREAM_ASSISTANT_PLACEHOLDER,
  STREAM_ASSISTANT_SAME_ID,
  STREAM_COMPACT_BOUNDARY,
  STREAM_MESSAGE_DELTA,
  STREAM_RESULT,
  STREAM_SUBAGENT_ASSISTANT,
  TRANSCRIPT_ASSISTANT,
  rawUsageOf,
} from './fixtures/recordedLines';

describe('UsageLedger', () => {
  test('duplicated usage lines of one response count once', () => {
    const ledger = new UsageLedger();
    assert.equal(ledger.record(rawUsageOf(STREAM_ASSISTANT_PLACEHOLDER)), true);
    assert.equal(ledger.record(rawUsageOf(STREAM_ASSISTANT_SAME_ID)), false);
    assert.deepEqual(ledger.totals(), { inputTokens: 4, outputTokens: 3, cacheCreationTokens: 16747, cacheReadTokens: 0 });
    assert.equal(ledger.size(), 1);
  });

  test('a placeholder output count is replaced by the final one (message_delta)', () => {
    const ledger = new UsageLedger();
    ledger.record(rawUsageOf(STREAM_ASSISTANT_PLACEHOLDER));
    const delta = JSON.parse(STREAM_MESSAGE_DELTA) as { event: { usage: { output_tokens: number } } };
    assert.equal(ledger.recordFinalOutput('msg_01HCL8z1N6MtR4Z4P9puyAua', delta.event.usage.output_tokens), true);
    assert.equal(ledger.totals().outputTokens, 412);
    assert.deepEqual(ledger.output('msg_01HCL8z1N6MtR4Z4P9puyAua'), { tokens: 412, final: true });
    // A late repeat of the placeholder line does not undo it.
    assert.equal(ledger.record(rawUsageOf(STREAM_ASSISTANT_SAME_ID)), false);
    assert.equal(ledger.totals().outputTokens, 412);
  });

  test('a later line with a larger output replaces the placeholder', () => {
    const ledger = new UsageLedger();
    const u = rawUsageOf(STREAM_ASSISTANT_PLACEHOLDER);
    ledger.record(u);
    ledger.record({ ...u, output_tokens: 250, final: true });
    assert.equal(ledger.totals().outputTokens, 250);
    assert.equal(ledger.totals().inputTokens, 4);
  });

  test('sidechain usage counts in totals; cost follows the price table', () => {
    const ledger = new UsageLedger();
    ledger.record(rawUsageOf(TRANSCRIPT_ASSISTANT));
    ledger.record(rawUsageOf(STREAM_SUBAGENT_ASSISTANT));
    assert.deepEqual(ledger.totals(), { inputTokens: 903, outputTokens: 226, cacheCreationTokens: 453, cacheReadTokens: 133371 });
    const expected = (3 * 5 + 186 * 25 + 453 * 6.25 + 82371 * 0.5) / 1e6 + (900 * 1 + 40 * 5 + 51000 * 0.1) / 1e6;
    assert.ok(Math.abs(ledger.costUsd() - expected) < 1e-12);
  });

  test('the run report settles placeholder output counts and adds calls that were never streamed', () => {
    const ledger = new UsageLedger();
    const u = rawUsageOf(STREAM_ASSISTANT_PLACEHOLDER); // 4 in, 3 out (placeholder), 16747 cache write
    ledger.record(u);
    assert.equal(
      ledger.reconcileRun({
        usage: { input_tokens: 4, output_tokens: 412, cache_creation_input_tokens: 16747, cache_read_input_tokens: 0 },
        model: u.model,
      }),
      true,
    );
    assert.deepEqual(ledger.totals(), { inputTokens: 4, outputTokens: 412, cacheCreationTokens: 16747, cacheReadTokens: 0 });
    assert.equal(ledger.size(), 1, 'the remainder is not a response');
    // The next run starts from zero: a side-model call the stream never showed is added whole.
    ledger.record({ ...u, messageId: 'msg_second', output_tokens: 1 });
    ledger.reconcileRun({
      usage: { input_tokens: 4 + 120, output_tokens: 30 + 15, cache_creation_input_tokens: 16747, cache_read_input_tokens: 0 },
      model: u.model,
    });
    assert.deepEqual(ledger.totals(), {
      inputTokens: 4 + 4 + 120,
      outputTokens: 412 + 45,
      cacheCreationTokens: 2 * 16747,
      cacheReadTokens: 0,
    });
    // A report below what was streamed never subtracts.
    ledger.record({ ...u, messageId: 'msg_third', output_tokens: 50 });
    assert.equal(
      ledger.reconcileRun({
        usage: { input_tokens: 0, output_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
        model: u.model,
      }),
      false,
    );
    assert.equal(ledger.totals().outputTokens, 412 + 45 + 50);
  });

  test('a run cost the agent reports replaces the price table for that run only', () => {
    const ledger = new UsageLedger();
    const u = rawUsageOf(TRANSCRIPT_ASSISTANT);
    ledger.record(u);
    const tableCost = ledger.costUsd();
    ledger.reconcileRun({
      usage: {
        input_tokens: u.input_tokens,
        output_tokens: u.output_tokens,
        cache_creation_input_tokens: u.cache_creation_input_tokens,
        cache_read_input_tokens: u.cache_read_input_tokens,
      },
      model: u.model,
      costUsd: 0.5,
    });
    assert.ok(Math.abs(ledger.costUsd() - 0.5) < 1e-12, `${ledger.costUsd()}`);
    ledger.record({ ...u, messageId: 'msg_next' });
    assert.ok(Math.abs(ledger.costUsd() - (0.5 + tableCost)) < 1e-12, 'a run without a reported cost is priced from the table');
  });

  test('<synthetic> messages are ignored', () => {
    const ledger = new UsageLedger();
    assert.equal(ledger.record({ ...rawUsageOf(TRANSCRIPT_ASSISTANT), model: '<synthetic>' }), false);
    assert.equal(ledger.size(), 0);
  });
});

describe('ClaudeContextMeter', () => {
  test('fill = last main-chain input + cache creation + cache read, output excluded', () => {
    const meter = new ClaudeContextMeter();
    meter.recordUsage(rawUsageOf(TRANSCRIPT_ASSISTANT));
    const fill = meter.fill();
    assert.equal(fill.usedTokens, 3 + 453 + 82371);
    assert.equal(fill.window, 200_000);
    assert.equal(fill.windowSource, 'table');
    assert.equal(fill.source, 'usage');
    assert.equal(fill.fraction, (3 + 453 + 82371) / 200_000);
  });

  test('sidechain (subagent) usage does not move the fill', () => {
    const meter = new ClaudeContextMeter();
    meter.recordUsage(rawUsageOf(STREAM_ASSISTANT_PLACEHOLDER));
    meter.recordUsage(rawUsageOf(STREAM_SUBAGENT_ASSISTANT));
    assert.equal(meter.fill().usedTokens, 4 + 16747);
  });

  test('the result run totals are never the fill; its modelUsage gives the window', () => {
    const meter = new ClaudeContextMeter();
    meter.recordUsage({ ...rawUsageOf(TRANSCRIPT_ASSISTANT), model: 'us.anthropic.claude-opus-4-6-v1' });
    const result = JSON.parse(STREAM_RESULT) as { modelUsage: ModelUsageMap };
    meter.recordModelUsage(result.modelUsage);
    const fill = meter.fill();
    assert.equal(fill.usedTokens, 82827);
    assert.notEqual(fill.usedTokens, 18 + 14760 + 169817);
    assert.equal(fill.windowSource, 'agent');
    assert.equal(fill.window, 200_000);
  });

  test('a reported window is matched across provider-prefixed model ids', () => {
    const meter = new ClaudeContextMeter();
    meter.recordUsage({ ...rawUsageOf(TRANSCRIPT_ASSISTANT), model: 'claude-opus-4-6' });
    meter.recordModelUsage({ 'us.anthropic.claude-opus-4-6-v1': { contextWindow: 1_000_000 } });
    assert.equal(meter.fill().window, 1_000_000);
  });

  test('a compaction boundary resets the fill until the next answer', () => {
    const meter = new ClaudeContextMeter();
    const u = rawUsageOf(TRANSCRIPT_ASSISTANT);
    meter.recordUsage(u);
    const boundary = JSON.parse(STREAM_COMPACT_BOUNDARY) as { compact_metadata: { pre_tokens: number } };
    meter.recordCompaction(boundary.compact_metadata.pre_tokens);
    let fill = meter.fill();
    assert.equal(fill.usedTokens, null);
    assert.equal(fill.fraction, null);
    assert.equal(fill.source, 'compacted');
    assert.equal(fill.compactedFromTokens, 155025);
    // A repeat of the pre-compaction response does not restore the old figure.
    meter.recordUsage(u);
    assert.equal(meter.fill().usedTokens, null);
    meter.recordUsage({ ...u, messageId: 'msg_after', input_tokens: 10, cache_creation_input_tokens: 9000, cache_read_input_tokens: 0 });
    fill = meter.fill();
    assert.equal(fill.usedTokens, 9010);
    assert.equal(fill.source, 'usage');
  });

  test('no usage yet: unknown fill with the default window', () => {
    const fill = new ClaudeContextMeter().fill();
    assert.equal(fill.usedTokens, null);
    assert.equal(fill.source, 'none');
    assert.equal(fill.window, 200_000);
    assert.equal(fill.windowSource, 'default');
  });
});

describe('Codex and Gemini figures', () => {
  test('Codex fill from last_token_usage and model_context_window; totals from the cumulative figure', () => {
    const ev = JSON.parse(CODEX_TOKEN_COUNT) as {
      payload: {
        info: {
          last_token_usage: { total_tokens: number };
          total_token_usage: { input_tokens: number; cached_input_tokens: number; output_tokens: number };
          model_context_window: number;
        };
      };
    };
    const fill = codexContextFill(ev.payload.info, 'gpt-5-codex');
    assert.equal(fill.usedTokens, 120);
    assert.equal(fill.window, 272_000);
    assert.equal(fill.windowSource, 'agent');
    assert.deepEqual(codexTotals({ input_tokens: 24763, cached_input_tokens: 24448, output_tokens: 122 }), {
      inputTokens: 315,
      outputTokens: 122,
      cacheCreationTokens: 0,
      cacheReadTokens: 24448,
    });
    assert.equal(codexContextFill(null, 'gpt-5').usedTokens, null);
  });

  test('Gemini fill is the run prompt size, labelled aggregate; run totals split cached', () => {
    const ev = JSON.parse(GEMINI_RESULT) as { stats: { input_tokens: number; output_tokens: number; cached: number; input: number } };
    const fill = geminiContextFill(ev.stats, 'gemini-2.5-pro');
    assert.equal(fill.usedTokens, 24939);
    assert.equal(fill.source, 'aggregate');
    assert.equal(fill.window, 1_048_576);
    assert.deepEqual(geminiRunTotals(ev.stats), { inputTokens: 3676, outputTokens: 20, cacheCreationTokens: 0, cacheReadTokens: 21263 });
  });
});

describe('pricing and windows tables', () => {
  test('model ids are normalised and priced by family', () => {
    assert.equal(normalizeModelId('us.anthropic.claude-opus-4-6-v1'), 'claude-opus-4-6');
    assert.equal(normalizeModelId('anthropic/claude-sonnet-4-5@20250929'), 'claude-sonnet-4-5');
    assert.equal(priceFor('claude-opus-4-6')?.input, 5);
    assert.equal(priceFor('claude-opus-4-1-20250805')?.input, 15);
    assert.equal(priceFor('claude-haiku-4-5-20251001')?.output, 5);
    assert.equal(priceFor('<synthetic>'), null);
    assert.equal(priceFor('some-local-model'), null);
    assert.equal(
      requestCost('some-local-model', { input_tokens: 1e6, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }),
      0,
    );
  });

  test('long-context tier applies per category above 200k in one request', () => {
    const c = requestCost('claude-sonnet-4-5', {
      input_tokens: 300_000,
      output_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
    assert.ok(Math.abs(c - (200_000 * 3 + 100_000 * 6) / 1e6) < 1e-9);
  });

  test('fast mode multiplies Opus 4.6 cost', () => {
    const u = { input_tokens: 1000, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    assert.ok(Math.abs(requestCost('claude-opus-4-6', u, 'fast') - 6 * requestCost('claude-opus-4-6', u)) < 1e-12);
  });

  test('windows: agent figure, then table, then 200k', () => {
    assert.equal(knownContextWindow('claude-sonnet-4-5[1m]'), 1_000_000);
    assert.equal(knownContextWindow('gpt-5'), 272_000);
    assert.equal(knownContextWindow('unknown-model'), null);
    assert.deepEqual(resolveContextWindow('unknown-model', null), { window: 200_000, source: 'default' });
    assert.deepEqual(resolveContextWindow('claude-opus-4-6', 500_000), { window: 500_000, source: 'agent' });
  });
});
