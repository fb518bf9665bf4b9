// Where session records are persisted. The orchestrator plugs in the workspace store; tests use
// the in-memory implementation.
import type { SessionRecord } from './sessionTypes';

export interface SessionRepository {
  loadAll(): Promise<SessionRecord[]>;
  /** Inserts or replaces the record with the same id (may be written later: see flush). The record
   *  is the repository's to keep: the caller hands over a copy it never changes (its finished tasks
   *  are frozen and shared with other copies), so the repository need not copy it again. */
  save(record: SessionRecord): Promise<void>;
  delete(id: string): Promise<void>;
  /** Resolves once every save and delete made so far is on disk; rejects when writing failed. */
  flush(): Promise<void>;
}

export class InMemorySessionRepository implements SessionRepository {
  private readonly records = new Map<string, SessionRecord>();
  saves = 0;
  flushes = 0;

  constructor(initial: SessionRecord[] = []) {
    for (const r of initial) this.records.set(r.id, structuredClone(r));
  }

  async loadAll(): Promise<SessionRecord[]> {
    return [...this.records.values()].map((r) => structuredClone(r));
  }

  async save(record: SessionRecord): Promise<void> {
    this.saves += 1;
    this.records.set(record.id, record);
  }

  async delete(id: string): Promise<void> {
    this.records.delete(id);
  }

  async flush(): Promise<void> {
    this.flushes += 1;
  }

  /** The stored copy (tests). */
  get(id: string): SessionRecord | undefined {
    const r = this.records.get(id);
    return r ? structuredClone(r) : undefined;
  }
}
