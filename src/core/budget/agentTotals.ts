// Usage totals from the figures Codex and Gemini report, mapped to the Anthropic-style categories
// the rest of the budget code uses (OpenAI/Gemini input counts include cached tokens; here the
// cached part moves to `cacheReadTokens` so input + cache read = prompt tokens, as for Claude).

import type { GeminiStats } from './contextMeter';
import type { UsageTotals } from './usageTypes';

/** Codex `token_count.info.total_token_usage` (cumulative for the thread). */
export interface CodexTokenTotals {
  input_tokens?: number;
  cached_input_tokens?: number;
  output_tokens?: number;
}

const n = (v: number | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The thread's totals from Codex's cumulative `total_token_usage` (replace, do not add, on each event). */
export function codexTotals(total: CodexTokenTotals | null | undefined): UsageTotals {
  const cached = n(total?.cached_input_tokens);
  return {
    inputTokens: Math.max(0, n(total?.input_tokens) - cached),
    outputTokens: n(total?.output_tokens),
    cacheCreationTokens: 0,
    cacheReadTokens: cached,
  };
}

/** One Gemini headless run's totals from `result.stats` (per run: add the runs of a session together). */
export function geminiRunTotals(stats: GeminiStats | null | undefined): UsageTotals {
  const cached = n(stats?.cached);
  const input = stats?.input != null ? n(stats.input) : Math.max(0, n(stats?.input_tokens) - cached);
  return { inputTokens: input, outputTokens: n(stats?.output_tokens), cacheCreationTokens: 0, cacheReadTokens: cached };
}
