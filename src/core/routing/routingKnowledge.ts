// What the router has learned about the workspace, online: from every change it is told about (a
// commit of the git history, or a finished task with the files its agent touched), which words go
// with which files, which files change together, how recently each file changed, and per session
// the words of the work it did. Everything is incremental and bounded: learning a change costs
// its words × files, a prediction walks the postings of the task's terms only.

import { CoChange, MAX_PAIRED_FILES } from './coChange';
import { pathTerms, taskTerms, type TaskTerms } from './codeTerms';
import { dirOf, normalizePath } from './paths';
import { SessionProfiles } from './sessionProfiles';
import type { KnowledgeStats, LearnedChange } from './learnedStats';
import { insertTop } from './stableSort';
import { SparseScores, TermIndex } from './termIndex';

export { describeLearned, type KnowledgeStats, type LearnedChange } from './learnedStats';

export interface KnowledgeOptions {
  /** Changes remembered; the oldest is forgotten past this (its words and pairs taken back). */
  readonly maxChanges?: number;
  /** Characters of a change's text that are read. */
  readonly maxTextChars?: number;
}

/**
 * A change's words weigh this much in each file's words (divided by √files: a change of many files
 * says less about each); a file's own path weighs 1 per directory word, 2 per name word.
 */
const CHANGE_WORD_WEIGHT = 0.5;
/** Files of a change whose words are learned; a sweeping change (more files) teaches only recency. */
export const MAX_WORD_FILES = 40;
/** Files of a change remembered at all (recency, reasons). */
const MAX_CHANGE_FILES = 200;
/** Past changes remembered per file, for reasons ("appears in 12 past changes to …"). */
const CHANGES_PER_FILE = 32;
/** Postings a prediction may walk in each index. */
const POSTINGS_BUDGET = 1_500;
/** Similar past changes whose files are proposed (nearest neighbours). */
const NEIGHBOURS = 10;
/** Weight of the neighbours' files beside the direct word-to-file match. */
const NEIGHBOUR_WEIGHT = 0.5;
/** Candidates kept per prediction. */
export const MAX_PREDICTED = 20;
/** Candidates under this share of the best score are not worth keeping. */
const MIN_RELATIVE = 0.15;

interface ChangeRecord {
  readonly seq: number;
  readonly files: Int32Array;
  readonly terms: readonly string[];
  readonly weights: readonly number[];
  /** Weight of the words given to each file (0 when the change was too wide to learn words). */
  readonly fileWeight: number;
  readonly session: string | undefined;
}

/** A prediction: candidate file ids with their scores, best first (reused: valid until the next prediction). */
export interface FilePrediction {
  readonly ids: readonly number[];
  readonly scores: readonly number[];
  /** The best score (0 when nothing matched). */
  readonly best: number;
}

export class RoutingKnowledge {
  readonly profiles = new SessionProfiles();
  readonly coChange = new CoChange();
  private readonly fileTerms = new TermIndex();
  private readonly changeTerms = new TermIndex();
  private readonly ids = new Map<string, number>();
  private readonly paths: string[] = [];
  private readonly dirs: string[] = [];
  private lastChanged = new Float64Array(256);
  private readonly gone = new Set<number>();
  private readonly ring: (ChangeRecord | undefined)[];
  private readonly fileChanges = new Map<number, number[]>();
  private seq = 0;
  private commits = 0;
  private tasks = 0;
  private readonly maxTextChars: number;
  // Scratch space of predictions (a decision is synchronous; nothing is shared across calls).
  private readonly fileScores = new SparseScores();
  private readonly changeScores = new SparseScores();
  private readonly neighbourScores = new SparseScores();
  private readonly outIds: number[] = [];
  private readonly outScores: number[] = [];
  /** The one prediction object, refilled by each call (valid until the next one). */
  private readonly prediction: { ids: number[]; scores: number[]; best: number } = { ids: this.outIds, scores: this.outScores, best: 0 };
  private readonly topChanges: number[] = [];
  private readonly topChangeScores: number[] = [];
  private readonly idf = (term: string): number => this.termIdf(term);

