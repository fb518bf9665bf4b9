// The affinity tracker: everything the router knows, fed by events (editor sync, session tool
// events, task outcomes, load). Memory is bounded: focus entries decay away and are pruned,
// working sets are capped by the context capacity.

import { EditorState } from './editorState';
import { FileIndex, type SymbolIndex } from './fileIndex';
import { OutcomeHistory } from './outcomes';
import { normalizePath } from './paths';
import { resolveRoutingSettings, type RoutingSettings } from './settings';
import type { RoutingSession, SessionLoad } from './types';
import { WorkingSet, type TouchKind } from './workingSet';

export interface TrackerMemoryReport {
  readonly sessions: number;
  readonly knownFiles: number;
  readonly workingSetEntries: number;
  readonly focusEntries: number;
  readonly outcomeEntries: number;
  /** Estimated bytes held by the tracker's own structures. */
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

const PRUNE_EVERY = 1_000;
const MAX_PENDING_TASKS = 10_000;

export class AffinityTracker {
  readonly settings: RoutingSettings;
  readonly files = new FileIndex();
  readonly editors: EditorState;
  readonly outcomes: OutcomeHistory;
  symbols: SymbolIndex | undefined;
  private readonly tracked = new Map<string, TrackedSession>();
  private readonly pendingAreas = new Map<string, readonly string[]>();
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
    this.editors.opened(this.files.add(path), at);
  }

  didClose(path: string, at: number): void {
    this.tick(at);
    this.editors.closed(normalizePath(path));
  }

  setEditors(visible: readonly string[], active: string | undefined, at: number): void {
    this.tick(at);
    this.editors.setEditors(
      visible.map((p) => this.files.add(p)),
      active === undefined ? undefined : this.files.add(active),
      at,
    );
  }

  /** A change to `path`, by the user or by a session's agent (its id). */
  didEdit(path: string, by: string, at: number): void {
    this.tick(at);
    const p = this.files.add(path);
    if (by === 'user') this.editors.edited(p, at);
    else this.touch(by, p, 'edit', at);
  }

  /** A file was deleted (or renamed away): it can no longer be mentioned. */
  didDelete(path: string, at: number = this.lastAt): void {
    this.tick(at);
    const p = normalizePath(path);
    this.files.remove(p);
    this.editors.closed(p);
  }

  /** Files the workspace is known to contain (e.g. from a file search at start). */
  addKnownFiles(paths: Iterable<string>): void {
    for (const p of paths) this.files.add(p);
  }

  // ---- session signals (agent tool events)

  touch(sessionId: string, path: string, kind: TouchKind, at: number): void {
    this.tick(at);
    const p = this.files.add(path);
    this.tracked.get(sessionId)?.workingSet.touch(p, kind, at);
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

  /** Remembers the areas (directories) a routed task was about, for its outcome. */
  taskRouted(taskId: string, areas: readonly string[], at: number = this.lastAt): void {
    this.routedAt = Math.max(this.routedAt, at);
    this.pendingAreas.set(taskId, areas);
    if (this.pendingAreas.size > MAX_PENDING_TASKS) {
      const oldest = this.pendingAreas.keys().next();
      if (!oldest.done) this.pendingAreas.delete(oldest.value);
    }
  }

  /** The task routed as `routedAs` runs as `taskId` (the session manager's id): its outcome counts for the routed areas. */
  taskDispatched(routedAs: string, taskId: string): void {
    const areas = this.pendingAreas.get(routedAs);
    if (areas === undefined || routedAs === taskId) return;
    this.pendingAreas.delete(routedAs);
    this.pendingAreas.set(taskId, areas);
  }

  taskDone(taskId: string, sessionId: string, ok: boolean, at: number = this.lastAt): void {
    this.tick(at);
    const areas = this.pendingAreas.get(taskId) ?? [];
    this.pendingAreas.delete(taskId);
    this.outcomes.record(sessionId, areas, ok);
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
    const approxBytes = this.files.approxBytes() + ws * 56 + focus * 120 + outcomeEntries * 120 + this.tracked.size * 400;
    return {
      sessions: this.tracked.size,
      knownFiles: this.files.size,
      workingSetEntries: ws,
      focusEntries: focus,
      outcomeEntries,
      approxBytes,
    };
  }

  private tick(at: number): void {
    if (at > this.lastAt) this.lastAt = at;
    if (++this.eventsSincePrune >= PRUNE_EVERY) this.prune(this.lastAt);
  }
}
