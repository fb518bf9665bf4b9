// How far each signal can be trusted in this workspace, measured on the tasks themselves: when a
// task finishes, the directories of the files its agent touched are compared with the directories
// each signal pointed to when it was routed. Open editors that are usually about the next task
// count fully; editors left open on unrelated work count less; the same for the user's edits,
// for words that name directories, and for what was learned. Starts neutral (the defaults).

import { dirOf } from './paths';

/**
 * `editors`: open, visible and active editors; `edits`: the user's edits; `words`: plain words
 * naming directories; `names`: words and identifiers resembling a file's name (guessed mentions);
 * `learned`: the files the task's words point to as learned.
 */
export type SignalName = 'editors' | 'edits' | 'words' | 'names' | 'learned';

export const SIGNAL_NAMES: readonly SignalName[] = ['editors', 'edits', 'words', 'names', 'learned'];

/** Per signal, the directories it pointed to with their weights (any scale). */
export type SignalDirs = Partial<Record<SignalName, readonly (readonly [string, number])[]>>;

/** The neutral precision: a signal at this precision keeps its default weight. */
export const NEUTRAL_PRECISION = 0.5;
/** Weight of the neutral prior, in tasks. */
const PRIOR_TASKS = 4;
/** What each finished task leaves of the evidence before it (about the last 50 tasks count). */
const MEMORY = 0.98;

interface Rate {
  hits: number;
  n: number;
}

export class SignalReliability {
  private readonly rates = new Map<SignalName, Rate>();
  private version = 0;

  /** Changes whenever a precision changes (for caches of derived weights). */
  get revision(): number {
    return this.version;
  }

  /** The share of a signal's weight that pointed to a directory the task's files were in (smoothed). */
  precision(signal: SignalName): number {
    const r = this.rates.get(signal);
    if (r === undefined) return NEUTRAL_PRECISION;
    return (r.hits + NEUTRAL_PRECISION * PRIOR_TASKS) / (r.n + PRIOR_TASKS);
  }

  /** Tasks observed for the signal (decayed). */
  observed(signal: SignalName): number {
    return this.rates.get(signal)?.n ?? 0;
  }

  /** A routed task finished having touched `files`: each signal that pointed somewhere is scored. */
  observe(predicted: SignalDirs, files: readonly string[]): void {
    if (files.length === 0) return;
    const touched = new Set<string>();
    for (const f of files) touched.add(dirOf(f));
    for (const name of SIGNAL_NAMES) {
      const dirs = predicted[name];
      if (dirs === undefined || dirs.length === 0) continue;
      let total = 0;
      let hit = 0;
      for (const [dir, w] of dirs) {
        if (!(w > 0)) continue;
        total += w;
        if (touched.has(dir)) hit += w;
      }
      if (total <= 0) continue;
      let r = this.rates.get(name);
      if (!r) this.rates.set(name, (r = { hits: 0, n: 0 }));
      r.hits = r.hits * MEMORY + hit / total;
      r.n = r.n * MEMORY + 1;
      this.version++;
    }
  }

  /** For persistence: [signal, hits, n]. */
  export(): [SignalName, number, number][] {
    return [...this.rates].map(([k, r]) => [k, r.hits, r.n]);
  }

  import(signal: SignalName, hits: number, n: number): void {
    if (!SIGNAL_NAMES.includes(signal) || !(n >= 0) || !(hits >= 0) || hits > n + 1e-9) return;
    this.rates.set(signal, { hits, n });
    this.version++;
  }
}

/**
 * How much a signal's default weight is scaled at its measured precision: fully at the neutral
 * precision or above, with the square of the ratio below it (a signal right a quarter of the time
 * counts a quarter): a signal that is mostly wrong must not drown the others.
 */
export function reliabilityFactor(precision: number): number {
  const r = Math.max(0, precision) / NEUTRAL_PRECISION;
  return Math.min(1, r * r);
}
