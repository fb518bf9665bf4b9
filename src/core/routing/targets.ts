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

/**
 * The `max` largest shares at or above `min` (after normalizing), renormalized to sum 1, largest
 * first (equal shares in their order in `raw`).
 */
function topShares(raw: ReadonlyMap<string, number>, max: number, min: number): Map<string, number> {
  let total = 0;
  for (const w of raw.values()) total += w;
  if (total <= 0) return new Map();
  const dirs: string[] = [];
  const shares: number[] = [];
  raw.forEach((w, d) => {
    if (w / total >= min) insertTop(dirs, shares, d, w, max);
  });
  let keptTotal = 0;
  for (const w of shares) keptTotal += w;
  const out = new Map<string, number>();
  for (let i = 0; i < dirs.length; i++) out.set(dirs[i] as string, (shares[i] as number) / keptTotal);
  return out;
}

/**
 * Keeps `items` (with their `weights`) the `max` heaviest seen so far, heaviest first, equal
 * weights in arrival order: what a stable sort by weight followed by `slice(0, max)` would keep,
 * without sorting (or allocating for) everything.
 */
function insertTop<T>(items: T[], weights: number[], item: T, weight: number, max: number): void {
  let i = weights.length;
  while (i > 0 && (weights[i - 1] as number) < weight) i--;
  if (i >= max) return;
  if (items.length < max) {
    items.push(item);
    weights.push(weight);
  }
  for (let k = items.length - 1; k > i; k--) {
    items[k] = items[k - 1] as T;
    weights[k] = weights[k - 1] as number;
  }
  items[i] = item;
  weights[i] = weight;
}

const NO_WORDS: readonly string[] = Object.freeze([]);

/** `focus` is the editor focus now (EditorState.focus), heaviest first. */
export function estimateTargets(
  analysis: TextAnalysis,
  focus: readonly FocusEntry[],
  weights: TargetWeights = DEFAULT_TARGET_WEIGHTS,
): TargetEstimate {
  const files = new Map<string, TargetFile>();
  const mentioned = analysis.files.length > 0;
  for (const m of resolveAmbiguous(analysis.files, focus)) offer(files, m.path, m.weight * weights.mention, 'mentioned', m.symbol);

  const textDirs = new Set<string>();
  for (const a of analysis.areas) textDirs.add(a.dir);
  for (const m of analysis.files) textDirs.add(dirOf(m.path));
  // Focus outside the directories the text names counts less (`offText`).
  const focusDirs: string[] = [];
  const focusWeights: number[] = [];
  for (const f of focus) {
    const dir = dirOf(f.path);
    focusDirs.push(dir);
    focusWeights.push(textDirs.size > 0 && !textDirs.has(dir) ? f.weight * weights.offText : f.weight);
  }
  for (let i = 0; i < focus.length; i++) {
    const f = focus[i] as FocusEntry;
    const w = focusWeights[i] as number;
    if (f.why === 'edited') offer(files, f.path, w * (mentioned ? weights.editWithMention : weights.editAlone), 'edited');
    else if (f.why === 'active') offer(files, f.path, w * weights.active, 'active');
    else offer(files, f.path, w * 2 * weights.opened, 'opened');
  }

  const areas = new Map<string, number>();
  for (const a of analysis.areas) addShare(areas, a.dir, a.weight * weights.areaFromWord);
  for (const m of files.values()) if (m.source === 'mentioned') addShare(areas, dirOf(m.path), m.weight * weights.areaFromFile);
  // The focus locates the task even when it names nothing (or names a file not yet known).
  for (let i = 0; i < focus.length; i++) {
    const f = focus[i] as FocusEntry;
    const w = focusWeights[i] as number;
    addShare(areas, focusDirs[i] as string, w * (f.why === 'opened' || f.why === 'visible' ? weights.areaFromOpen : weights.areaFromFile));
  }
  const topAreas = topShares(areas, MAX_AREAS, MIN_AREA_SHARE);

  // Tasks are about one or two files: once about one is known, about half a file is left to find
  // through the area; when nothing is named, one to two.
  let named = 0;
  const sorted: TargetFile[] = [];
  const sortedWeights: number[] = [];
  for (const f of files.values()) {
    if (f.source !== 'opened') named += f.weight;
    insertTop(sorted, sortedWeights, f, f.weight, MAX_FILES);
  }
  const unnamed = named >= 0.8 ? 0.5 : 1.5 - named;
  const areaWords = analysis.areas.length === 0 ? NO_WORDS : [...new Set(analysis.areas.map((a) => a.word))];
  return { files: sorted, areas: topAreas, unnamed, areaWords };
}

/** Offers a file as a target: kept with the weight of its strongest signal. */
function offer(files: Map<string, TargetFile>, path: string, weight: number, source: TargetSource, symbol?: string): void {
  if (weight <= 0.005) return;
  const prev = files.get(path);
  if (!prev || prev.weight < weight)
    files.set(
      path,
      symbol === undefined ? { path, weight: Math.min(1, weight), source } : { path, weight: Math.min(1, weight), source, symbol },
    );
}

function addShare(areas: Map<string, number>, dir: string, w: number): void {
  if (w > 0) areas.set(dir, (areas.get(dir) ?? 0) + w);
}

/**
 * An ambiguous mention ("export1.ts" in two folders) is shared among its candidates in
 * proportion to the user's focus on each candidate's directory.
 */
function resolveAmbiguous(mentions: readonly FileMention[], focus: readonly FocusEntry[]): readonly FileMention[] {
  if (!hasRepeatedToken(mentions)) return mentions; // nothing to share
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

function hasRepeatedToken(mentions: readonly FileMention[]): boolean {
  for (let i = 1; i < mentions.length; i++) {
    const token = (mentions[i] as FileMention).token;
    for (let j = 0; j < i; j++) if ((mentions[j] as FileMention).token === token) return true;
  }
  return false;
}
