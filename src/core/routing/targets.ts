// The router's estimate of what a task is about: weighted target files (mentioned in the text,
// the user's latest edits, just-opened editors) and a distribution over the directories where its
// other, unnamed files probably are.

import type { FocusEntry } from './editorState';
import type { FileMention, TextAnalysis } from './textAnalysis';
import { dirOf } from './paths';

export type TargetSource = 'mentioned' | 'edited' | 'active' | 'opened';

export interface TargetFile {
  readonly path: string;
  /** Rough probability that the task is about this file. */
  readonly weight: number;
  readonly source: TargetSource;
  /** The identifier of the text this file defines (a mention resolved by the symbol index). */
  readonly symbol?: string;
}

export interface TargetEstimate {
  readonly files: readonly TargetFile[];
  /** Directories and their share (sums to 1 when any is known) of where the task's files are. */
  readonly areas: ReadonlyMap<string, number>;
  /** Expected number of the task's files not among `files` (found through `areas` only). */
  readonly unnamed: number;
  /** Words of the text that named areas, for reasons. */
  readonly areaWords: readonly string[];
}

/** Weights of each signal; the defaults are what the router uses. */
export interface TargetWeights {
  readonly mention: number;
  readonly editAlone: number;
  readonly editWithMention: number;
  readonly active: number;
  readonly opened: number;
  readonly areaFromWord: number;
  readonly areaFromFile: number;
  readonly areaFromOpen: number;
  /** Focus outside the directories the text names counts this much (1 = no discount). */
  readonly offText: number;
}

export const DEFAULT_TARGET_WEIGHTS: TargetWeights = {
  mention: 1,
  editAlone: 0.9,
  editWithMention: 0.4,
  active: 0.6,
  opened: 0.12,
  areaFromWord: 4,
  areaFromFile: 1,
  areaFromOpen: 1,
  offText: 0.3,
};

/** Bounds that keep a decision's work small: the likeliest files and directories only. */
const MAX_FILES = 8;
const MAX_AREAS = 5;
const MIN_AREA_SHARE = 0.02;

/** The `max` largest shares at or above `min` (after normalizing), renormalized to sum 1. */
function topShares(raw: ReadonlyMap<string, number>, max: number, min: number): Map<string, number> {
  let total = 0;
  for (const w of raw.values()) total += w;
  if (total <= 0) return new Map();
  const kept = [...raw].filter(([, w]) => w / total >= min).sort((a, b) => b[1] - a[1]).slice(0, max);
  let keptTotal = 0;
  for (const [, w] of kept) keptTotal += w;
  return new Map(kept.map(([d, w]) => [d, w / keptTotal]));
}

/** `focus` is the editor focus now (EditorState.focus), heaviest first. */
export function estimateTargets(analysis: TextAnalysis, focus: readonly FocusEntry[], weights: TargetWeights = DEFAULT_TARGET_WEIGHTS): TargetEstimate {
  const files = new Map<string, TargetFile>();
  const offer = (path: string, weight: number, source: TargetSource, symbol?: string): void => {
    if (weight <= 0.005) return;
    const prev = files.get(path);
    if (!prev || prev.weight < weight) files.set(path, symbol === undefined ? { path, weight: Math.min(1, weight), source } : { path, weight: Math.min(1, weight), source, symbol });
  };
  const mentioned = analysis.files.length > 0;
  for (const m of resolveAmbiguous(analysis.files, focus)) offer(m.path, m.weight * weights.mention, 'mentioned', m.symbol);

  const textDirs = new Set<string>(analysis.areas.map((a) => a.dir));
  for (const m of analysis.files) textDirs.add(dirOf(m.path));
  const scaled = focus.map((f) => (textDirs.size === 0 || textDirs.has(dirOf(f.path)) ? f : { ...f, weight: f.weight * weights.offText }));
  for (const f of scaled) {
    if (f.why === 'edited') offer(f.path, f.weight * (mentioned ? weights.editWithMention : weights.editAlone), 'edited');
    else if (f.why === 'active') offer(f.path, f.weight * weights.active, 'active');
    else offer(f.path, f.weight * 2 * weights.opened, 'opened');
  }

  const areas = new Map<string, number>();
  const add = (dir: string, w: number): void => {
    if (w > 0) areas.set(dir, (areas.get(dir) ?? 0) + w);
  };
  for (const a of analysis.areas) add(a.dir, a.weight * weights.areaFromWord);
  for (const m of files.values()) if (m.source === 'mentioned') add(dirOf(m.path), m.weight * weights.areaFromFile);
  // The focus locates the task even when it names nothing (or names a file not yet known).
  for (const f of scaled) add(dirOf(f.path), f.weight * (f.why === 'opened' || f.why === 'visible' ? weights.areaFromOpen : weights.areaFromFile));
  const topAreas = topShares(areas, MAX_AREAS, MIN_AREA_SHARE);

  // Tasks are about one or two files: once about one is known, about half a file is left to find
  // through the area; when nothing is named, one to two.
  let named = 0;
  for (const f of files.values()) if (f.source !== 'opened') named += f.weight;
  const unnamed = named >= 0.8 ? 0.5 : 1.5 - named;
  const sorted = [...files.values()].sort((a, b) => b.weight - a.weight).slice(0, MAX_FILES);
  return { files: sorted, areas: topAreas, unnamed, areaWords: [...new Set(analysis.areas.map((a) => a.word))] };
}

/**
 * An ambiguous mention ("export1.ts" in two folders) is shared among its candidates in
 * proportion to the user's focus on each candidate's directory.
 */
function resolveAmbiguous(mentions: readonly FileMention[], focus: readonly FocusEntry[]): FileMention[] {
  const byToken = new Map<string, FileMention[]>();
  for (const m of mentions) {
    const list = byToken.get(m.token);
    if (list) list.push(m);
    else byToken.set(m.token, [m]);
  }
  const dirFocus = new Map<string, number>();
  for (const f of focus) dirFocus.set(dirOf(f.path), (dirFocus.get(dirOf(f.path)) ?? 0) + f.weight);
  const out: FileMention[] = [];
  for (const group of byToken.values()) {
    if (group.length === 1) {
      out.push(...group);
      continue;
    }
    const total = group.reduce((a, m) => a + m.weight, 0);
    const raw = group.map((m) => 0.05 + (dirFocus.get(dirOf(m.path)) ?? 0));
    const sum = raw.reduce((a, b) => a + b, 0);
    group.forEach((m, i) => out.push({ ...m, weight: (total * (raw[i] ?? 0)) / sum }));
  }
  return out;
}
