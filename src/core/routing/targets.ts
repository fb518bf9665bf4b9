// The router's estimate of what a task is about: weighted target files (mentioned in the text,
// the user's latest edits, just-opened editors) and a distribution over the directories where its
// other, unnamed files probably are.

import type { FocusEntry } from './editorState';
import type { LearnedTarget, LearnedVia } from './learnedTargets';
import type { FileMention, TextAnalysis } from './textAnalysis';
import { dirOf } from './paths';
import { insertTop } from './stableSort';

export type TargetSource = 'mentioned' | 'edited' | 'active' | 'opened' | 'learned';

export interface TargetFile {
  readonly path: string;
  /** Rough probability that the task is about this file. */
  readonly weight: number;
  readonly source: TargetSource;
  /** The identifier of the text this file defines (a mention resolved by the symbol index). */
  readonly symbol?: string;
  /** For a learned target: what made it likely (for reasons). */
  readonly via?: LearnedVia;
  /** For a learned target: its knowledge id, when the knowledge has seen the file. */
  readonly learnedId?: number;
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
  /** A learned target file's directory gets this much of its weight as area share. */
  readonly areaFromLearned: number;
  /** Focus outside the directories the text names counts this much (1 = no discount). */
  readonly offText: number;
  /** Evidence of where the task is, in area weight, that an uninformed guess is worth: areas' shares are
   *  their weight over (all the evidence + this), so that weak evidence places the task weakly. */
  readonly unknownArea: number;
  /** A learned file at least this likely (by its words) names its directory, as a word of the text would. */
  readonly learnedTextDir: number;
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
  areaFromLearned: 2,
  offText: 0.3,
  learnedTextDir: 0.1,
  unknownArea: 0,
};

/** Bounds that keep a decision's work small: the likeliest files and directories only. */
const MAX_FILES = 12;
/** The likeliest learned files whose directories count as named by the text. */
const LEARNED_TEXT_DIRS = 5;
const MAX_AREAS = 5;
const MIN_AREA_SHARE = 0.02;

/**
 * The `max` largest shares at or above `min` (after normalizing), renormalized to sum 1, largest
 * first (equal shares in their order in `raw`).
 */
function topShares(raw: ReadonlyMap<string, number>, max: number, min: number, unknown: number): Map<string, number> {
  let total = 0;
  for (const w of raw.values()) total += w;
  const evidence = total;
  if (total <= 0) return new Map();
  const dirs: string[] = [];
  const shares: number[] = [];
  raw.forEach((w, d) => {
    if (w / total >= min) insertTop(dirs, shares, d, w, max);
  });
  let keptTotal = 0;
  for (const w of shares) keptTotal += w;
  // Weak evidence locates the task weakly: an uninformed share (`unknown`) stays unplaced.
  keptTotal *= (evidence + unknown) / evidence;
  const out = new Map<string, number>();
  for (let i = 0; i < dirs.length; i++) out.set(dirs[i] as string, (shares[i] as number) / keptTotal);
  return out;
}

const NO_WORDS: readonly string[] = Object.freeze([]);
const NO_LEARNED: readonly LearnedTarget[] = Object.freeze([]);

/** A learned target: kept unless a stronger signal already named the file. */
function offerLearned(files: Map<string, TargetFile>, l: LearnedTarget): void {
  if (l.weight <= 0.005) return;
  const prev = files.get(l.path);
  if (prev && prev.weight >= l.weight) return;
  // The learned target is a target file as it is (one object), unless its weight must be capped.
  files.set(l.path, l.weight <= 1 ? l : { ...l, weight: 1 });
}

/**
 * How far each kind of signal is trusted in this workspace (1 = its default weight), from
 * SignalReliability: open editors, the user's edits, words naming directories, learned files.
 */
export interface SignalTrust {
  readonly editors: number;
  readonly edits: number;
  readonly words: number;
  readonly names: number;
  readonly learned: number;
}