  constructor(options: KnowledgeOptions = {}) {
    this.ring = new Array<ChangeRecord | undefined>(Math.max(1, options.maxChanges ?? 20_000));
    this.maxTextChars = options.maxTextChars ?? 2_000;
  }

  stats(): KnowledgeStats {
    return { commits: this.commits, tasks: this.tasks, files: this.fileTerms.documents, words: this.fileTerms.terms };
  }

  /** The id of a workspace file, registering its path's words on first sight. */
  fileId(rawPath: string): number {
    const path = normalizePath(rawPath);
    let id = this.ids.get(path);
    if (id !== undefined) {
      if (this.gone.delete(id)) this.indexPath(id, path);
      return id;
    }
    id = this.paths.length;
    this.ids.set(path, id);
    this.paths.push(path);
    this.dirs.push(dirOf(path));
    this.indexPath(id, path);
    return id;
  }

  /** The id of a file already seen, else undefined (no registration). */
  knownId(rawPath: string): number | undefined {
    return this.ids.get(normalizePath(rawPath));
  }

  path(id: number): string {
    return this.paths[id] ?? '';
  }

  /** The directory of a known file (kept, so that a decision does not cut the path again). */
  dir(id: number): string {
    return this.dirs[id] ?? '';
  }

  /** A file was deleted: it is no candidate any more (its history stays, should it come back). */
  fileDeleted(rawPath: string): void {
    const id = this.ids.get(normalizePath(rawPath));
    if (id === undefined || this.gone.has(id)) return;
    this.gone.add(id);
    for (const [term, w] of pathTerms(this.paths[id] ?? '')) this.fileTerms.remove(id, term, w);
  }

  isGone(id: number): boolean {
    return this.gone.has(id);
  }

  /** Learns one change (history commits oldest first, then finished tasks as they finish). */
  learn(change: LearnedChange): void {
    this.learnTerms(taskTerms(change.text, this.maxTextChars), change.files, change.session);
  }

  /** The finished tasks remembered, oldest first, as terms (for persistence): [session, files, terms, weights]. */
  exportTasks(max = 2_000): [string, string[], string[], number[]][] {
    const out: [string, string[], string[], number[]][] = [];
    for (let seq = Math.max(1, this.seq - this.ring.length + 1); seq <= this.seq; seq++) {
      const r = this.ring[seq % this.ring.length];
      if (r === undefined || r.seq !== seq || r.session === undefined) continue;
      out.push([r.session, Array.from(r.files, (id) => this.path(id)), [...r.terms], [...r.weights]]);
    }
    return out.slice(Math.max(0, out.length - max));
  }

  /** Learns a finished task exported by `exportTasks`. */
  importTask(session: string, files: readonly string[], terms: readonly string[], weights: readonly number[]): void {
    this.learnTerms({ terms, weights }, files, session);
  }

  private learnTerms(
    t: { readonly terms: readonly string[]; readonly weights: readonly number[] },
    paths: readonly string[],
    session: string | undefined,
  ): void {
    const ids: number[] = [];
    for (const f of paths) {
      if (ids.length >= MAX_CHANGE_FILES) break;
      if (typeof f !== 'string' || f.length === 0) continue;
      const id = this.fileId(f);
      if (!ids.includes(id)) ids.push(id);
    }
    if (ids.length === 0) return;
    const seq = ++this.seq;
    const slot = seq % this.ring.length;
    const old = this.ring[slot];
    if (old) this.forget(old, slot);
    const files = Int32Array.from(ids);
    const fileWeight = ids.length <= MAX_WORD_FILES ? CHANGE_WORD_WEIGHT / Math.sqrt(ids.length) : 0;
    const record: ChangeRecord = { seq, files, terms: t.terms, weights: t.weights, fileWeight, session };
    this.ring[slot] = record;
    for (const id of ids) {
      this.markChanged(id, seq);
      let list = this.fileChanges.get(id);
      if (!list) this.fileChanges.set(id, (list = []));
      list.push(seq);
      if (list.length > CHANGES_PER_FILE) list.shift();
      if (fileWeight > 0)
        for (let i = 0; i < t.terms.length; i++) this.fileTerms.add(id, t.terms[i] as string, (t.weights[i] ?? 1) * fileWeight);
    }
    if (fileWeight > 0) for (let i = 0; i < t.terms.length; i++) this.changeTerms.add(slot, t.terms[i] as string, t.weights[i] ?? 1);
    if (ids.length <= MAX_PAIRED_FILES) this.coChange.add(files, 1);
    if (session === undefined) this.commits++;
    else {
      this.tasks++;
      this.profiles.learnTask(session, t.terms, t.weights);
    }
  }

