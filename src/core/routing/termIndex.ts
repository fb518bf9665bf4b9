// An incremental BM25 index: documents are small integers (file or commit ids), terms are the
// strings of codeTerms.ts. Adding and removing a term's weight is O(1); a query walks the postings
// of its terms only (rarest first, within a budget), never every document.

/** BM25 term-frequency saturation and length normalization (the usual defaults). */
const K1 = 1.2;
const B = 0.75;

/**
 * Scores per document id, reset in time proportional to what was set (a decision must not clear
 * an array the size of the workspace).
 */
export class SparseScores {
  private values = new Float64Array(64);
  private marks = new Uint8Array(64);
  private ids = new Int32Array(64);
  private count = 0;

  /** Ids with a score, in the order they were first given one (a view: valid until the next change). */
  get touched(): Int32Array {
    return this.ids.subarray(0, this.count);
  }

  /** Number of ids with a score. */
  get size(): number {
    return this.count;
  }

  /** The i-th id given a score. */
  idAt(i: number): number {
    return this.ids[i] as number;
  }

  get(id: number): number {
    return id < this.values.length ? (this.values[id] as number) : 0;
  }

  add(id: number, v: number): void {
    if (id >= this.values.length) this.grow(id);
    if (this.marks[id] === 0) {
      this.marks[id] = 1;
      if (this.count === this.ids.length) {
        const ids = new Int32Array(this.ids.length * 2);
        ids.set(this.ids);
        this.ids = ids;
      }
      this.ids[this.count++] = id;
    }
    this.values[id] = (this.values[id] as number) + v;
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) {
      const id = this.ids[i] as number;
      this.values[id] = 0;
      this.marks[id] = 0;
    }
    this.count = 0;
  }

  private grow(id: number): void {
    let n = this.values.length;
    while (n <= id) n *= 2;
    const values = new Float64Array(n);
    values.set(this.values);
    const marks = new Uint8Array(n);
    marks.set(this.marks);
    this.values = values;
    this.marks = marks;
  }
}

export class TermIndex {
  private readonly postings = new Map<string, Map<number, number>>();
  private lengths = new Float64Array(64);
  private docs = 0;
  private totalLength = 0;

  /** Documents with at least one term. */
  get documents(): number {
    return this.docs;
  }

  /** Distinct terms. */
  get terms(): number {
    return this.postings.size;
  }

  /** Documents containing `term`. */
  documentFrequency(term: string): number {
    return this.postings.get(term)?.size ?? 0;
  }

  /** The weight of `term` in `doc` (0 when absent). */
  frequency(doc: number, term: string): number {
    return this.postings.get(term)?.get(doc) ?? 0;
  }

  length(doc: number): number {
    return doc < this.lengths.length ? (this.lengths[doc] as number) : 0;
  }

