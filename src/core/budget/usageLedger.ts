// Per-session usage totals and cost from live agent usage, deduplicated by message id: Claude Code
// repeats one response's full usage on every content-block line, and the early lines may carry a
// placeholder `output_tokens` (emitted before `message_delta`), so a later, larger figure replaces it.

import { requestCost } from './pricing';
import { emptyTotals, type RawUsage, type UsageTotals } from './usageTypes';

interface LedgerEntry {
  model: string;
  input: number;
  output: number;
  cacheCreation: number;
  cacheRead: number;
  final: boolean;
}

/** Totals of one session's requests; feed it every usage figure as it arrives, duplicates included. */
export class UsageLedger {
  private readonly entries = new Map<string, LedgerEntry>();
  private readonly sums: UsageTotals = emptyTotals();
  private cost = 0;

  /** Records one assistant line's usage. Returns true when it changed the totals. */
  record(u: RawUsage): boolean {
    if (u.model === '<synthetic>') return false;
    const prev = this.entries.get(u.messageId);
    if (prev == null) {
      const entry: LedgerEntry = {
        model: u.model,
        input: u.input_tokens,
        output: u.output_tokens,
        cacheCreation: u.cache_creation_input_tokens,
        cacheRead: u.cache_read_input_tokens,
        final: u.final === true,
      };
      this.entries.set(u.messageId, entry);
      this.apply(entry, 1);
      return true;
    }
    // Same response seen again: only the output count may grow (placeholder → final).
    if (prev.final && u.final !== true) return false;
    if (u.output_tokens <= prev.output && !(u.final === true && !prev.final)) return false;
    return this.setOutput(u.messageId, Math.max(prev.output, u.output_tokens), u.final === true || prev.final);
  }

  /** The final output count of a response (`message_delta.usage.output_tokens`). */
  recordFinalOutput(messageId: string, outputTokens: number): boolean {
    return this.setOutput(messageId, outputTokens, true);
  }

  totals(): UsageTotals {
    return { ...this.sums };
  }

  costUsd(): number {
    return this.cost;
  }

  /** Number of distinct responses recorded. */
  size(): number {
    return this.entries.size;
  }

  /** The output count of one response, and whether it is final. */
  output(messageId: string): { tokens: number; final: boolean } | null {
    const e = this.entries.get(messageId);
    return e == null ? null : { tokens: e.output, final: e.final };
  }

  private setOutput(messageId: string, output: number, final: boolean): boolean {
    const e = this.entries.get(messageId);
    if (e == null) return false;
    if (e.output === output && e.final === final) return false;
    this.apply(e, -1);
    e.output = output;
    e.final = final;
    this.apply(e, 1);
    return true;
  }

  private apply(e: LedgerEntry, sign: 1 | -1): void {
    this.sums.inputTokens += sign * e.input;
    this.sums.outputTokens += sign * e.output;
    this.sums.cacheCreationTokens += sign * e.cacheCreation;
    this.sums.cacheReadTokens += sign * e.cacheRead;
    this.cost += sign * requestCost(e.model, {
      input_tokens: e.input,
      output_tokens: e.output,
      cache_creation_input_tokens: e.cacheCreation,
      cache_read_input_tokens: e.cacheRead,
    });
  }
}
