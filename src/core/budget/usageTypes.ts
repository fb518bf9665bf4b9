// Shared shapes of the budget domain: raw per-request usage figures as the agents report them,
// summed usage totals, and the context-fill snapshot every surface (status bar, dashboard, router) reads.

/** One model request's usage, as a Claude Code `assistant` line (stream or transcript) carries it. */
export interface RawUsage {
  /** `message.id`; one API response is written as several lines repeating the same usage. */
  messageId: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  /** Subagent (Task) traffic: counted in totals, never in the main conversation's fill. */
  isSidechain: boolean;
  /** `requestId` of the transcript line, when known (part of ccusage's dedup key). */
  requestId?: string;
  /** True when the line's `stop_reason` was set: its `output_tokens` is final, not a placeholder. */
  final?: boolean;
}

/** Token totals of a session (or any set of requests). */
export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
}

/** Where a fill figure came from; `estimate` figures are labelled as such wherever shown. */
export type FillSource =
  | 'usage' // the agent's own per-request figure (Claude Code assistant usage, Codex last_token_usage)
  | 'aggregate' // the agent only reports per-run aggregates (Gemini): an upper-bound approximation
  | 'compacted' // a compaction boundary was seen after the last figure: the fill is unknown until the next answer
  | 'estimate' // tiktoken estimate, no agent figure yet
  | 'none';

/** The context budget of one session at one moment. */
export interface ContextFill {
  /** Tokens currently in the window, or null when unknown (no answer yet, or just compacted). */
  usedTokens: number | null;
  /** Context window size in tokens. */
  window: number;
  /** Whether `window` came from the agent (`modelUsage[model].contextWindow`, `model_context_window`) or a table. */
  windowSource: 'agent' | 'table' | 'default';
  /** usedTokens / window in [0, ∞), or null when usedTokens is null. */
  fraction: number | null;
  source: FillSource;
  model: string | null;
  /** Tokens in the window before the last compaction, when one was seen. */
  compactedFromTokens?: number;
}

export function emptyTotals(): UsageTotals {
  return { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 };
}

export function addTotals(into: UsageTotals, add: UsageTotals): UsageTotals {
  into.inputTokens += add.inputTokens;
  into.outputTokens += add.outputTokens;
  into.cacheCreationTokens += add.cacheCreationTokens;
  into.cacheReadTokens += add.cacheReadTokens;
  return into;
}

/** The window-occupying part of one request: what it sent (uncached tail + cache writes + cache reads). */
export function requestInputTokens(u: Pick<RawUsage, 'input_tokens' | 'cache_creation_input_tokens' | 'cache_read_input_tokens'>): number {
  return u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens;
}
