// Similarity of normalized messages: Jaccard over their shingles (distinct words and adjacent word
// pairs, so word order counts a little), and the prefix-filter bound the index uses to compare
// only signatures that share one of a query's rarest shingles.

/** Distinct words and adjacent word pairs of a normalized message (placeholders such as <q> are words). */
export function messageTokens(normalized: string): string[] {
  const words = normalized.match(/<\w+>|[a-z0-9_%$]+/g) ?? [];
  const out = new Set<string>(words);
  for (let i = 1; i < words.length; i++) out.add(`${words[i - 1]} ${words[i]}`);
  return [...out];
}

/** Jaccard similarity of two shingle sets (1 = same set, 0 = nothing shared). */
export function jaccard(a: readonly string[], b: ReadonlySet<string>): number {
  if (a.length === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.length + b.size - shared);
}

/**
 * How many of a query's rarest shingles a candidate must share at least one of, for their Jaccard
 * similarity to reach `threshold` (query-side prefix filtering): J ≥ t implies |q ∩ r| ≥ ⌈t·|q|⌉.
 */
export function prefixLength(queryTokens: number, threshold: number): number {
  if (queryTokens === 0) return 0;
  return Math.max(1, queryTokens - Math.ceil(threshold * queryTokens - 1e-9) + 1);
}
