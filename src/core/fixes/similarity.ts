// Token-set similarity over normalized messages, used for near matches of signatures.

/** The distinct word tokens of a normalized message (placeholders such as <q> count as tokens). */
export function messageTokens(normalized: string): string[] {
  return [...new Set(normalized.match(/<\w+>|[a-z0-9_%$]+/g) ?? [])];
}

/** Jaccard similarity of two token sets (1 = same set, 0 = nothing shared). */
export function jaccard(a: readonly string[], b: ReadonlySet<string>): number {
  if (a.length === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.length + b.size - shared);
}

/**
 * How many of a query's rarest tokens a candidate must share at least one of, for their Jaccard
 * similarity to reach `threshold` (query-side prefix filtering): J ≥ t implies |q ∩ r| ≥ ⌈t·|q|⌉.
 */
export function prefixLength(queryTokens: number, threshold: number): number {
  if (queryTokens === 0) return 0;
  return Math.max(1, queryTokens - Math.ceil(threshold * queryTokens - 1e-9) + 1);
}
