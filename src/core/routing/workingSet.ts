// One session's working set: the files its agent read or edited, most recent last, decayed over
// time, bounded by the context capacity (compaction evicts the oldest first). Per-directory
// aggregates are kept incrementally so a decision reads them in O(directories).

import { decayed } from './decay';
import { dirOf } from './paths';

export type TouchKind = 'read' | 'edit';

export interface HeldFile {
  readonly path: string;
  readonly kind: TouchKind;
  readonly at: number;
  /** Decayed weight in 0..1 of the file still being in the session's context. */
  readonly weight: number;
}

/**
 * An entry is one number per file (memory: 50 sessions × 10,000 files must stay small):
 * the touch time in whole ms × 2, plus 1 when the session edited the file.
 */
type Packed = number;

const pack = (at: number, kind: TouchKind): Packed => Math.round(at) * 2 + (kind === 'edit' ? 1 : 0);
const atOf = (p: Packed): number => Math.floor(p / 2);
const kindOf = (p: Packed): TouchKind => (p % 2 === 1 ? 'edit' : 'read');

/**
 * Per directory: how many files are held, and Σ weight × 2^((at − ref) / halfLife), from which
 * the decayed sum at any time is one multiplication.
 */
interface DirAggregate {
  count: number;
  scaled: number;
}

/** Rebase the aggregates before 2^((at − ref) / halfLife) gets large. */
const MAX_EXPONENT = 200;

/** What a compaction or rollover leaves of a kept file's weight. */
const COMPACTED_WEIGHT = 0.8;

export class WorkingSet {
  private readonly entries = new Map<string, Packed>();
  /** Weights below 1 (after a compaction); absent means 1. */
  private readonly lowered = new Map<string, number>();
  private readonly dirs = new Map<string, DirAggregate>();
  private ref: number | undefined;

