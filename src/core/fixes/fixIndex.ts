// In-memory lookup structure over fix records. Exact matches come from a map by signature key;
// near matches from shingle Jaccard similarity through an inverted index (language, shingle) →
// signatures, with query-side prefix filtering: only signatures sharing one of the query's rarest
// shingles are compared (at most MAX_CANDIDATES, so a pathological query stays fast). Shingles are
// interned as integers, so a comparison sums the query's marks over a short integer array; each
// signature keeps its fixes ranked, so a lookup reads only the top few.
import type { FixRecord } from './fixRecord';
import { successRate } from './fixRecord';
import type { ErrorSignature } from './signature';
import { messageTokens, prefixLength } from './similarity';

export type MatchKind = 'exact' | 'similar';

export interface FixMatch {
  readonly record: FixRecord;
  readonly kind: MatchKind;
  /** 1 for exact matches, else the Jaccard similarity of the normalized messages' shingles. */
  readonly similarity: number;
}

export interface LookupOptions {
  /** Minimum similarity for near matches (default 0.5); 1 or more disables near matches. */
  readonly threshold?: number;
  /** At most this many matches (default 5). */
  readonly limit?: number;
}

interface SignatureEntry {
  readonly sid: number;
  readonly signature: ErrorSignature;
  /** Interned shingle ids (distinct). */
  readonly tokens: Int32Array;
  /** The signature's fixes, best first (success rate, then recency). */
  readonly ranked: FixRecord[];
}

export const DEFAULT_THRESHOLD = 0.5;
/** At most this many candidate signatures are compared per lookup (rarest shingles first). */
const MAX_CANDIDATES = 2000;

/** Order of fixes of equal match quality: success rate, then recency. */
function compareRecords(a: FixRecord, b: FixRecord): number {
  const rate = successRate(b.counts) - successRate(a.counts);
  if (rate !== 0) return rate;
  return b.lastUsedAt - a.lastUsedAt;
}

/** Ranking: exact before similar, then success rate, then recency, then similarity. */
export function compareMatches(a: FixMatch, b: FixMatch): number {
  if (a.kind !== b.kind) return a.kind === 'exact' ? -1 : 1;
  return compareRecords(a.record, b.record) || b.similarity - a.similarity;
}

