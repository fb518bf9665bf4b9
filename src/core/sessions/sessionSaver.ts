// Saves session snapshots through the repository one after another per session, so a slow
// save can never overwrite a newer one, and failures are reported instead of thrown. Saves are
// written when the repository chooses (debounced); `durable` waits until they are on disk.
import type { SessionRepository } from './sessionRepository';
import type { SessionRecord } from './sessionTypes';

export class SessionSaver {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly repository: SessionRepository,
    private readonly onError: (sessionId: string, error: string) => void,
    /** The copy handed to the repository (taken now: the save may run later). */
    private readonly copy: (record: SessionRecord) => SessionRecord = structuredClone,
  ) {}

  /** Queues a save of the record as it is now. */
  save(record: SessionRecord): void {
    const snapshot = this.copy(record);
    const next = (this.chains.get(record.id) ?? Promise.resolve())
      .then(() => this.repository.save(snapshot))
      .catch((err: unknown) => this.onError(record.id, err instanceof Error ? err.message : String(err)));
    this.chains.set(record.id, next);
  }

  /**
   * Resolves once every save of the session queued so far is on disk (the repository's flush after
   * them); rejects when writing failed. Concurrent calls share the repository's writes.
   */
  durable(sessionId: string): Promise<void> {
    return (this.chains.get(sessionId) ?? Promise.resolve()).then(() => this.repository.flush());
  }

  /** Waits for the pending saves of one session, then deletes its record. */
  async delete(sessionId: string): Promise<void> {
    await this.chains.get(sessionId);
    this.chains.delete(sessionId);
    await this.repository.delete(sessionId);
  }

  /** Waits for every pending save. */
  async flush(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }
}
