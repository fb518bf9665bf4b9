// One session's working set: the files its agent read or edited, most recent last, decayed over
// time, bounded by the context capacity (compaction evicts the oldest first).

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

interface Entry {
  readonly dir: string;
  kind: TouchKind;
  at: number;
  weight: number;
  touches: number;
}

export class WorkingSet {
  private readonly entries = new Map<string, Entry>();
  private readonly dirCounts = new Map<string, number>();

  constructor(private readonly capacity: number, private readonly halfLifeMs: number) {}

  get size(): number {
    return this.entries.size;
  }

  touch(path: string, kind: TouchKind, at: number): void {
    const prev = this.entries.get(path);
    if (prev) this.entries.delete(path);
    else this.bump(dirOf(path), 1);
    this.entries.set(path, {
      dir: prev?.dir ?? dirOf(path),
      kind: prev?.kind === 'edit' || kind === 'edit' ? 'edit' : 'read',
      at,
      weight: 1,
      touches: (prev?.touches ?? 0) + 1,
    });
    while (this.entries.size > this.capacity) this.evictOldest();
  }

  /** A compaction or rollover: keeps the newest `keep` fraction, at a lower weight. */
  compacted(keep: number): void {
    const target = Math.floor(this.entries.size * Math.max(0, Math.min(1, keep)));
    while (this.entries.size > target) this.evictOldest();
    for (const e of this.entries.values()) e.weight *= 0.8;
  }

  /** Weight of `path` still being held (0 when not held). */
  held(path: string, now: number): number {
    const e = this.entries.get(path);
    return e ? decayed(e.weight, e.at, now, this.halfLifeMs) : 0;
  }

  /** Time of the last touch of `path` when held, else undefined (no allocation). */
  touchedAt(path: string): number | undefined {
    return this.entries.get(path)?.at;
  }

  /** Last touch of `path`, if held. */
  entry(path: string, now: number): HeldFile | undefined {
    const e = this.entries.get(path);
    return e ? { path, kind: e.kind, at: e.at, weight: decayed(e.weight, e.at, now, this.halfLifeMs) } : undefined;
  }

  /**
   * Per directory among `dirs`: the sum over held files of `presence + (1 - presence) × weight`
   * (a held file counts 1 at most, more when touched recently).
   */
  holdingsIn(dirs: ReadonlyMap<string, number>, now: number, presence: number): Map<string, number> {
    const out = new Map<string, number>();
    let any = false;
    for (const d of dirs.keys()) if (this.dirCounts.has(d)) any = true;
    if (!any) return out;
    for (const e of this.entries.values()) {
      if (!dirs.has(e.dir) || !this.dirCounts.has(e.dir)) continue;
      const w = decayed(e.weight, e.at, now, this.halfLifeMs);
      out.set(e.dir, (out.get(e.dir) ?? 0) + presence + (1 - presence) * w);
    }
    return out;
  }

  /** Held files directly in `dir`. */
  countInDir(dir: string): number {
    return this.dirCounts.get(dir) ?? 0;
  }

  dirs(): ReadonlyMap<string, number> {
    return this.dirCounts;
  }

  /** Most recent touch time, or undefined when empty. */
  lastTouch(): number | undefined {
    let last: number | undefined;
    for (const e of this.entries.values()) last = e.at;
    return last;
  }

  files(now: number): HeldFile[] {
    return [...this.entries].map(([path, e]) => ({ path, kind: e.kind, at: e.at, weight: decayed(e.weight, e.at, now, this.halfLifeMs) }));
  }

  /** Drops entries whose weight decayed under `floor`; returns how many. */
  prune(now: number, floor: number): number {
    let removed = 0;
    for (const [path, e] of this.entries) {
      if (decayed(e.weight, e.at, now, this.halfLifeMs) < floor) {
        this.entries.delete(path);
        this.bump(dirOf(path), -1);
        removed++;
      }
    }
    return removed;
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (oldest.done) return;
    this.entries.delete(oldest.value);
    this.bump(dirOf(oldest.value), -1);
  }

  private bump(dir: string, by: number): void {
    const n = (this.dirCounts.get(dir) ?? 0) + by;
    if (n <= 0) this.dirCounts.delete(dir);
    else this.dirCounts.set(dir, n);
  }
}
