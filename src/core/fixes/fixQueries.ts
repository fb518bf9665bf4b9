// Dashboard queries over fix records: free-text search and the three sort orders.
import type { FixRecord } from './fixRecord';
import { successRate } from './fixRecord';

export type FixSort = 'success' | 'recency' | 'uses';

export interface FixQuery {
  /** Words that must all appear (case-insensitive) in the title, message, signature, file or diff. */
  readonly text?: string;
  readonly language?: string;
  readonly sort?: FixSort;
  readonly limit?: number;
}

/** A summary row for lists (no diff, no history). */
export interface FixSummary {
  readonly id: string;
  readonly title: string;
  readonly language: string;
  readonly source: string;
  readonly code: string;
  readonly origin: FixRecord['origin'];
  readonly successRate: number;
  readonly counts: FixRecord['counts'];
  readonly createdAt: number;
  readonly lastUsedAt: number;
}

const COMPARE: Readonly<Record<FixSort, (a: FixRecord, b: FixRecord) => number>> = {
  success: (a, b) =>
    successRate(b.counts) - successRate(a.counts) || b.counts.succeeded - a.counts.succeeded || b.lastUsedAt - a.lastUsedAt,
  recency: (a, b) => b.lastUsedAt - a.lastUsedAt || b.createdAt - a.createdAt,
  uses: (a, b) => b.counts.applied - a.counts.applied || b.counts.offered - a.counts.offered || b.lastUsedAt - a.lastUsedAt,
};

export function queryFixes(records: Iterable<FixRecord>, query: FixQuery = {}): FixRecord[] {
  const words = (query.text ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  const out: FixRecord[] = [];
  for (const r of records) {
    if (query.language && r.signature.language !== query.language) continue;
    if (words.length > 0) {
      const hay =
        `${r.title}\n${r.message}\n${r.signature.source} ${r.signature.code}\n${r.signature.normalized}\n${r.file ?? ''}\n${r.diff}`.toLowerCase();
      if (!words.every((w) => hay.includes(w))) continue;
    }
    out.push(r);
  }
  out.sort(COMPARE[query.sort ?? 'recency']);
  return query.limit === undefined ? out : out.slice(0, query.limit);
}

export function summarizeFix(r: FixRecord): FixSummary {
  return {
    id: r.id,
    title: r.title,
    language: r.signature.language,
    source: r.signature.source,
    code: r.signature.code,
    origin: r.origin,
    successRate: successRate(r.counts),
    counts: r.counts,
    createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt,
  };
}