  /** A session's agent touched a file: its profile learns the path's words. */
  touched(sessionId: string, rawPath: string): void {
    this.fileId(rawPath);
    this.profiles.learnPath(sessionId, normalizePath(rawPath));
  }

  /** Changes learned since `id` last changed (Infinity when it never did). */
  changesSince(id: number): number {
    const at = id < this.lastChanged.length ? (this.lastChanged[id] as number) : 0;
    return at === 0 ? Infinity : this.seq - at;
  }

  /** Changes learned in all (the clock of `changesSince`). */
  get changeClock(): number {
    return this.seq;
  }

  /**
   * How much a term says: its IDF over the workspace's files, but no more than its IDF over the
   * changes learned. A word in a third of all task texts ("failing", "handle") says little even
   * when those tasks touched few files.
   */
  termIdf(term: string): number {
    const byFiles = this.fileTerms.idf(term);
    const inChanges = this.changeTerms.documentFrequency(term);
    return inChanges === 0 ? byFiles : Math.min(byFiles, this.changeTerms.idf(term));
  }

  /**
   * The files the task's words point to: BM25 of its terms against each file's words (its path and
   * the messages of the changes that touched it), plus the files of the most similar past changes.
   */
  predict(t: TaskTerms): FilePrediction {
    const ids = this.outIds;
    const scores = this.outScores;
    ids.length = 0;
    scores.length = 0;
    const fs = this.fileScores;
    fs.clear();
    this.fileTerms.score(t.terms, t.weights, fs, POSTINGS_BUDGET, this.idf);
    let best = 0;
    for (let i = 0; i < fs.size; i++) best = Math.max(best, fs.get(fs.idAt(i)));
    this.addNeighbours(t, fs, best);
    best = 0;
    const anyGone = this.gone.size > 0;
    for (let i = 0; i < fs.size; i++) {
      const id = fs.idAt(i);
      if (!anyGone || !this.gone.has(id)) best = Math.max(best, fs.get(id));
    }
    this.prediction.best = best;
    if (best <= 0) return this.prediction;
    const floor = best * MIN_RELATIVE;
    for (let i = 0; i < fs.size; i++) {
      const id = fs.idAt(i);
      const s = fs.get(id);
      if (s < floor || (anyGone && this.gone.has(id))) continue;
      insertTop(ids, scores, id, s, MAX_PREDICTED);
    }
    return this.prediction;
  }

  /** The session profile score of a task (BM25 against the words of its work). */
  profileScore(sessionId: string, t: TaskTerms): number {
    return this.profiles.score(sessionId, t.terms, t.weights, this.idf);
  }

  /**
   * Why `id` matched the task: the task's words found in its path or in its remembered changes up
   * to change `clock` (a decision's `changeClock`, so that the words read later are those of the
   * decision), and how many of those changes have one of them.
   */
  evidence(id: number, t: TaskTerms, clock: number = this.seq): { words: string[]; changes: number; inPath: boolean } {
    const pathT = pathTerms(this.paths[id] ?? '');
    const inChanges = new Set<string>();
    let changes = 0;
    for (const seq of this.fileChanges.get(id) ?? []) {
      if (seq > clock) continue;
      const r = this.ring[seq % this.ring.length];
      if (r === undefined || r.seq !== seq) continue;
      let hit = false;
      for (const term of r.terms) {
        if (term.startsWith('type:') || !t.terms.includes(term)) continue;
        inChanges.add(term);
        hit = true;
      }
      if (hit) changes++;
    }
    const words: string[] = [];
    let inPath = false;
    for (let i = 0; i < t.terms.length; i++) {
      const term = t.terms[i] as string;
      const named = pathT.has(term);
      if (named || inChanges.has(term)) words.push(t.words[i] as string);
      if (named) inPath = true;
    }
    return { words, changes, inPath };
  }

