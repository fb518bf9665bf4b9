// The workspace's session records on the store layer: one JSON file with every session and the
// worktree each isolated session owns. Implements the session manager's repository.
import { join } from 'node:path';
import { openJsonStore, type JsonObject, type JsonStore, type StoreProblem } from '../store';
import type { SessionRepository } from './sessionRepository';
import type { SessionRecord } from './sessionTypes';

export interface WorktreeRecord {
  /** The workspace folder the session belongs to (the repository's folder). */
  workspaceFolder: string;
  repoRoot: string;
  path: string;
  branch: string;
  /** The Claude Code config file in which this worktree was marked trusted (removed with it). */
  claudeTrustIn?: string;
}

export interface SessionsDocument {
  sessions: SessionRecord[];
  worktrees: Record<string, WorktreeRecord>;
}

function validate(data: JsonObject): string | undefined {
  if (!Array.isArray(data.sessions)) return 'sessions is not a list';
  for (const s of data.sessions as unknown[]) {
    const r = s as Partial<SessionRecord> | null;
    if (typeof r !== 'object' || r === null || typeof r.id !== 'string' || typeof r.folder !== 'string' || typeof r.agent !== 'string') {
      return 'a session record lacks its id, folder or agent';
    }
  }
  if (typeof data.worktrees !== 'object' || data.worktrees === null || Array.isArray(data.worktrees)) return 'worktrees is not an object';
  return undefined;
}

export class SessionStore implements SessionRepository {
  private constructor(private readonly store: JsonStore<SessionsDocument>) {}

  static async open(storageDir: string, onProblem: (p: StoreProblem) => void): Promise<SessionStore> {
    const store = await openJsonStore<SessionsDocument>({
      file: join(storageDir, 'sessions.json'),
      defaults: () => ({ sessions: [], worktrees: {} }),
      schemaVersion: 1,
      validate,
      onProblem,
    });
    return new SessionStore(store);
  }

  get file(): string {
    return this.store.file;
  }

  async loadAll(): Promise<SessionRecord[]> {
    return structuredClone(this.store.data.sessions);
  }

  async save(record: SessionRecord): Promise<void> {
    const copy = structuredClone(record);
    this.store.update((d) => {
      const i = d.sessions.findIndex((s) => s.id === copy.id);
      if (i >= 0) d.sessions[i] = copy;
      else d.sessions.push(copy);
    });
  }

  async delete(id: string): Promise<void> {
    this.store.update((d) => {
      d.sessions = d.sessions.filter((s) => s.id !== id);
      delete d.worktrees[id];
    });
  }

  worktree(id: string): WorktreeRecord | undefined {
    return this.store.data.worktrees[id];
  }

  setWorktree(id: string, worktree: WorktreeRecord): void {
    this.store.update((d) => {
      d.worktrees[id] = worktree;
    });
  }

  flush(): Promise<void> {
    return this.store.flush();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
