// Learned fixes for the errors in a task's files, briefly, for the agent's prompt and the handoff
// summary: one line per error with its best fix's title, success rate and a short diff excerpt.
import type { FixMatch, LookupOptions } from './fixIndex';
import { successRate } from './fixRecord';
import type { ErrorInput } from './signature';

export interface KnownFix {
  readonly error: ErrorInput;
  readonly match: FixMatch;
}

/** Anything that looks fixes up (FixStore does). */
export interface FixLookup {
  lookup(error: ErrorInput, options?: LookupOptions): FixMatch[];
}

export interface KnownFixesOptions {
  /** At most this many errors get a fix (default 5). */
  readonly maxFixes?: number;
  /** Near matches are only passed on at or above this similarity (default 0.75). */
  readonly minSimilarity?: number;
}

/** The best learned fix for each distinct error (exact matches, or close near matches), best first. */
export function findKnownFixes(store: FixLookup, errors: readonly ErrorInput[], options: KnownFixesOptions = {}): KnownFix[] {
  const out: KnownFix[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const [best] = store.lookup(error, { limit: 1, threshold: options.minSimilarity ?? 0.75 });
    if (!best || seen.has(best.record.id)) continue;
    seen.add(best.record.id);
    out.push({ error, match: best });
  }
  out.sort((a, b) => successRate(b.match.record.counts) - successRate(a.match.record.counts));
  return out.slice(0, options.maxFixes ?? 5);
}

/** A short Markdown section listing the known fixes; '' when there are none. */
export function formatKnownFixes(fixes: readonly KnownFix[], maxChars = 2000): string {
  if (fixes.length === 0) return '';
  const parts = ['Known fixes for errors currently in these files (learned earlier; check they apply):'];
  for (const { error, match } of fixes) {
    const r = match.record;
    const rate = Math.round(successRate(r.counts) * 100);
    const changed = r.diff
      .split('\n')
      .filter((l) => /^[+-](?![+-]{2})/.test(l))
      .slice(0, 6)
      .join('\n');
    parts.push(
      `- ${firstLine(error.message)}${error.file ? ` (${error.file})` : ''}: "${r.title}", worked ${r.counts.succeeded}/${r.counts.succeeded + r.counts.failed} times (${rate}% est.)\n\`\`\`diff\n${changed}\n\`\`\``,
    );
  }
  const text = parts.join('\n');
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 20)}\n… (truncated)`;
}

/** One fix on one line, for a handoff summary: the error, the fix's title and how often it worked. */
export function knownFixLine({ error, match }: KnownFix): string {
  const c = match.record.counts;
  return `${firstLine(error.message)}${error.file ? ` (${error.file})` : ''}: "${match.record.title}", worked ${c.succeeded}/${c.succeeded + c.failed} times`;
}

function firstLine(s: string): string {
  const line = s.split(/\r?\n/)[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
