// The user's editor focus: open, visible and active editors, and the user's own edits with decay.
// Fed by LSP document sync (didOpen/didClose/didChange) and the host's active-editor notification.
// Open editors count by recency of focus: the active one most, one the user just switched away
// from a good deal, one opened and never looked at since, or left open for hours, little.

import { decayed } from './decay';
import { sortDescending } from './stableSort';

export interface FocusEntry {
  readonly path: string;
  /** Decayed weight in 0..1: how much the file is the user's current focus. */
  readonly weight: number;
  readonly why: 'active' | 'edited' | 'opened' | 'visible';
  /** When the signal was last seen. */
  readonly at: number;
}

interface EditRecord {
  weight: number;
  at: number;
  count: number;
}

export class EditorState {
  private readonly open = new Map<string, number>();
  /** When an open editor last had the focus (it stopped being the active one then). */
  private readonly focusedAt = new Map<string, number>();
  private visible = new Set<string>();
  private active: string | undefined;
  private activeAt = 0;
  private readonly edits = new Map<string, EditRecord>();
  /** The newest edited and opened files, the only ones that can still be focus (bounded). */
  private readonly recentEdits = new Map<string, true>();
  private readonly recentOpens = new Map<string, true>();

  constructor(
    private readonly halfLifeMs: number,
    private readonly maxEdits: number,
  ) {}

  opened(path: string, at: number): void {
    this.open.delete(path);
    this.open.set(path, at);
    bumpRecent(this.recentOpens, path);
  }

  closed(path: string): void {
    this.open.delete(path);
    this.focusedAt.delete(path);
    this.recentOpens.delete(path);
    this.visible.delete(path);
    if (this.active === path) this.active = undefined;
  }

  /** The visible editors and the active one (undefined when focus left the editors). */
  setEditors(visible: readonly string[], active: string | undefined, at: number): void {
    this.visible = new Set(visible);
    if (active !== this.active) {
      // The editor that loses the focus was focused until now.
      if (this.active !== undefined && this.open.has(this.active)) {
        this.focusedAt.set(this.active, at);
        bumpRecent(this.recentOpens, this.active);
      }
      if (active !== undefined) this.activeAt = at;
    }
    this.active = active;
    for (const p of visible) {
      if (!this.open.has(p)) this.opened(p, at);
      else bumpRecent(this.recentOpens, p);
    }
    if (active !== undefined && !this.open.has(active)) this.opened(active, at);
  }

  /** A user edit on `path`. Repeated edits add up (capped at 1 per entry after decay). */
  edited(path: string, at: number): void {
    bumpRecent(this.recentEdits, path);
    const rec = this.edits.get(path);
    if (rec) {
      rec.weight = Math.min(1, decayed(rec.weight, rec.at, at, this.halfLifeMs) + 1);
      rec.at = at;
      rec.count++;
      this.edits.delete(path);
      this.edits.set(path, rec);
    } else {
      this.edits.set(path, { weight: 1, at, count: 1 });
      if (this.edits.size > this.maxEdits) {
        const oldest = this.edits.keys().next();
        if (!oldest.done) this.edits.delete(oldest.value);
      }
    }
  }

  openFiles(): readonly string[] {
    return [...this.open.keys()];
  }

  isOpen(path: string): boolean {
    return this.open.has(path);
  }

  activeEditor(): string | undefined {
    return this.active;
  }

  /** Time of the user's last edit of `path`, if still tracked. */
  lastEdit(path: string): number | undefined {
    return this.edits.get(path)?.at;
  }

  /**
   * The files the user is focused on now, strongest signal per file, heaviest first. Signals older
   * than `since` (the previous routed task: they were about that one) count `staleFactor` as much.
   */
  focus(now: number, since = -Infinity, staleFactor = 1): FocusEntry[] {
    // A file has one entry, its strongest signal, in the place where it was first seen; an entry
    // is only made when it wins (this runs for every decision).
    const out: FocusEntry[] = [];
    const active = this.active;
    if (active !== undefined) out.push({ path: active, weight: 1, why: 'active', at: this.activeAt });
    for (const path of this.recentEdits.keys()) {
      const rec = this.edits.get(path);
      if (!rec) continue;
      const weight = staled(decayed(rec.weight, rec.at, now, this.halfLifeMs), rec.at, since, staleFactor);
      const prev = path === active ? 0 : -1;
      if (prev < 0) out.push({ path, weight, why: 'edited', at: rec.at });
      else if ((out[prev] as FocusEntry).weight < weight) out[prev] = { path, weight, why: 'edited', at: rec.at };
    }
    for (const path of this.recentOpens.keys()) {
      const openedAt = this.open.get(path);
      if (openedAt === undefined) continue;
      // An editor counts from when it last had the focus (more when it had it), else from when it opened.
      const focused = this.focusedAt.get(path);
      const at = focused ?? openedAt;
      const w = staled(decayed(focused === undefined ? OPENED_WEIGHT : FOCUSED_WEIGHT, at, now, this.halfLifeMs), at, since, staleFactor);
      const visible = this.visible.has(path);
      const weight = visible ? Math.max(w, 0.5) : w;
      const prev = path === active ? 0 : this.edits.has(path) && this.recentEdits.has(path) ? indexOfPath(out, path) : -1;
      if (prev < 0) out.push({ path, weight, why: visible ? 'visible' : 'opened', at });
      else if ((out[prev] as FocusEntry).weight < weight) out[prev] = { path, weight, why: visible ? 'visible' : 'opened', at };
    }
    return sortByWeight(out);
  }

  /** Drops user edits whose weight decayed under `floor`. */
  prune(now: number, floor: number): number {
    let removed = 0;
    for (const [path, rec] of this.edits) {
      if (decayed(rec.weight, rec.at, now, this.halfLifeMs) < floor) {
        this.edits.delete(path);
        this.recentEdits.delete(path);
        removed++;
      }
    }
    return removed;
  }

  trackedEntries(): number {
    return this.open.size + this.edits.size;
  }
}

/** Weight of an editor that had the focus, when it lost it (decaying from then), and of one only opened. */
const FOCUSED_WEIGHT = 0.75;
const OPENED_WEIGHT = 0.5;

/** Focus looks at this many of the newest edited and opened files. */
const RECENT_FOCUS = 32;

function bumpRecent(m: Map<string, true>, path: string): void {
  m.delete(path);
  m.set(path, true);
  if (m.size > RECENT_FOCUS) {
    const oldest = m.keys().next();
    if (!oldest.done) m.delete(oldest.value);
  }
}

/** A signal older than `since` (it was about the previous task) counts `staleFactor` as much. */
function staled(weight: number, at: number, since: number, staleFactor: number): number {
  return at < since ? weight * staleFactor : weight;
}

function indexOfPath(entries: readonly FocusEntry[], path: string): number {
  for (let i = 0; i < entries.length; i++) if ((entries[i] as FocusEntry).path === path) return i;
  return -1;
}

/** Heaviest first, equal weights in their order. */
function sortByWeight(entries: FocusEntry[]): FocusEntry[] {
  return sortDescending(entries, weightOf);
}

function weightOf(entry: FocusEntry): number {
  return entry.weight;
}
