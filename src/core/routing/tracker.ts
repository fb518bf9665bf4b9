// The affinity tracker: everything the router knows, fed by events (editor sync, session tool
// events, task outcomes, load). Memory is bounded: focus entries decay away and are pruned,
// working sets are capped by the context capacity.

import { EditorState } from './editorState';
import { FileIndex, type SymbolIndex } from './fileIndex';
import { OutcomeHistory, type SuccessRate } from './outcomes';
import { detach, normalizePath } from './paths';
import { RoutingKnowledge, type KnowledgeStats, type LearnedChange } from './routingKnowledge';
import { resolveRoutingSettings, type RoutingSettings } from './settings';
import { SignalReliability, type SignalDirs } from './signalReliability';
import { TaskTouches } from './taskTouches';
import type { RoutingSession, SessionLoad } from './types';
import { WorkingSet, type TouchKind } from './workingSet';

export interface TrackerMemoryReport {
  readonly sessions: number;
  readonly knownFiles: number;
  readonly workingSetEntries: number;
  readonly focusEntries: number;
  readonly outcomeEntries: number;
  /** What the learned knowledge holds (commits, finished tasks, files, words). */
  readonly learned: KnowledgeStats;
  /** Estimated bytes held by the tracker's own structures (the learned knowledge included). */
  readonly approxBytes: number;
}

export interface TrackedSession {
  readonly session: RoutingSession;
  readonly workingSet: WorkingSet;
  load: SessionLoad;
  readonly createdAt: number;
  /** No agent process and none wanted (stopped by the user, or rolled over): not an idle worker. */
  stopped: boolean;
  /** Set once the session was rolled over: the id of the session that took over its context. */
  rolledOverTo?: string;
}

/** A routed task waiting for its outcome: the areas it was about, its text, when it was routed. */
interface PendingTask {
  readonly areas: readonly string[];
  readonly text: string | undefined;
  readonly at: number;
  /** Where each signal pointed when it was routed (scored against the files it touched). */
  readonly signals: SignalDirs | undefined;
}

const PRUNE_EVERY = 1_000;
/** Characters of a routed task's text kept to learn from when it finishes. */
const MAX_LEARNED_TEXT = 2_000;
const MAX_PENDING_TASKS = 10_000;

export class AffinityTracker {
  readonly settings: RoutingSettings;
  readonly files = new FileIndex();
  readonly editors: EditorState;
  readonly outcomes: OutcomeHistory;
  /** What was learned from the git history and from finished tasks (words ↔ files, co-change, session profiles). */
  readonly knowledge = new RoutingKnowledge();
  /** How far each signal (open editors, edits, words, learned files) proved right on finished tasks. */
  readonly reliability = new SignalReliability();
  symbols: SymbolIndex | undefined;
  /**
   * Each session's success figure by the one outcome definition (core/sessions/taskOutcome.ts: a
   * task counts once, by its latest run; a CLI that never started does not count), shared with the
   * metrics so the dashboard and the reasons show the same number. Without it, the session-level
   * moving average below stands in (the CLI's trace replay).
   */
  sessionSuccess: ((sessionId: string) => SuccessRate) | undefined;
  private readonly tracked = new Map<string, TrackedSession>();
  private readonly pendingTasks = new Map<string, PendingTask>();
  private readonly taskTouches = new TaskTouches();
  private lastAt = 0;
  private routedAt = -Infinity;
  private eventsSincePrune = 0;

  constructor(settings: Partial<RoutingSettings> = {}) {
    this.settings = resolveRoutingSettings(settings);
    this.editors = new EditorState(this.settings.focusHalfLifeMs, this.settings.maxTrackedEdits);
    this.outcomes = new OutcomeHistory(this.settings.successAlpha);
  }

  /** Time of the latest event seen (ms). */
  get now(): number {
    return this.lastAt;
  }

  // ---- sessions and load

  addSession(session: RoutingSession, at: number = this.lastAt): void {
    this.tick(at);
    const prev = this.tracked.get(session.id);
    if (prev) {
      this.tracked.set(session.id, { ...prev, session });
      return;
    }
    this.tracked.set(session.id, {
      session,
      workingSet: new WorkingSet(this.settings.workingSetCapacity, this.settings.workingSetHalfLifeMs),
      load: { running: 0, queued: 0 },
      createdAt: at,
      stopped: false,
    });
  }

