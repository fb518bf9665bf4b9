// The current context fill of a Claude Code session from its own usage figures: the last main-chain
// assistant request's input + cache writes + cache reads (never the `result` run totals, which sum
// every call), reset to "unknown" by a compaction boundary, with the window the agent reports.

import { normalizeModelId } from './pricing';
import { resolveContextWindow } from './modelWindows';
import { requestInputTokens, type ContextFill, type RawUsage } from './usageTypes';

/** `result.modelUsage` entries; only the window matters here. */
export type ModelUsageMap = Record<string, { contextWindow?: number } | undefined>;

export class ClaudeContextMeter {
  private used: number | null = null;
  private model: string | null = null;
  private lastMessageId: string | null = null;
  private compacted = false;
  private compactedFrom: number | undefined;
  private readonly windows = new Map<string, number>();

  /** Feeds one assistant usage figure; sidechain (subagent) and `<synthetic>` lines do not move the fill. */
  recordUsage(u: RawUsage): boolean {
    if (u.isSidechain || u.model === '<synthetic>') return false;
    // A repeat of the response already counted before a compaction must not undo the reset.
    if (this.compacted && u.messageId === this.lastMessageId) return false;
    const used = requestInputTokens(u);
    const changed = used !== this.used || u.model !== this.model || this.compacted;
    this.used = used;
    this.model = u.model;
    this.lastMessageId = u.messageId;
    this.compacted = false;
    return changed;
  }

  /** A `compact_boundary`: what the window holds is unknown until the next answer. */
  recordCompaction(preTokens?: number): void {
    this.compactedFrom = preTokens ?? this.used ?? undefined;
    this.used = null;
    this.compacted = true;
  }

  /** `result.modelUsage`: remembers each model's reported window. */
  recordModelUsage(modelUsage: ModelUsageMap): void {
    for (const [model, entry] of Object.entries(modelUsage)) {
      const w = entry?.contextWindow;
      if (typeof w === 'number' && w > 0) this.windows.set(model, w);
    }
  }

  /** The model of the last main-chain request, if any. */
  currentModel(): string | null {
    return this.model;
  }

  fill(): ContextFill {
    const { window, source } = resolveContextWindow(this.model, this.reportedWindow());
    const fill: ContextFill = {
      usedTokens: this.used,
      window,
      windowSource: source,
      fraction: this.used == null ? null : this.used / window,
      source: this.compacted ? 'compacted' : this.used == null ? 'none' : 'usage',
      model: this.model,
    };
    if (this.compactedFrom != null) fill.compactedFromTokens = this.compactedFrom;
    return fill;
  }

  private reportedWindow(): number | null {
    if (this.windows.size === 0) return null;
    if (this.model == null) return this.windows.size === 1 ? ([...this.windows.values()][0] ?? null) : null;
    const exact = this.windows.get(this.model);
    if (exact != null) return exact;
    const norm = normalizeModelId(this.model);
    for (const [m, w] of this.windows) {
      const n = normalizeModelId(m);
      if (n.includes(norm) || norm.includes(n)) return w;
    }
    return null;
  }
}

/** Codex `event_msg` `token_count` info (rollout log): per-turn `last_token_usage` and the window. */
export interface CodexTokenInfo {
  last_token_usage?: { input_tokens?: number; cached_input_tokens?: number; output_tokens?: number; total_tokens?: number } | null;
  model_context_window?: number | null;
}

/** Codex's own gauge counts the last turn's `total_tokens` (input incl. cached + output) as in the window. */
export function codexContextFill(info: CodexTokenInfo | null | undefined, model: string | null): ContextFill {
  const last = info?.last_token_usage ?? null;
  const used = last == null ? null : (last.total_tokens ?? (last.input_tokens ?? 0) + (last.output_tokens ?? 0));
  const { window, source } = resolveContextWindow(model, info?.model_context_window ?? null);
  return {
    usedTokens: used,
    window,
    windowSource: source,
    fraction: used == null ? null : used / window,
    source: used == null ? 'none' : 'usage',
    model,
  };
}

/** Gemini `result.stats` of a headless run (aggregated over the run's requests). */
export interface GeminiStats {
  input_tokens?: number;
  output_tokens?: number;
  cached?: number;
  input?: number;
  total_tokens?: number;
}

/**
 * Gemini reports only per-run aggregates; the prompt size of the run (`input_tokens`, cached included)
 * is exact for a one-request run and an upper bound otherwise, so the fill is labelled `aggregate`.
 */
export function geminiContextFill(stats: GeminiStats | null | undefined, model: string | null): ContextFill {
  const used = stats?.input_tokens ?? null;
  const { window, source } = resolveContextWindow(model, null);
  return {
    usedTokens: used,
    window,
    windowSource: source,
    fraction: used == null ? null : used / window,
    source: used == null ? 'none' : 'aggregate',
    model,
  };
}
