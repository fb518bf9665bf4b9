// In-memory lookup structure over fix records: exact matches by signature key, near matches by
// token-set (Jaccard) similarity through an inverted index of (language, token) → signatures,
// with query-side prefix filtering so only signatures sharing a rare token are compared.
import type { FixRecord } from './fixRecord';
import { successRate } from './fixRecord';
import type { ErrorSignature } from './signature';
import { jaccard, messageTokens, prefixLength } from './similarity';

export type MatchKind = 'exact' | 'similar';

export interface FixMatch {
  readonly record: FixRecord;
  readonly kind: MatchKind;
  /** 1 for exact matches, else the Jaccard similarity of the normalized messages. */
  readonly similarity: number;
}

export interface LookupOptions {
  /** Minimum similarity for near matches (default 0.6); 1 or more disables near matches. */
  readonly threshold?: number;
  /** At most this many matches (default 5). */
  readonly limit?: number;
}

interface SignatureEntry {
  readonly signature: ErrorSignature;
  readonly tokens: ReadonlySet<string>;
  readonly ids: Set<string>;
}

export const DEFAULT_THRESHOLD = 0.6;

/** Ranking: exact before similar, then success rate, then recency, then similarity. */
export function compareMatches(a: FixMatch, b: FixMatch): number {
  if (a.kind !== b.kind) return a.kind === 'exact' ? -1 : 1;
  const rate = successRate(b.record.counts) - successRate(a.record.counts);
  if (rate !== 0) return rate;
  if (a.record.lastUsedAt !== b.record.lastUsedAt) return b.record.lastUsedAt - a.record.lastUsedAt;
  return b.similarity - a.similarity;
}

export class FixIndex {
  private readonly byId = new Map<string, FixRecord>();
  private readonly bySignature = new Map<string, SignatureEntry>();
  private readonly postings = new Map<string, Set<string>>();

  get size(): number {
    return this.byId.size;
  }

  get signatureCount(): number {
    return this.bySignature.size;
  }

  get(id: string): FixRecord | undefined {
    return this.byId.get(id);
  }

  all(): IterableIterator<FixRecord> {
    return this.byId.values();
  }

  /** Adds or replaces a record. */
  put(record: FixRecord): void {
    const old = this.byId.get(record.id);
    if (old) this.remove(old.id);
    this.byId.set(record.id, record);
    const key = record.signature.key;
    let entry = this.bySignature.get(key);
    if (!entry) {
      const tokens = new Set(messageTokens(record.signature.normalized));
      entry = { signature: record.signature, tokens, ids: new Set() };
      this.bySignature.set(key, entry);
      for (const t of tokens) {
        const p = postingKey(record.signature.language, t);
        let set = this.postings.get(p);
        if (!set) this.postings.set(p, (set = new Set()));
        set.add(key);
      }
    }
    entry.ids.add(record.id);
  }

  remove(id: string): void {
    const record = this.byId.get(id);
    if (!record) return;
    this.byId.delete(id);
    const key = record.signature.key;
    const entry = this.bySignature.get(key);
    if (!entry) return;
    entry.ids.delete(id);
    if (entry.ids.size > 0) return;
    this.bySignature.delete(key);
    for (const t of entry.tokens) {
      const p = postingKey(entry.signature.language, t);
      const set = this.postings.get(p);
      set?.delete(key);
      if (set?.size === 0) this.postings.delete(p);
    }
  }

  /** Fixes for an error: exact signature matches and near matches in the same language, ranked. */
  lookup(signature: ErrorSignature, options: LookupOptions = {}): FixMatch[] {
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const limit = options.limit ?? 5;
    const matches: FixMatch[] = [];
    const exact = this.bySignature.get(signature.key);
    if (exact) for (const id of exact.ids) this.pushMatch(matches, id, 'exact', 1);
    if (threshold < 1 && matches.length < limit) {
      for (const [key, similarity] of this.similarSignatures(signature, threshold)) {
        const entry = this.bySignature.get(key);
        if (entry) for (const id of entry.ids) this.pushMatch(matches, id, 'similar', similarity);
      }
    }
    return matches.sort(compareMatches).slice(0, limit);
  }

  private pushMatch(out: FixMatch[], id: string, kind: MatchKind, similarity: number): void {
    const record = this.byId.get(id);
    if (record) out.push({ record, kind, similarity });
  }

  /** Signature keys (other than the exact one) with similarity ≥ threshold. */
  private similarSignatures(signature: ErrorSignature, threshold: number): Map<string, number> {
    const found = new Map<string, number>();
    const tokens = messageTokens(signature.normalized);
    if (tokens.length === 0) return found;
    const byRarity = tokens
      .map((t) => ({ t, set: this.postings.get(postingKey(signature.language, t)) }))
      .sort((a, b) => (a.set?.size ?? 0) - (b.set?.size ?? 0));
    const prefix = byRarity.slice(0, prefixLength(tokens.length, threshold));
    const seen = new Set<string>([signature.key]);
    for (const { set } of prefix) {
      if (!set) continue;
      for (const key of set) {
        if (seen.has(key)) continue;
        seen.add(key);
        const entry = this.bySignature.get(key);
        if (!entry) continue;
        const sim = jaccard(tokens, entry.tokens);
        if (sim >= threshold) found.set(key, sim);
      }
    }
    return found;
  }
}

function postingKey(language: string, token: string): string {
  return `${language}\u0000${token}`;
}
