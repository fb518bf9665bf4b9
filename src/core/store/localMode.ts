// Local mode: the file belongs to this process alone (workspace stores). Writes are plain atomic
// writes of the in-memory data; a reload writes pending changes first, then reads the file.
import type { Mutator, StoreCore } from './storeCore';
import type { StoreMode } from './storeMode';
import type { StoreData } from './storeTypes';
import type { WriteScheduler } from './writeScheduler';

export class LocalMode<T extends StoreData> implements StoreMode<T> {
  private updateSeq = 0;
  /** The last update sequence number contained in a completed write. */
  private writtenSeq = 0;
  /** Updates made during a reload, with their sequence numbers. */
  private reloadQueue: Array<{ readonly seq: number; readonly mutator: Mutator<T> }> | undefined;
  private reloading: Promise<void> | undefined;

  constructor(
    private readonly core: StoreCore<T>,
    private readonly scheduler: WriteScheduler,
  ) {}

  async open(): Promise<void> {
    this.adopt(await this.core.load());
  }

  recordUpdate(mutator: Mutator<T>): void {
    const seq = ++this.updateSeq;
    this.reloadQueue?.push({ seq, mutator });
  }

  /** Writes the data; remembers which updates the snapshot holds (lowdb's write encodes it synchronously). */
  async write(): Promise<void> {
    const upTo = this.updateSeq;
    await this.core.low.write();
    this.writtenSeq = upTo;
  }

  settled(): Promise<void> | undefined {
    return this.reloading?.catch(() => undefined);
  }

  reload(): Promise<void> {
    this.reloading ??= this.reloadOnce().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  /**
   * Pending changes are written first (this process owns the file), then the file is read.
   * Updates made meanwhile are queued and, unless a write already put them in the file that was
   * read, applied again on the new data. No background write runs during the read.
   */
  private async reloadOnce(): Promise<void> {
    this.reloadQueue = [];
    this.scheduler.pause();
    try {
      if (this.core.readOnlyReason === undefined) await this.scheduler.flush();
      this.adopt(await this.core.load());
      for (const { seq, mutator } of this.reloadQueue) {
        if (seq > this.writtenSeq) this.core.replay(mutator, this.core.low.data, true);
      }
    } finally {
      this.reloadQueue = undefined;
      this.scheduler.resume();
    }
  }

  /** Takes loaded data; writes it soon when it differs from the file (migrated, or fresh after a quarantine). */
  private adopt(recovered: Awaited<ReturnType<StoreCore<T>['load']>>): void {
    this.core.low.data = recovered.data;
    this.core.readOnlyReason = recovered.readOnlyReason;
    if (recovered.persist && recovered.readOnlyReason === undefined) this.scheduler.markDirty();
  }
}
