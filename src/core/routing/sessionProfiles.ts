// Per session, what it has worked on in words: the terms of the tasks it finished and of the paths
// its agent touched, recent ones weighing more (each finished task multiplies the weight of what
// came before by RECENCY). A task is scored against each profile with BM25 (IDF from the
// workspace), and each session's share of the recently finished tasks is its prior.

import { pathTerms } from './codeTerms';

/** What a finished task leaves of the weight of the tasks before it (half after ~14 tasks). */
const RECENCY = 0.95;
/** A touched path's terms count this much of a finished task's words. */
const PATH_WEIGHT = 0.3;
/** Profile terms kept per session; the lightest are dropped past this. */
const MAX_TERMS = 4_000;
/** A profile term lighter than this (a tenth of one recent task's word) is not called a match in reasons. */
const MIN_MATCHED = 0.1;
const K1 = 1.2;
const B = 0.75;

interface Profile {
  readonly terms: Map<string, number>;
  /** Σ weights (scaled). */
  length: number;
  /** Weights are stored × scale, so that aging all of them is one multiplication. */
  scale: number;
  /** Finished tasks, each counted × the shared task scale at its time (see `taskScale`). */
  tasks: number;
}

export class SessionProfiles {
  private readonly profiles = new Map<string, Profile>();
  /** Grows by 1 / RECENCY per finished task of any session: a task counts taskScale-at-its-time. */
  private taskScale = 1;
  /** Σ over all finished tasks of taskScale at their time. */
  private allTasks = 0;
  /** Average profile length, recomputed after a change (a decision reads it once per session). */
  private avgLength: number | undefined;

  sessions(): IterableIterator<string> {
    return this.profiles.keys();
  }

  has(sessionId: string): boolean {
    return this.profiles.has(sessionId);
  }

  /** A finished task's terms join the session's profile, older ones fade. */
  learnTask(sessionId: string, terms: readonly string[], weights: readonly number[]): void {
    const p = this.profile(sessionId);
    p.scale /= RECENCY;
    this.taskScale /= RECENCY;
    this.allTasks += this.taskScale;
    p.tasks += this.taskScale;
    for (let i = 0; i < terms.length; i++) this.addTerm(p, terms[i] as string, (weights[i] ?? 1) * p.scale);
    if (p.scale > 1e6) rescale(p);
    if (this.taskScale > 1e6) this.rescaleTasks();
    if (p.terms.size > MAX_TERMS) {
      prune(p);
      this.avgLength = undefined;
    }
  }

  /** The session's agent touched a file: its path's terms join the profile at a lower weight. */
  learnPath(sessionId: string, path: string): void {
    const p = this.profile(sessionId);
    for (const [term, w] of pathTerms(path)) this.addTerm(p, term, w * PATH_WEIGHT * p.scale);
    if (p.terms.size > MAX_TERMS) {
      prune(p);
      this.avgLength = undefined;
    }
  }

  /** After `score`: bit i set when the query's term i (i < 31) is in the profile (no allocation). */
  lastMatched = 0;

  /** BM25 of the query against the session's profile (0 when it has none); sets `lastMatched`. */
  score(sessionId: string, terms: readonly string[], weights: readonly number[], idfOf: (term: string) => number): number {
    this.lastMatched = 0;
    const p = this.profiles.get(sessionId);
    if (p === undefined || p.length <= 0) return 0;
    const avg = this.averageLength();
    const len = p.length / p.scale;
    let s = 0;
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i] as string;
      const raw = p.terms.get(term);
      if (raw === undefined) continue;
      const tf = raw / p.scale;
      if (i < 31 && tf >= MIN_MATCHED) this.lastMatched |= 1 << i;
      s += ((weights[i] ?? 1) * idfOf(term) * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avg));
    }
    return s;
  }

  /** The session's share of the recently finished tasks (0 before any). */
  prior(sessionId: string): number {
    const p = this.profiles.get(sessionId);
    if (p === undefined || this.allTasks <= 0) return 0;
    return Math.min(1, p.tasks / this.allTasks);
  }

  /** `to` continues `from`'s work (a rollover): it starts from a copy of its profile. */
  inherit(from: string, to: string): void {
    const p = this.profiles.get(from);
    if (p === undefined || this.profiles.has(to)) return;
    this.profiles.set(to, { terms: new Map(p.terms), length: p.length, scale: p.scale, tasks: p.tasks });
    this.avgLength = undefined;
  }

  forget(sessionId: string): void {
    this.profiles.delete(sessionId);
    this.avgLength = undefined;
  }

  entries(): number {
    let n = 0;
    for (const p of this.profiles.values()) n += p.terms.size;
    return n;
  }

  private rescaleTasks(): void {
    const k = 1 / this.taskScale;
    for (const p of this.profiles.values()) p.tasks *= k;
    this.allTasks *= k;
    this.taskScale = 1;
  }

  private averageLength(): number {
    if (this.avgLength !== undefined) return this.avgLength;
    let total = 0;
    let n = 0;
    for (const p of this.profiles.values()) {
      if (p.length <= 0) continue;
      total += p.length / p.scale;
      n++;
    }
    return (this.avgLength = n === 0 ? 1 : Math.max(1e-9, total / n));
  }

  private profile(sessionId: string): Profile {
    let p = this.profiles.get(sessionId);
    if (!p) this.profiles.set(sessionId, (p = { terms: new Map(), length: 0, scale: 1, tasks: 0 }));
    return p;
  }

  private addTerm(p: Profile, term: string, w: number): void {
    p.terms.set(term, (p.terms.get(term) ?? 0) + w);
    p.length += w;
    this.avgLength = undefined;
  }
}

function rescale(p: Profile): void {
  // (the average length is relative to each profile's scale: unchanged)
  const k = 1 / p.scale;
  for (const [t, w] of p.terms) p.terms.set(t, w * k);
  p.length *= k;
  p.scale = 1;
}

/** Drops the lightest terms: those under a tenth of a recent task's weight, then more if needed. */
function prune(p: Profile): void {
  let floor = 0.1 * p.scale;
  while (p.terms.size > MAX_TERMS * 0.75) {
    for (const [t, w] of p.terms) {
      if (w < floor) {
        p.terms.delete(t);
        p.length -= w;
      }
    }
    floor *= 2;
  }
}
