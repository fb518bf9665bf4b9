// The workspace's session records on the store layer: one JSON file with every session and the
// worktree each isolated session owns (spec in ../workspace/workspaceStores.ts: a bad session record is set
// aside on load, the others load). Implements the session manager's repository.
import type { JsonStore, StoreProblem } from '../store/storeTypes';
import type { SessionRepository } from './sessionRepository';
import type { SessionRecord, SessionsDocument, WorktreeRecord } from './sessionTypes';
import { openWorkspaceStore } from '../workspace/workspaceStores';

export class SessionStore implements SessionRepository {
  private constructor(private readonly store: JsonStore<SessionsDocument>) {}

  static async open(storageDir: string, onProblem: (p: StoreProblem) => void): Promise<SessionStore> {
    return new SessionStore(await openWorkspaceStore(storageDir, 'sessions', onProblem));
  }

  get file(): string {
    return this.store.file;
  }

  async loadAll(): Promise<SessionRecord[]> {
    return structuredClone(this.store.data.sessions);
  }

  async save(record: SessionRecord): Promise<void> {
    const copy = record; // the saver's own copy (see SessionRepository.save)
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