  removeSession(sessionId: string): void {
    this.tracked.delete(sessionId);
    this.outcomes.forget(sessionId);
    this.knowledge.profiles.forget(sessionId);
    this.taskTouches.forget(sessionId);
  }

  session(sessionId: string): TrackedSession | undefined {
    return this.tracked.get(sessionId);
  }

  /** Sessions in creation order. */
  sessions(): readonly TrackedSession[] {
    return [...this.tracked.values()];
  }

  setLoad(sessionId: string, load: SessionLoad): void {
    const s = this.tracked.get(sessionId);
    if (s) s.load = load;
  }

  setStopped(sessionId: string, stopped: boolean): void {
    const s = this.tracked.get(sessionId);
    if (s) s.stopped = stopped;
  }

  /**
   * `from`'s context was rolled over into `to` (a new session seeded with a handoff): `to` takes
   * over its working set as a compaction would leave it, and its success history when it has
   * none; `from` holds nothing any more and is no routing candidate until it runs again.
   */
  sessionRolledOver(from: string, to: string, at: number = this.lastAt): void {
    this.tick(at);
    const old = this.tracked.get(from);
    const next = this.tracked.get(to);
    if (!old || !next || from === to) return;
    next.workingSet.inherit(old.workingSet, this.settings.compactionKeep);
    old.workingSet.clear();
    this.outcomes.inherit(from, to);
    this.knowledge.profiles.inherit(from, to);
    old.rolledOverTo = to;
    old.stopped = true;
  }

  /** A rolled-over session was given work again (by hand): it is a candidate again. */
  reinstate(sessionId: string): void {
    const s = this.tracked.get(sessionId);
    if (s) delete s.rolledOverTo;
  }

  // ---- editor signals (LSP document sync + host notification)

  didOpen(path: string, at: number): void {
    this.tick(at);
    const p = this.files.add(path);
    this.knowledge.fileId(p);
    this.editors.opened(p, at);
  }

  didClose(path: string, at: number): void {
    this.tick(at);
    this.editors.closed(normalizePath(path));
  }

  setEditors(visible: readonly string[], active: string | undefined, at: number): void {
    this.tick(at);
    const shown = visible.map((p) => this.knowledgeFile(this.files.add(p)));
    this.editors.setEditors(shown, active === undefined ? undefined : this.knowledgeFile(this.files.add(active)), at);
  }

  /** A change to `path`, by the user or by a session's agent (its id). */
  didEdit(path: string, by: string, at: number): void {
    this.tick(at);
    const p = this.files.add(path);
    if (by === 'user') {
      this.knowledge.fileId(p);
      this.editors.edited(p, at);
    } else this.touch(by, p, 'edit', at);
  }

  /** A file was deleted (or renamed away): it can no longer be mentioned. */
  didDelete(path: string, at: number = this.lastAt): void {
    this.tick(at);
    const p = normalizePath(path);
    this.files.remove(p);
    this.editors.closed(p);
    this.knowledge.fileDeleted(p);
  }

  /** Files the workspace is known to contain (e.g. from a file search at start). */
  addKnownFiles(paths: Iterable<string>): void {
    for (const p of paths) this.knowledge.fileId(this.files.add(p));
  }

  // ---- learned knowledge

  /**
   * Learns from commits of the git history (`readGitHistory`'s, or a trace's `history` events),
   * oldest first: which words go with which files, which files change together, and how recently
   * each changed. Commits' files are not added to the known files (some may be gone).
   */
  learnHistory(commits: Iterable<{ readonly text: string; readonly files: readonly string[] }>): void {
    for (const c of commits) this.knowledge.learn({ text: c.text, files: c.files });
  }

  /** Learns one change (a commit, or a finished task's text and files with its session). */
  learnChange(change: LearnedChange): void {
    this.knowledge.learn(change);
  }

  /** How much has been learned, for status texts. */
  learned(): KnowledgeStats {
    return this.knowledge.stats();
  }

  // ---- session signals (agent tool events)

  touch(sessionId: string, path: string, kind: TouchKind, at: number): void {
    this.tick(at);
    const p = this.files.add(path);
    const s = this.tracked.get(sessionId);
    if (!s) return;
    s.workingSet.touch(p, kind, at);
    this.knowledge.touched(sessionId, p);
    this.taskTouches.touched(sessionId, p, at);
  }