  /** Files that changed with `id`, and how often (pairs of changes of at most MAX_PAIRED_FILES files). */
  partners(id: number): ReadonlyMap<number, number> | undefined {
    return this.coChange.partnersOf(id);
  }

  /** Changes of `id` counted for co-change. */
  changeCount(id: number): number {
    return this.coChange.count(id);
  }

  /** Approximate bytes held. */
  approxBytes(): number {
    let chars = 0;
    for (const p of this.paths) chars += p.length;
    let ring = 0;
    for (const r of this.ring) if (r) ring += 64 + r.files.length * 4 + r.terms.length * 16;
    return (
      this.fileTerms.approxBytes() +
      this.changeTerms.approxBytes() +
      this.coChange.entries() * 40 +
      this.profiles.entries() * 40 +
      chars * 2 +
      this.paths.length * 100 +
      ring +
      this.fileChanges.size * (60 + CHANGES_PER_FILE * 4)
    );
  }

  private addNeighbours(t: TaskTerms, fs: SparseScores, bestFile: number): void {
    const cs = this.changeScores;
    cs.clear();
    this.changeTerms.score(t.terms, t.weights, cs, POSTINGS_BUDGET);
    if (cs.size === 0) return;
    const top = this.topChanges;
    const topScores = this.topChangeScores;
    top.length = 0;
    topScores.length = 0;
    for (let i = 0; i < cs.size; i++) insertTop(top, topScores, cs.idAt(i), cs.get(cs.idAt(i)), NEIGHBOURS);
    const bestChange = topScores[0] ?? 0;
    if (bestChange <= 0) return;
    const ns = this.neighbourScores;
    ns.clear();
    let bestN = 0;
    for (let k = 0; k < top.length; k++) {
      const r = this.ring[top[k] as number];
      if (!r) continue;
      const share = (topScores[k] as number) / bestChange / Math.sqrt(r.files.length);
      for (const id of r.files) {
        ns.add(id, share);
        bestN = Math.max(bestN, ns.get(id));
      }
    }
    if (bestN <= 0) return;
    const scale = (NEIGHBOUR_WEIGHT * (bestFile > 0 ? bestFile : 1)) / bestN;
    for (let i = 0; i < ns.size; i++) fs.add(ns.idAt(i), ns.get(ns.idAt(i)) * scale);
  }

  private indexPath(id: number, path: string): void {
    for (const [term, w] of pathTerms(path)) this.fileTerms.add(id, term, w);
  }

  private markChanged(id: number, seq: number): void {
    if (id >= this.lastChanged.length) {
      let n = this.lastChanged.length;
      while (n <= id) n *= 2;
      const a = new Float64Array(n);
      a.set(this.lastChanged);
      this.lastChanged = a;
    }
    this.lastChanged[id] = seq;
  }

  /** Takes back what a change taught (it fell out of the remembered window). */
  private forget(r: ChangeRecord, slot: number): void {
    if (r.fileWeight > 0) {
      for (const id of r.files)
        for (let i = 0; i < r.terms.length; i++) this.fileTerms.remove(id, r.terms[i] as string, (r.weights[i] ?? 1) * r.fileWeight);
      for (let i = 0; i < r.terms.length; i++) this.changeTerms.remove(slot, r.terms[i] as string, r.weights[i] ?? 1);
    }
    if (r.files.length <= MAX_PAIRED_FILES) this.coChange.add(r.files, -1);
    if (r.session === undefined) this.commits = Math.max(0, this.commits - 1);
    else this.tasks = Math.max(0, this.tasks - 1);
    this.ring[slot] = undefined;
  }
}