export class FixIndex {
  private readonly byId = new Map<string, FixRecord>();
  private readonly bySignature = new Map<string, SignatureEntry>();
  private readonly bySid: Array<SignatureEntry | undefined> = [];
  private readonly freeSids: number[] = [];
  private readonly tokenIds = new Map<string, number>();
  /** language → shingle id → signature ids. */
  private readonly postings = new Map<string, Map<number, number[]>>();
  /** Lookup generation stamps per signature id (cheaper than a Set per lookup). */
  private stamps = new Uint32Array(1024);
  private generation = 0;
  /** 1 at the query's shingle ids during a lookup (a branch-free intersection count). */
  private marks = new Uint8Array(1024);
  /** Every signature's shingle ids in one flat array (start and length per signature id), for cache-friendly comparisons. */
  private flat = new Int32Array(4096);
  private flatUsed = 0;
  private flatWaste = 0;
  private tokStart = new Int32Array(1024);
  private tokLen = new Int32Array(1024);

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
    if (this.byId.has(record.id)) this.remove(record.id);
    this.byId.set(record.id, record);
    const entry = this.bySignature.get(record.signature.key) ?? this.addSignature(record.signature);
    const ranked = entry.ranked;
    let lo = 0;
    let hi = ranked.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareRecords(ranked[mid] as FixRecord, record) <= 0) lo = mid + 1;
      else hi = mid;
    }
    ranked.splice(lo, 0, record);
  }

  remove(id: string): void {
    const record = this.byId.get(id);
    if (!record) return;
    this.byId.delete(id);
    const entry = this.bySignature.get(record.signature.key);
    if (!entry) return;
    const at = entry.ranked.indexOf(record);
    if (at >= 0) entry.ranked.splice(at, 1);
    if (entry.ranked.length === 0) this.removeSignature(entry);
  }

  /** Fixes for an error: exact signature matches and near matches in the same language, ranked. */
  lookup(signature: ErrorSignature, options: LookupOptions = {}): FixMatch[] {
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const limit = options.limit ?? 5;
    const matches: FixMatch[] = [];
    const exact = this.bySignature.get(signature.key);
    if (exact) for (const record of exact.ranked.slice(0, limit)) matches.push({ record, kind: 'exact', similarity: 1 });
    if (threshold >= 1 || matches.length >= limit) return matches;
    const similar: FixMatch[] = [];
    for (const [entry, similarity] of this.similarSignatures(signature, threshold)) {
      for (const record of entry.ranked.slice(0, limit)) similar.push({ record, kind: 'similar', similarity });
    }
    similar.sort(compareMatches);
    return matches.concat(similar.slice(0, limit - matches.length));
  }

  private addSignature(signature: ErrorSignature): SignatureEntry {
    const ids = messageTokens(signature.normalized).map((t) => {
      let id = this.tokenIds.get(t);
      if (id === undefined) this.tokenIds.set(t, (id = this.tokenIds.size));
      return id;
    });
    const sid = this.freeSids.pop() ?? this.bySid.length;
    const entry: SignatureEntry = { sid, signature, tokens: Int32Array.from(ids), ranked: [] };
    this.bySignature.set(signature.key, entry);
    this.bySid[sid] = entry;
    this.storeTokens(sid, entry.tokens);
    let lang = this.postings.get(signature.language);
    if (!lang) this.postings.set(signature.language, (lang = new Map()));
    for (const t of entry.tokens) {
      const list = lang.get(t);
      if (list) list.push(sid);
      else lang.set(t, [sid]);
    }
    return entry;
  }

  private removeSignature(entry: SignatureEntry): void {
    this.bySignature.delete(entry.signature.key);
    this.bySid[entry.sid] = undefined;
    this.freeSids.push(entry.sid);
    this.flatWaste += entry.tokens.length;
    this.tokLen[entry.sid] = 0;
    const lang = this.postings.get(entry.signature.language);
    for (const t of entry.tokens) {
      const list = lang?.get(t);
      if (!list) continue;
      const at = list.indexOf(entry.sid);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) lang?.delete(t);
    }
  }

  /** Signatures (other than the exact one) with similarity ≥ threshold. */
  private similarSignatures(signature: ErrorSignature, threshold: number): Array<[SignatureEntry, number]> {
    const found: Array<[SignatureEntry, number]> = [];
    const lang = this.postings.get(signature.language);
    const shingles = messageTokens(signature.normalized);
    if (!lang || shingles.length === 0) return found;
    // Unknown shingles (id -1) count in the query's size but match nothing.
    const ids = shingles.map((t) => this.tokenIds.get(t) ?? -1);
    const lists = ids.map((id) => (id >= 0 ? lang.get(id) : undefined)).sort((a, b) => (a?.length ?? 0) - (b?.length ?? 0));
    const gen = this.nextGeneration();
    const self = this.bySignature.get(signature.key)?.sid;
    if (self !== undefined) this.stamps[self] = gen;
    if (this.marks.length < this.tokenIds.size) this.marks = new Uint8Array(Math.max(this.tokenIds.size, this.marks.length * 2));
    const marks = this.marks;
    const flat = this.flat;
    for (const id of ids) if (id >= 0) marks[id] = 1;
    try {
      const prefix = prefixLength(shingles.length, threshold);
      let compared = 0;
      for (let k = 0; k < prefix; k++) {
        const list = lists[k];
        if (!list) continue;
        for (const sid of list) {
          if (this.stamps[sid] === gen) continue;
          if (compared++ >= MAX_CANDIDATES) return found;
          this.stamps[sid] = gen;
          const from = this.tokStart[sid] as number;
          const length = this.tokLen[sid] as number;
          let shared = 0;
          for (let i = from, end = from + length; i < end; i++) shared += marks[flat[i] as number] as number;
          const sim = shared / (shingles.length + length - shared);
          const entry = sim >= threshold ? this.bySid[sid] : undefined;
          if (entry) found.push([entry, sim]);
        }
      }
      return found;
    } finally {
      for (const id of ids) if (id >= 0) marks[id] = 0;
    }
  }

  /** Appends a signature's shingles to the flat array (compacting it when half of it is dead). */
  private storeTokens(sid: number, tokens: Int32Array): void {
    if (sid >= this.tokStart.length) {
      const size = Math.max(sid + 1, this.tokStart.length * 2);
      this.tokStart = grow(this.tokStart, size);
      this.tokLen = grow(this.tokLen, size);
    }
    if (this.flatWaste > 65_536 && this.flatWaste * 2 > this.flatUsed) this.compactTokens();
    if (this.flatUsed + tokens.length > this.flat.length)
      this.flat = grow(this.flat, Math.max(this.flatUsed + tokens.length, this.flat.length * 2));
    this.flat.set(tokens, this.flatUsed);
    this.tokStart[sid] = this.flatUsed;
    this.tokLen[sid] = tokens.length;
    this.flatUsed += tokens.length;
  }

  private compactTokens(): void {
    const next = new Int32Array(Math.max(4096, (this.flatUsed - this.flatWaste) * 2));
    let used = 0;
    for (const entry of this.bySid) {
      if (!entry) continue;
      next.set(entry.tokens, used);
      this.tokStart[entry.sid] = used;
      used += entry.tokens.length;
    }
    this.flat = next;
    this.flatUsed = used;
    this.flatWaste = 0;
  }

  private nextGeneration(): number {
    if (this.stamps.length < this.bySid.length) {
      const grown = new Uint32Array(Math.max(this.bySid.length, this.stamps.length * 2));
      grown.set(this.stamps);
      this.stamps = grown;
    }
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.stamps.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }
}

function grow(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(a);
  return next;
}
