// Which sessions hold which files in their context: the files each session's agent read or edited
// (its tool events, and the working set it was loaded with), since its last compaction. Paths are
// kept in workspace terms (a session's worktree maps back onto its workspace folder), so "who holds
// src/auth.ts" finds the session working in a worktree of the same repository.
import { isAbsolute, relative, resolve } from 'node:path';
import type { SessionManager } from '../sessions/sessionManager';
import type { SessionRecord } from '../sessions/sessionTypes';

export interface Holding {
  sessionId: string;
  /** When the session first read or edited the file (since its context was last compacted). */
  firstAt: number;
  lastAt: number;
  reads: number;
  edits: number;
}

export interface ContextHoldingsDeps {
  manager: SessionManager;
  /** The workspace folders (relative query paths are resolved against each). */
  folders: readonly string[];
  /** The workspace folder a session belongs to (its worktree maps back to it). */
  workspaceFolderOf(sessionId: string): string | undefined;
}

export class ContextHoldings {
  /** path (absolute, in workspace terms) → session id → holding. */
  private readonly byPath = new Map<string, Map<string, Holding>>();
  /** session id → the paths it holds (to forget them at compaction). */
  private readonly bySession = new Map<string, Set<string>>();

  constructor(private readonly deps: ContextHoldingsDeps) {
    const { manager } = deps;
    for (const s of manager.list()) this.seed(s);
    manager.on('agentEvent', ({ sessionId, event }) => {
      if (event.type === 'tool_use' && event.files.length > 0) {
        const s = manager.brief(sessionId); // its id and folder: no copy of its history per event
        if (!s) return;
        const now = Date.now();
        for (const f of event.files)
          this.touch(sessionId, this.keyOf(s, f.path), f.access === 'edit' ? { reads: 0, edits: 1 } : { reads: 1, edits: 0 }, now, now);
      } else if (event.type === 'compaction') {
        this.forget(sessionId);
      }
    });
    manager.on('sessionDeleted', ({ sessionId }) => this.forget(sessionId));
  }

  /** The sessions holding a file (absolute, or relative to a workspace folder), most recent first. */
  holders(path: string): { path: string; holdings: Holding[] } {
    const keys = isAbsolute(path) ? [resolve(path)] : this.deps.folders.map((f) => resolve(f, path));
    const found = new Map<string, Holding>();
    let matched = keys[0] ?? path;
    for (const key of keys) {
      const held = this.byPath.get(key);
      if (!held) continue;
      matched = key;
      for (const h of held.values()) found.set(h.sessionId, { ...h });
    }
    return { path: matched, holdings: [...found.values()].sort((a, b) => b.lastAt - a.lastAt) };
  }

  /** How many files a session holds. */
  count(sessionId: string): number {
    return this.bySession.get(sessionId)?.size ?? 0;
  }

  private seed(s: SessionRecord): void {
    for (const w of s.workingSet) {
      this.touch(s.id, this.keyOf(s, w.path), { reads: w.reads, edits: w.edits }, w.firstAt, w.lastAt);
    }
  }

  /** A path the agent named (absolute, or relative to where it runs), in workspace terms. */
  private keyOf(s: Pick<SessionRecord, 'id' | 'folder'>, path: string): string {
    const abs = isAbsolute(path) ? resolve(path) : resolve(s.folder, path);
    const rel = relative(s.folder, abs);
    const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    const workspace = this.deps.workspaceFolderOf(s.id) ?? s.folder;
    return inside ? resolve(workspace, rel) : abs;
  }

  private touch(sessionId: string, key: string, count: { reads: number; edits: number }, firstAt: number, lastAt: number): void {
    let held = this.byPath.get(key);
    if (!held) this.byPath.set(key, (held = new Map()));
    const h = held.get(sessionId) ?? { sessionId, firstAt, lastAt, reads: 0, edits: 0 };
    h.firstAt = Math.min(h.firstAt, firstAt);
    h.lastAt = Math.max(h.lastAt, lastAt);
    h.reads += count.reads;
    h.edits += count.edits;
    held.set(sessionId, h);
    let paths = this.bySession.get(sessionId);
    if (!paths) this.bySession.set(sessionId, (paths = new Set()));
    paths.add(key);
  }

  /** The session's context was compacted (or it was deleted): it holds nothing any more. */
  private forget(sessionId: string): void {
    for (const key of this.bySession.get(sessionId) ?? []) {
      const held = this.byPath.get(key);
      held?.delete(sessionId);
      if (held?.size === 0) this.byPath.delete(key);
    }
    this.bySession.delete(sessionId);
  }
}
