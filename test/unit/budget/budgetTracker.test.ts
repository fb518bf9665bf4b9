import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentEvent, UsageEvent } from '../../../src/core/agents/agentEvents';
import { BudgetTracker } from '../../../src/core/budget/budgetTracker';

function usage(id: string, input: number, creation: number, read: number, over: Partial<UsageEvent> = {}): UsageEvent {
  return {
    type: 'usage',
    messageId: id,
    model: 'claude-sonnet-4-5-20250929',
    input_tokens: input,
    cache_creation_input_tokens: creation,
    cache_read_input_tokens: read,
    output_tokens: 10,
    isSidechain: false,
    ...over,
  };
}
const done = (contextWindow?: number): AgentEvent => ({ type: 'done', ok: true, ...(contextWindow ? { contextWindow } : {}) });

describe('BudgetTracker (Claude Code)', () => {
  test('an estimate before any answer is labelled, and never counts toward the thresholds', () => {
    const t = new BudgetTracker();
    t.track('s', 'claude');
    const c = t.setEstimates('s', 'claude', { memoryTokens: 150_000, attachedTokens: 30_000 });
    assert.equal(c.summary.source, 'estimate');
    assert.ok((c.summary.fraction ?? 0) > 0.7, 'the estimate alone would be over the warning threshold');
    assert.equal(c.summary.level, 'unknown', 'an estimate colours nothing');
    assert.equal(c.notify, null);
  });

  test('fill is the last main-chain message: input + cache creation + cache read, over the reported window', () => {
    const t = new BudgetTracker();
    t.track('s', 'claude');
    t.onAgentEvent('s', 'claude', usage('m1', 10, 1000, 5000));
    t.onAgentEvent('s', 'claude', usage('m1', 10, 1000, 5000)); // repeated per content block
    t.onAgentEvent('s', 'claude', usage('sub', 90_000, 0, 0, { isSidechain: true }));
    const c = t.onAgentEvent('s', 'claude', usage('m2', 50_000, 10_000, 24_000));
    assert.equal(c?.summary.usedTokens, 84_000);
    assert.equal(c?.summary.source, 'usage');
    const d = t.onAgentEvent('s', 'claude', done(400_000));
    assert.equal(d?.summary.window, 400_000);
    assert.equal(d?.summary.fraction, 84_000 / 400_000);
    assert.deepEqual(d?.summary.trend, [84_000]);
    // Totals count every request once, sidechain included.
    assert.equal(d?.summary.totals.inputTokens, 10 + 90_000 + 50_000);
    assert.equal(d?.summary.totals.cacheReadTokens, 5000 + 24_000);
    assert.ok((d?.summary.costUsd ?? 0) > 0);
    assert.equal(t.headroom('s'), d?.summary.headroomTokens);
    assert.equal(t.headroom('nope'), undefined);
  });

  test('the window the CLI reported stays for the session and model: mid-task, after a reload, never back to a default', () => {
    const t = new BudgetTracker();
    t.onAgentEvent('s', 'claude', usage('m1', 100_000, 0, 0));
    t.onAgentEvent('s', 'claude', done(1_000_000));
    assert.equal(t.summary('s')?.window, 1_000_000);
    // The next task, mid-run: still against the reported window, so no threshold fires falsely.
    const mid = t.onAgentEvent('s', 'claude', usage('m2', 160_000, 0, 0));
    assert.equal(mid?.summary.window, 1_000_000);
    assert.equal(mid?.summary.fraction, 0.16);
    assert.equal(mid?.notify, null);
    // After a reload: a new tracker restored from what was persisted.
    const persisted = t.persisted('s');
    assert.ok(persisted);
    const again = new BudgetTracker();
    again.restore([persisted]);
    const first = again.onAgentEvent('s', 'claude', usage('m3', 170_000, 0, 0));
    assert.equal(first?.summary.window, 1_000_000, 'the reported window survives a reload');
    assert.equal(first?.summary.level, 'ok');
  });

  test('a compaction makes the fill unknown until the next answer', () => {
    const t = new BudgetTracker();
    t.onAgentEvent('s', 'claude', usage('m1', 100_000, 0, 0));
    const c = t.onAgentEvent('s', 'claude', { type: 'compaction', trigger: 'auto', preTokens: 100_000 });
    assert.equal(c?.summary.usedTokens, null);
    assert.equal(c?.summary.source, 'compacted');
    const n = t.onAgentEvent('s', 'claude', usage('m2', 8000, 0, 0));
    assert.equal(n?.summary.usedTokens, 8000);
  });

  test('thresholds: one notification per upward crossing, again only after falling back', () => {
    const t = new BudgetTracker();
    const notes: (string | null)[] = [];
    const feed = (id: string, used: number): void => {
      notes.push(t.onAgentEvent('s', 'claude', usage(id, used, 0, 0))?.notify ?? null);
    };
    feed('a', 100_000); // 50 %
    feed('b', 150_000); // 75 % → warn
    feed('c', 151_000);
    feed('d', 185_000); // 92.5 % → critical
    feed('e', 186_000);
    feed('f', 20_000); // back to ok (after a compaction, say)
    feed('g', 190_000); // critical again
    assert.deepEqual(notes, [null, 'warn', null, 'critical', null, null, 'critical']);
  });

  test('custom thresholds from settings', () => {
    const t = new BudgetTracker({ warn: 0.3, critical: 0.5, hysteresis: 0.02 });
    const c = t.onAgentEvent('s', 'claude', usage('a', 110_000, 0, 0));
    assert.equal(c?.summary.level, 'critical');
    assert.equal(c?.notify, 'critical');
    const changes = t.setThresholds({ warn: 0.7, critical: 0.9, hysteresis: 0.02 });
    assert.equal(changes[0]?.summary.level, 'ok');
  });

  test('before any answer the fill is an estimate from the memory files and the system prompt', () => {
    const t = new BudgetTracker();
    const c = t.setEstimates('s', 'claude', { memoryTokens: 1500, attachedTokens: 500 });
    assert.equal(c.summary.source, 'estimate');
    assert.equal(c.summary.usedTokens, 20_000 + 1500 + 500);
    assert.equal(c.notify, null);
    assert.ok(c.summary.breakdown.find((x) => x.name === 'Memory files')?.estimate);
  });

  test('restored summaries show until new figures arrive; totals continue; no second notification after a reload', () => {
    const a = new BudgetTracker();
    a.onAgentEvent('s', 'claude', usage('m1', 185_000, 0, 0));
    const saved = a.persisted('s');
    assert.ok(saved);
    assert.equal(saved.notified, 'critical');
    const b = new BudgetTracker();
    b.restore([saved]);
    assert.equal(b.summary('s')?.usedTokens, 185_000);
    const c = b.onAgentEvent('s', 'claude', usage('m2', 186_000, 0, 0));
    assert.equal(c?.notify, null);
    assert.equal(c?.summary.totals.inputTokens, 185_000 + 186_000);
  });
});