  /** The session's context was compacted or rolled over: it holds less of what it touched. */
  sessionCompacted(sessionId: string): void {
    this.tracked.get(sessionId)?.workingSet.compacted(this.settings.compactionKeep);
  }

  // ---- outcomes

  /** When the previous task was routed: focus signals before it were about that task. */
  get lastRoutedAt(): number {
    return this.routedAt;
  }

  /**
   * Remembers the areas (directories) a routed task was about, for its outcome, and its text, so
   * that when it finishes the words are learned with the files its agent touched.
   */
  taskRouted(taskId: string, areas: readonly string[], at: number = this.lastAt, text?: string, signals?: SignalDirs): void {
    this.routedAt = Math.max(this.routedAt, at);
    this.pendingTasks.delete(taskId);
    // Only the start of the text is learned from (and a copy: a slice would keep a huge text alive).
    const kept = text === undefined ? undefined : detach(text.length > MAX_LEARNED_TEXT ? text.slice(0, MAX_LEARNED_TEXT) : text);
    this.pendingTasks.set(taskId, { areas, text: kept, at, signals });
    if (this.pendingTasks.size > MAX_PENDING_TASKS) {
      const oldest = this.pendingTasks.keys().next();
      if (!oldest.done) this.pendingTasks.delete(oldest.value);
    }
  }

  /** The task routed as `routedAs` runs as `taskId` (the session manager's id): its outcome counts for the routed areas. */
  taskDispatched(routedAs: string, taskId: string): void {
    const pending = this.pendingTasks.get(routedAs);
    if (pending === undefined || routedAs === taskId) return;
    this.pendingTasks.delete(routedAs);
    this.pendingTasks.set(taskId, pending);
  }

  /**
   * The task finished on `sessionId`. Its outcome counts for the areas it was routed for, and its
   * words (the routed text, or `text` when given, e.g. for a task sent by hand without routing)
   * are learned with the files the session's agent touched since it was routed (or since the
   * session's previous task finished): the session's profile, words ↔ files, co-change.
   */
  taskDone(taskId: string, sessionId: string, ok: boolean | undefined, at: number = this.lastAt, text?: string): void {
    this.tick(at);
    const pending = this.pendingTasks.get(taskId);
    this.pendingTasks.delete(taskId);
    // `undefined`: the task never ran (its CLI did not start); it says nothing of the session's success.
    if (ok !== undefined) this.outcomes.record(sessionId, pending?.areas ?? [], ok);
    const files = this.taskTouches.take(sessionId, pending?.at ?? -Infinity);
    if (pending?.signals !== undefined) this.reliability.observe(pending.signals, files);
    const words = text ?? pending?.text;
    if (words !== undefined && files.length > 0) this.knowledge.learn({ text: words, files, session: sessionId });
  }

  // ---- memory

  /** Drops decayed entries; returns how many were removed. */
  prune(now: number = this.lastAt): number {
    const floor = this.settings.pruneBelow;
    let removed = this.editors.prune(now, floor);
    for (const s of this.tracked.values()) removed += s.workingSet.prune(now, floor);
    this.eventsSincePrune = 0;
    return removed;
  }

  memory(): TrackerMemoryReport {
    let ws = 0;
    for (const s of this.tracked.values()) ws += s.workingSet.size;
    const focus = this.editors.trackedEntries();
    const outcomeEntries = this.outcomes.entries();
    // Entry overheads: a Map entry with a small object ~ 120 bytes; paths are shared strings.
    const approxBytes =
      this.files.approxBytes() +
      ws * 56 +
      focus * 120 +
      outcomeEntries * 120 +
      this.tracked.size * 400 +
      this.knowledge.approxBytes() +
      this.taskTouches.approxBytes();
    return {
      sessions: this.tracked.size,
      knownFiles: this.files.size,
      workingSetEntries: ws,
      focusEntries: focus,
      outcomeEntries,
      learned: this.knowledge.stats(),
      approxBytes,
    };
  }

  /** Registers a path with the knowledge (its words) and returns it. */
  private knowledgeFile(path: string): string {
    this.knowledge.fileId(path);
    return path;
  }

  private tick(at: number): void {
    if (at > this.lastAt) this.lastAt = at;
    if (++this.eventsSincePrune >= PRUNE_EVERY) this.prune(this.lastAt);
  }
}
