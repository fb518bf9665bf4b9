// Numbers and times in words, one way for every surface (status bar, tree, dashboard, CLI, the
// router's reasons): token counts (`84k`, `1.3M`), costs, durations and ages. Pure; imports nothing.

/** 84_000 → `84k`, 1_250_000 → `1.3M`, 950 → `950`. */
export function formatTokens(n: number): string {
  if (n >= 999_500) return `${(n / 1_000_000).toFixed(n >= 9_950_000 ? 0 : 1)}M`;
  if (n >= 1000) return `${Math.round(n / 1000)}k`;
  return String(Math.round(n));
}

/** `$0.42`, `$120`, `<$0.01`. */
export function formatCost(usd: number): string {
  return usd >= 100 ? `$${usd.toFixed(0)}` : usd >= 0.01 || usd === 0 ? `$${usd.toFixed(2)}` : '<$0.01';
}

/** `45s`, `3m 5s`, `2h 10m`, `3d 4h`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return h < 24 ? `${h}h ${m % 60}m` : `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** An age in plain words: `just now`, `4 min ago`, `2 h ago`, `3 days ago`. */
export function formatAge(elapsedMs: number): string {
  const s = Math.max(0, Math.round(elapsedMs / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} days ago`;
}

/** The shape of a context fill the text below needs (a session's budget summary has it). */
export interface FillFigures {
  usedTokens: number | null;
  window: number;
  fraction: number | null;
  source: string;
}

/**
 * A context fill in short words: `42% · 84k/200k` for the agent's own figure; `est. 20k/200k` for a
 * tiktoken estimate before any answer (no percentage, so it never reads as usage); `?/200k` when
 * unknown (just compacted).
 */
export function formatFill(b: FillFigures): string {
  if (b.usedTokens == null || b.fraction == null) return `?/${formatTokens(b.window)}`;
  if (b.source === 'estimate') return `est. ${formatTokens(b.usedTokens)}/${formatTokens(b.window)}`;
  return `${Math.round(b.fraction * 100)}% · ${formatTokens(b.usedTokens)}/${formatTokens(b.window)}`;
}