export const FULL_TRUST: SignalTrust = { editors: 1, edits: 1, words: 1, names: 1, learned: 1 };

/**
 * Whether the text names files: an exact path, file name or symbol, or guesses from resemblance
 * when those proved right in this workspace (their trust times weight adds up to half a file).
 */
export function namesFiles(analysis: TextAnalysis, trust: SignalTrust = FULL_TRUST): boolean {
  let strength = 0;
  for (const m of analysis.files) {
    if (!m.guessed) return true;
    strength += m.weight * trust.names;
  }
  return strength >= 0.5;
}

/** `focus` is the editor focus now (EditorState.focus), heaviest first. */
export function estimateTargets(
  analysis: TextAnalysis,
  focus: readonly FocusEntry[],
  weights: TargetWeights = DEFAULT_TARGET_WEIGHTS,
  learned: readonly LearnedTarget[] = NO_LEARNED,
  trust: SignalTrust = FULL_TRUST,
): TargetEstimate {
  const files = new Map<string, TargetFile>();
  const mentioned = namesFiles(analysis, trust);
  for (const m of resolveAmbiguous(analysis.files, focus))
    offer(files, m.path, m.weight * weights.mention * (m.guessed ? trust.names : 1), 'mentioned', m.symbol);

  const textDirs = new Set<string>();
  for (const a of analysis.areas) textDirs.add(a.dir);
  for (const m of analysis.files) textDirs.add(dirOf(m.path));
  // The directories of the files the task's words point to (as learned) locate it as well.
  for (let i = 0; i < learned.length && i < LEARNED_TEXT_DIRS; i++) {
    const l = learned[i] as LearnedTarget;
    if (l.via === 'words' && l.weight >= weights.learnedTextDir) textDirs.add(l.dir);
  }
  // Focus outside the directories the text names counts less (`offText`).
  const focusDirs: string[] = [];
  const focusWeights: number[] = [];
  for (const f of focus) {
    const dir = dirOf(f.path);
    focusDirs.push(dir);
    const trusted = f.weight * (f.why === 'edited' ? trust.edits : trust.editors);
    focusWeights.push(textDirs.size > 0 && !textDirs.has(dir) ? trusted * weights.offText : trusted);
  }
  for (let i = 0; i < focus.length; i++) {
    const f = focus[i] as FocusEntry;
    const w = focusWeights[i] as number;
    if (f.why === 'edited') offer(files, f.path, w * (mentioned ? weights.editWithMention : weights.editAlone), 'edited');
    else if (f.why === 'active') offer(files, f.path, w * weights.active, 'active');
    else offer(files, f.path, w * 2 * weights.opened, 'opened');
  }
  for (const l of learned) offerLearned(files, l);

  const areas = new Map<string, number>();
  for (const a of analysis.areas) addShare(areas, a.dir, a.weight * weights.areaFromWord * trust.words);
  for (const m of files.values()) if (m.source === 'mentioned') addShare(areas, dirOf(m.path), m.weight * weights.areaFromFile);
  for (const l of learned) addShare(areas, l.dir, l.weight * weights.areaFromLearned * trust.learned);
  // The focus locates the task even when it names nothing (or names a file not yet known).
  for (let i = 0; i < focus.length; i++) {
    const f = focus[i] as FocusEntry;
    const w = focusWeights[i] as number;
    addShare(areas, focusDirs[i] as string, w * (f.why === 'opened' || f.why === 'visible' ? weights.areaFromOpen : weights.areaFromFile));
  }
  const topAreas = topShares(areas, MAX_AREAS, MIN_AREA_SHARE, weights.unknownArea);

  // Tasks are about one or two files: once about one is known, about half a file is left to find
  // through the area; when nothing is named, one to two.
  let named = 0;
  const sorted: TargetFile[] = [];
  const sortedWeights: number[] = [];
  for (const f of files.values()) {
    if (f.source !== 'opened' && f.source !== 'learned') named += f.weight;
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
