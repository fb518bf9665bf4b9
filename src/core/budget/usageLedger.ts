// Per-session usage totals and cost from live agent usage, deduplicated by message id: Claude Code
// repeats one response's full usage on every content-block line, and the early lines may carry a
// placeholder `output_tokens` (emitted before `message_delta`), so a later, larger figure replaces it.
// At the end of a run, `reconcileRun` brings the run's figures up to what the agent reported for it
// (`result.usage`: every API call of the run, final output counts, side-model calls included).

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

/** What an agent reported for one whole run (Claude `result.usage`), and its cost when known exactly. */
export interface RunReport {
  usage: Pick<RawUsage, 'input_tokens' | 'output_tokens' | 'cache_creation_input_tokens' | 'cache_read_input_tokens'>;
  /** The model the run's remainder is priced at (the run's main model). */
  model: string;
  /** The run's cost as the agent computed it; when absent, the cost comes from the price table. */
  costUsd?: number;
}

/** Totals of one session's requests; feed it every usage figure as it arrives, duplicates included. */
export class UsageLedger {
  private readonly entries = new Map<string, LedgerEntry>();
  private readonly sums: UsageTotals = emptyTotals();
  private cost = 0;
  /** The agent's own run costs minus the price table's figure for those runs. */
  private costAdjustment = 0;
  /** Responses recorded since the last `reconcileRun`. */
  private readonly runIds = new Set<string>();
  private runs = 0;
  private remainders = 0;

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
      this.runIds.add(u.messageId);
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

  /**
   * Ends a run: whatever the run's responses recorded falls short of the reported figures (placeholder
   * output counts, calls that were never streamed) is added as one remainder entry priced at the run's
   * model, so the totals equal the agent's own. Figures above the report are kept (never subtracted).
   * Returns true when it changed the totals or cost.
   */
  reconcileRun(report: RunReport): boolean {
    const seen = { input: 0, output: 0, cacheCreation: 0, cacheRead: 0, cost: 0 };
    for (const id of this.runIds) {
      const e = this.entries.get(id);
      if (e == null) continue;
      seen.input += e.input;
      seen.output += e.output;
      seen.cacheCreation += e.cacheCreation;
      seen.cacheRead += e.cacheRead;
      seen.cost += entryCost(e);
    }
    this.runIds.clear();
    this.runs++;
    const remainder: LedgerEntry = {
      model: report.model,
      input: Math.max(0, report.usage.input_tokens - seen.input),
      output: Math.max(0, report.usage.output_tokens - seen.output),
      cacheCreation: Math.max(0, report.usage.cache_creation_input_tokens - seen.cacheCreation),
      cacheRead: Math.max(0, report.usage.cache_read_input_tokens - seen.cacheRead),
      final: true,
    };
    let changed = false;
    if (remainder.input + remainder.output + remainder.cacheCreation + remainder.cacheRead > 0) {
      this.entries.set(`run-remainder:${this.runs}`, remainder);
      this.remainders++;
      this.apply(remainder, 1);
      seen.cost += entryCost(remainder);
      changed = true;
    }
    if (report.costUsd !== undefined && Number.isFinite(report.costUsd) && report.costUsd >= 0) {
      const adjust = report.costUsd - seen.cost;
      if (Math.abs(adjust) > 1e-12) {
        this.costAdjustment += adjust;
        changed = true;
      }
    }
    return changed;
  }

  totals(): UsageTotals {
    return { ...this.sums };
  }

  costUsd(): number {
    return Math.max(0, this.cost + this.costAdjustment);
  }

  /** Number of distinct responses recorded. */
  size(): number {
    return this.entries.size - this.remainders;
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
    this.cost += sign * entryCost(e);
  }
}

function entryCost(e: LedgerEntry): number {
  return requestCost(e.model, {
    input_tokens: e.input,
    output_tokens: e.output,
    cache_creation_input_tokens: e.cacheCreation,
    cache_read_input_tokens: e.cacheRead,
  });
}