  /** Inverse document frequency of a term among `n` documents (BM25's, never negative). */
  static idf(df: number, n: number): number {
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  idf(term: string): number {
    return TermIndex.idf(this.documentFrequency(term), this.docs);
  }

  add(doc: number, term: string, weight: number): void {
    if (!(weight > 0)) return;
    let p = this.postings.get(term);
    if (!p) this.postings.set(term, (p = new Map()));
    p.set(doc, (p.get(doc) ?? 0) + weight);
    if (doc >= this.lengths.length) {
      let n = this.lengths.length;
      while (n <= doc) n *= 2;
      const l = new Float64Array(n);
      l.set(this.lengths);
      this.lengths = l;
    }
    if (this.lengths[doc] === 0) this.docs++;
    this.lengths[doc] = (this.lengths[doc] as number) + weight;
    this.totalLength += weight;
  }

  /** Takes back what `add` gave (a forgotten commit); a term left with no weight is dropped. */
  remove(doc: number, term: string, weight: number): void {
    const p = this.postings.get(term);
    const had = p?.get(doc);
    if (p === undefined || had === undefined) return;
    const take = Math.min(had, weight);
    if (had - take <= 1e-9) {
      p.delete(doc);
      if (p.size === 0) this.postings.delete(term);
    } else p.set(doc, had - take);
    const len = (this.lengths[doc] as number) - take;
    this.lengths[doc] = len <= 1e-9 ? 0 : len;
    if (len <= 1e-9) this.docs--;
    this.totalLength = Math.max(0, this.totalLength - take);
  }

  /** Drops a document entirely (its terms given as `terms`, e.g. the terms it was added with). */
  removeDocument(doc: number, terms: Iterable<string>): void {
    for (const t of terms) {
      const w = this.frequency(doc, t);
      if (w > 0) this.remove(doc, t, w);
    }
  }

  /**
   * Adds each document's BM25 score for the query to `out`. Terms are walked rarest first; a term
   * whose postings would take the walk past `budget` entries is skipped (it is the most common
   * one left, so it says the least). `idfOf` overrides the index's own IDF (e.g. the workspace's).
   * Returns the number of postings walked.
   */
  score(terms: readonly string[], weights: readonly number[], out: SparseScores, budget: number, idfOf?: (term: string) => number): number {
    const n = this.docs;
    if (n === 0) return 0;
    const walk = this.walk;
    walk.out = out;
    walk.lengths = this.lengths;
    walk.lengthNorm = (K1 * B) / (this.totalLength / n);
    const order = rarestFirst(terms, this.postings);
    let walked = 0;
    for (const i of order) {
      const term = terms[i] as string;
      const p = this.postings.get(term);
      if (p === undefined) continue;
      if (walked + p.size > budget) continue;
      walked += p.size;
      const idf = idfOf ? idfOf(term) : TermIndex.idf(p.size, n);
      walk.qw = (weights[i] ?? 1) * idf;
      if (!(walk.qw > 0)) continue;
      p.forEach(walk.visit);
    }
    walk.out = undefined;
    return walked;
  }

  /** The state of a postings walk and its visitor, made once: a walk allocates nothing per posting. */
  private readonly walk = new PostingsWalk();

  /** The BM25 score of one document for the query (no postings walk: one lookup per term). */
  scoreDocument(doc: number, terms: readonly string[], weights: readonly number[], idfOf: (term: string) => number): number {
    const n = this.docs;
    if (n === 0) return 0;
    const avg = this.totalLength / n;
    const len = this.length(doc);
    let s = 0;
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i] as string;
      const tf = this.postings.get(term)?.get(doc);
      if (tf === undefined) continue;
      s += ((weights[i] ?? 1) * idfOf(term) * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avg));
    }
    return s;
  }

  /** Approximate bytes held (postings entries dominate). */
  approxBytes(): number {
    let entries = 0;
    let chars = 0;
    for (const [t, p] of this.postings) {
      entries += p.size;
      chars += t.length;
    }
    return entries * 40 + this.postings.size * 100 + chars * 2 + this.lengths.length * 8;
  }
}

/** Adds each visited posting's BM25 term score to `out`. */
class PostingsWalk {
  out: SparseScores | undefined;
  lengths: Float64Array = new Float64Array(0);
  qw = 0;
  /** K1 × B / average length. */
  lengthNorm = 0;
  readonly visit = (tf: number, doc: number): void => {
    const len = this.lengths[doc] as number;
    this.out?.add(doc, (this.qw * tf * (K1 + 1)) / (tf + K1 * (1 - B) + this.lengthNorm * len));
  };
}

/** Indices of `terms`, fewest postings first (an insertion sort: a query has a few terms). */
function rarestFirst(terms: readonly string[], postings: ReadonlyMap<string, ReadonlyMap<number, number>>): number[] {
  const order: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < terms.length; i++) {
    const size = postings.get(terms[i] as string)?.size ?? 0;
    let j = order.length;
    order.push(i);
    sizes.push(size);
    while (j > 0 && (sizes[j - 1] as number) > size) {
      order[j] = order[j - 1] as number;
      sizes[j] = sizes[j - 1] as number;
      j--;
    }
    order[j] = i;
    sizes[j] = size;
  }
  return order;
}