describe('BudgetTracker (Codex, Gemini)', () => {
  test('Codex: cumulative thread readings become per-turn figures, labelled aggregate', () => {
    const t = new BudgetTracker();
    const u = (input: number, cached: number): UsageEvent => ({
      type: 'usage',
      messageId: 'x',
      model: 'codex',
      input_tokens: input,
      cache_read_input_tokens: cached,
      cache_creation_input_tokens: 0,
      output_tokens: 100,
      isSidechain: false,
      cumulative: true,
    });
    t.onAgentEvent('c', 'codex', u(1000, 4000));
    const c = t.onAgentEvent('c', 'codex', u(3000, 10_000));
    assert.equal(c?.summary.source, 'aggregate');
    assert.equal(c?.summary.usedTokens, 2000 + 6000 + 0);
    assert.equal(c?.summary.totals.inputTokens, 3000);
    assert.equal(c?.summary.totals.cacheReadTokens, 10_000);
  });

  test("Codex: the session log's last request replaces the turn aggregate, in the fill and the trend", () => {
    const t = new BudgetTracker();
    const u: UsageEvent = {
      type: 'usage',
      messageId: 'x',
      model: 'codex',
      input_tokens: 30_000,
      cache_read_input_tokens: 90_000,
      cache_creation_input_tokens: 0,
      output_tokens: 400,
      isSidechain: false,
      cumulative: true,
    };
    t.onAgentEvent('c', 'codex', u);
    const done = t.onAgentEvent('c', 'codex', { type: 'done', ok: true, conversationId: 'th' });
    assert.deepEqual(done?.summary.trend, [120_400], 'the aggregate: input, cached and output of the turn');
    const c = t.onCodexRollout('c', {
      threadId: 'th',
      cwd: '/repo',
      model: 'gpt-5-codex',
      garbageLines: 0,
      fill: {
        usedTokens: 41_000,
        window: 272_000,
        windowSource: 'agent',
        fraction: 41_000 / 272_000,
        source: 'usage',
        model: 'gpt-5-codex',
      },
      totals: { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 },
    });
    assert.equal(c?.summary.source, 'usage');
    assert.equal(c?.summary.usedTokens, 41_000);
    assert.equal(c?.summary.window, 272_000);
    assert.equal(c?.summary.model, 'gpt-5-codex');
    assert.deepEqual(c?.summary.trend, [41_000]);
    // Totals still come from the turn readings.
    assert.equal(c?.summary.totals.cacheReadTokens, 90_000);
    // The next turn's stream names no model again: the log's model and window stay until its log is read.
    t.onAgentEvent('c', 'codex', { ...u, input_tokens: 40_000, cache_read_input_tokens: 130_000 });
    const next = t.onAgentEvent('c', 'codex', { type: 'done', ok: true, conversationId: 'th' });
    assert.equal(next?.summary.model, 'gpt-5-codex');
    assert.equal(next?.summary.window, 272_000);
    assert.equal(next?.summary.source, 'aggregate');
    assert.equal(next?.summary.usedTokens, 10_000 + 40_000 + 0);
    // A log without a figure, or a session of another agent, changes nothing.
    assert.equal(
      t.onCodexRollout('c', {
        threadId: 'th',
        cwd: null,
        model: null,
        garbageLines: 0,
        fill: { usedTokens: null, window: 272_000, windowSource: 'agent', fraction: null, source: 'none', model: null },
        totals: c!.summary.totals,
      }),
      undefined,
    );
  });

  test('Gemini: the run statistics give an aggregate fill', () => {
    const t = new BudgetTracker();
    const c = t.onAgentEvent('g', 'gemini', {
      type: 'usage',
      messageId: 'r',
      model: 'gemini-2.5-pro',
      input_tokens: 3000,
      cache_read_input_tokens: 1000,
      cache_creation_input_tokens: 0,
      output_tokens: 50,
      isSidechain: false,
      cumulative: true,
    });
    assert.equal(c?.summary.usedTokens, 4000);
    assert.equal(c?.summary.source, 'aggregate');
  });
});
