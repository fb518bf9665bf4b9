// The files a task is likely about, from what was learned: the files its words point to (see
// RoutingKnowledge.predict), the files the user has in focus, and how recently each changed, put
// together as a probability over candidates (a softmax of a weighted sum), then widened to the
// files that usually change with the likeliest ones.

import type { TaskTerms } from './codeTerms';
import type { FocusEntry } from './editorState';
import { dirOf } from './paths';
import type { RoutingKnowledge } from './routingKnowledge';

export interface LearnedWeights {
  /** Log-odds of a candidate per unit of relative word match (1 for the best match). */
  readonly relevance: number;
  /** Log-odds of a file in the user's focus, per unit of focus (an editor just opened ≈ 1, the active one 1.5). */
  readonly focus: number;
  /** Log-odds lost per unit of log(1 + changes since the file last changed). */
  readonly recency: number;
  /** The expected number of the task's files the learned estimate stands for when the text names none. */
  readonly mass: number;
  /** The same when the text names files (they say more than learned words). */
  readonly massWithMention: number;
  /** Share of a likely file's probability given to its usual companions (× how often they changed together). */
  readonly coChange: number;
}

export const DEFAULT_LEARNED_WEIGHTS: LearnedWeights = {
  relevance: 4,
  focus: 3,
  recency: 0.3,
  mass: 1.5,
  massWithMention: 0.3,
  coChange: 0.3,
};

export type LearnedVia = 'words' | 'focus' | 'co-change';

/** A target file found through what was learned (usable as a TargetFile as it is). */
export interface LearnedTarget {
  readonly path: string;
  /** Expected share of the task's files (the estimate's `mass` split by probability). */
  readonly weight: number;
  readonly source: 'learned';
  /** What made it likely: its words, the user's focus on it, or changing with a likely file. */
  readonly via: LearnedVia;
  /** Knowledge id, when the file is known to the knowledge (for reasons). */
  readonly learnedId?: number;
  /** Its directory. */
  readonly dir: string;
}

/** `log(1 + changes since)` is capped: a file that never changed is as cold as a long-unchanged one. */
const MAX_COLDNESS = 10;
/** Focus entries lighter than this are not candidates. */
const MIN_FOCUS = 0.05;
/** Likely files whose companions are added. */
const CO_SOURCES = 3;
/** A companion must have changed with the file this many times (unless the file changed only once or twice). */
const MIN_PAIRED = 2;
/** Candidates under this probability are dropped. */
const MIN_PROBABILITY = 0.01;

const NONE: readonly LearnedTarget[] = Object.freeze([]);

/** The learned estimate: candidates with their probability × mass, most likely first. */
export function learnedTargets(
  knowledge: RoutingKnowledge,
  terms: TaskTerms,
  focus: readonly FocusEntry[],
  named: boolean,
  w: LearnedWeights = DEFAULT_LEARNED_WEIGHTS,
): readonly LearnedTarget[] {
  const prediction = knowledge.predict(terms);
  const paths: string[] = [];
  const ids: (number | undefined)[] = [];
  const logits: number[] = [];
  const vias: LearnedVia[] = [];
  const best = prediction.best;
  const clock = knowledge.changeClock;
  const coldness = (id: number | undefined): number =>
    id === undefined || clock === 0 ? 0 : Math.min(MAX_COLDNESS, Math.log1p(knowledge.changesSince(id)));
  for (let i = 0; i < prediction.ids.length; i++) {
    const id = prediction.ids[i] as number;
    paths.push(knowledge.path(id));
    ids.push(id);
    logits.push((w.relevance * (prediction.scores[i] as number)) / best - w.recency * coldness(id));
    vias.push('words');
  }
  for (const f of focus) {
    if (f.weight < MIN_FOCUS) continue;
    const lift = w.focus * Math.min(1.5, 2 * f.weight);
    const i = paths.indexOf(f.path);
    if (i >= 0) {
      logits[i] = (logits[i] as number) + lift;
      continue;
    }
    const id = knowledge.knownId(f.path);
    paths.push(f.path);
    ids.push(id);
    logits.push(lift - w.recency * coldness(id));
    vias.push('focus');
  }
  if (paths.length === 0) return NONE;
  let top = -Infinity;
  for (const l of logits) top = Math.max(top, l);
  let z = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp((logits[i] as number) - top);
    logits[i] = e;
    z += e;
  }
  const mass = named ? w.massWithMention : w.mass;
  const out: LearnedTarget[] = [];
  for (let i = 0; i < paths.length; i++) {
    const p = (logits[i] as number) / z;
    if (p < MIN_PROBABILITY) continue;
    const id = ids[i];
    const path = paths[i] as string;
    const dir = id === undefined ? dirOf(path) : knowledge.dir(id);
    const via = vias[i] as LearnedVia;
    insertByWeight(
      out,
      id === undefined
        ? { path, weight: p * mass, source: 'learned', via, dir }
        : { path, weight: p * mass, source: 'learned', via, learnedId: id, dir },
    );
  }
  if (w.coChange > 0) addCompanions(knowledge, out, w.coChange);
  return out;
}

/** Adds the usual companions of the likeliest files (co-change), each at most once. */
function addCompanions(knowledge: RoutingKnowledge, out: LearnedTarget[], share: number): void {
  const sources = Math.min(CO_SOURCES, out.length);
  for (let k = 0; k < sources; k++) {
    const src = out[k] as LearnedTarget;
    if (src.learnedId === undefined) continue;
    const partners = knowledge.partners(src.learnedId);
    if (partners === undefined) continue;
    const n = knowledge.changeCount(src.learnedId);
    for (const [id, c] of partners) {
      if (c < MIN_PAIRED && n > MIN_PAIRED) continue;
      if (knowledge.isGone(id)) continue;
      const weight = (src.weight * share * c) / (n + 1);
      if (weight < MIN_PROBABILITY * 0.5) continue;
      const path = knowledge.path(id);
      const at = out.findIndex((t) => t.path === path);
      if (at >= 0) {
        const prev = out[at] as LearnedTarget;
        out[at] = { ...prev, weight: prev.weight + weight };
      } else out.push({ path, weight, source: 'learned', via: 'co-change', learnedId: id, dir: knowledge.dir(id) });
    }
  }
}

/** Inserts keeping `out` heaviest first (equal weights in arrival order). */
function insertByWeight(out: LearnedTarget[], t: LearnedTarget): void {
  let i = out.length;
  out.push(t);
  while (i > 0 && (out[i - 1] as LearnedTarget).weight < t.weight) {
    out[i] = out[i - 1] as LearnedTarget;
    i--;
  }
  out[i] = t;
}