  constructor(
    private readonly capacity: number,
    private readonly halfLifeMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  touch(path: string, kind: TouchKind, at: number): void {
    if (this.ref === undefined || (at - this.ref) / this.halfLifeMs > MAX_EXPONENT) this.rebase(at);
    const prev = this.entries.get(path);
    if (prev !== undefined) {
      this.account(path, prev, -1);
      this.entries.delete(path);
      this.lowered.delete(path);
    }
    const packed = pack(at, prev !== undefined && kindOf(prev) === 'edit' ? 'edit' : kind);
    this.entries.set(path, packed);
    this.account(path, packed, 1);
    while (this.entries.size > this.capacity) this.evictOldest();
  }

  /** A compaction or rollover: keeps the newest `keep` fraction, at a lower weight. */
  compacted(keep: number): void {
    // Rounded up: a small working set keeps its newest file.
    const target = Math.ceil(this.entries.size * Math.max(0, Math.min(1, keep)));
    while (this.entries.size > target) this.evictOldest();
    for (const path of this.entries.keys()) this.lowered.set(path, this.weightOf(path) * COMPACTED_WEIGHT);
    this.rebase(this.ref ?? 0);
  }

  /**
   * A rollover into this session: it takes over what `from` held, as a compaction would leave it
   * (the newest `keep` fraction, at a lower weight). Files this session touched itself keep their
   * own entry and stay the newest.
   */
  inherit(from: WorkingSet, keep: number): void {
    const inherited = new WorkingSet(from.capacity, from.halfLifeMs);
    for (const [path, at, kind, weight] of from.exportEntries()) inherited.importEntry(path, at, kind, weight);
    inherited.compacted(keep);
    const own = this.exportEntries();
    this.clear();
    for (const [path, at, kind, weight] of inherited.exportEntries()) this.importEntry(path, at, kind, weight);
    for (const [path, at, kind, weight] of own) this.importEntry(path, at, kind, weight);
  }

  /** Forgets every file (the session's context went to another session). */
  clear(): void {
    this.entries.clear();
    this.lowered.clear();
    this.dirs.clear();
    this.ref = undefined;
  }

  /** Weight of `path` still being held (0 when not held). */
  held(path: string, now: number): number {
    const p = this.entries.get(path);
    return p === undefined ? 0 : decayed(this.weightOf(path), atOf(p), now, this.halfLifeMs);
  }

  /** Time of the last touch of `path` when held, else undefined (no allocation). */
  touchedAt(path: string): number | undefined {
    const p = this.entries.get(path);
    return p === undefined ? undefined : atOf(p);
  }

  /** Whether the session edited `path` (else only read it), when held. */
  touchKind(path: string): TouchKind | undefined {
    const p = this.entries.get(path);
    return p === undefined ? undefined : kindOf(p);
  }

  /** Last touch of `path`, if held. */
  entry(path: string, now: number): HeldFile | undefined {
    const p = this.entries.get(path);
    return p === undefined ? undefined : this.toHeld(path, p, now);
  }

  /**
   * The sum over files held in `dir` of `presence + (1 − presence) × weight` (a held file counts
   * 1 at most, less as its touch ages). O(1).
   */
  holdingIn(dir: string, now: number, presence: number): number {
    const agg = this.dirs.get(dir);
    if (!agg || this.ref === undefined) return 0;
    const decayedSum = agg.scaled * Math.pow(2, -(now - this.ref) / this.halfLifeMs);
    return presence * agg.count + (1 - presence) * Math.min(agg.count, Math.max(0, decayedSum));
  }

  /** Held files directly in `dir`. */
  countInDir(dir: string): number {
    return this.dirs.get(dir)?.count ?? 0;
  }

  /** Most recent touch time, or undefined when empty. */
  lastTouch(): number | undefined {
    let last: number | undefined;
    for (const p of this.entries.values()) last = atOf(p);
    return last;
  }

  files(now: number): HeldFile[] {
    return [...this.entries].map(([path, p]) => this.toHeld(path, p, now));
  }

  /** Raw entries, oldest first, for persistence: [path, at, kind, weight]. */
  exportEntries(): [string, number, TouchKind, number][] {
    return [...this.entries].map(([path, p]) => [path, atOf(p), kindOf(p), this.weightOf(path)]);
  }

  /** Restores one exported entry as the newest (call in the exported order). */
  importEntry(path: string, at: number, kind: TouchKind, weight: number): void {
    this.touch(path, kind, at);
    if (weight < 1) {
      const p = this.entries.get(path);
      if (p === undefined) return;
      this.account(path, p, -1);
      this.lowered.set(path, Math.max(0, weight));
      this.account(path, p, 1);
    }
  }

  /** Drops entries whose weight decayed under `floor`; returns how many. */
  prune(now: number, floor: number): number {
    let removed = 0;
    for (const [path, p] of this.entries) {
      if (decayed(this.weightOf(path), atOf(p), now, this.halfLifeMs) < floor) {
        this.entries.delete(path);
        this.lowered.delete(path);
        removed++;
      }
    }
    if (removed > 0) this.rebase(this.ref ?? now);
    return removed;
  }

  private toHeld(path: string, p: Packed, now: number): HeldFile {
    const at = atOf(p);
    return { path, kind: kindOf(p), at, weight: decayed(this.weightOf(path), at, now, this.halfLifeMs) };
  }

  private weightOf(path: string): number {
    return this.lowered.get(path) ?? 1;
  }

  private evictOldest(): void {
    const oldest = this.entries.entries().next();
    if (oldest.done) return;
    const [path, p] = oldest.value;
    this.account(path, p, -1);
    this.entries.delete(path);
    this.lowered.delete(path);
  }

  private account(path: string, p: Packed, sign: 1 | -1): void {
    const dir = dirOf(path);
    let agg = this.dirs.get(dir);
    if (!agg) this.dirs.set(dir, (agg = { count: 0, scaled: 0 }));
    agg.count += sign;
    agg.scaled += sign * this.weightOf(path) * Math.pow(2, (atOf(p) - (this.ref ?? atOf(p))) / this.halfLifeMs);
    if (agg.count <= 0) this.dirs.delete(dir);
  }

  /** Recomputes the aggregates exactly against a new reference time. */
  private rebase(ref: number): void {
    this.ref = ref;
    this.dirs.clear();
    for (const [path, p] of this.entries) this.account(path, p, 1);
  }
}
