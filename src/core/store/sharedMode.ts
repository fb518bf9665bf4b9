// Shared mode: the file is written by several processes (VS Code windows sharing the global
// learned-fixes store). Every write takes the lock file, re-reads the file unless it is unchanged
// since this process last read or wrote it, replays the queued updates on that content, writes
// atomically and releases. Updates are also applied to the in-memory copy at once.
import { acquireFileLock, type FileLock } from './fileLock';
import type { Mutator, StoreCore } from './storeCore';
import { StoreLockTimeoutError, StoreReadOnlyError } from './storeErrors';
import { type FileIdentity, sameIdentity } from './storeFileAdapter';
import type { StoreMode } from './storeMode';
import type { StoreData } from './storeTypes';
import type { WriteScheduler } from './writeScheduler';

export interface SharedModeOptions {
  readonly staleMs?: number;
  readonly timeoutMs?: number;
}

export class SharedMode<T extends StoreData> implements StoreMode<T> {
  /** Updates applied in memory and not yet written; replayed on the file's content before writing. */
  private readonly queue: Array<Mutator<T>> = [];
  /** The file version the in-memory data is built on (data = that file + the queue); undefined: unknown. */
  private basedOn: FileIdentity | undefined;

  constructor(
    private readonly core: StoreCore<T>,
    private readonly scheduler: WriteScheduler,
    private readonly lockOptions: SharedModeOptions,
  ) {}

  open(): Promise<void> {
    return this.refresh();
  }

  recordUpdate(mutator: Mutator<T>): void {
    this.queue.push(mutator);
  }

  /** Pulls other processes' changes; a file unchanged since we last read or wrote it is not read again. */
  async reload(): Promise<void> {
    if (this.core.readOnlyReason === undefined) await this.scheduler.flush();
    if (this.basedOn !== undefined && sameIdentity(this.basedOn, await this.core.adapter.identity())) return;
    await this.refresh();
  }

  settled(): undefined {
    return undefined; // Shared reloads keep the queue; nothing to wait for.
  }

  async write(): Promise<void> {
    let batch: Array<Mutator<T>> = [];
    try {
      await this.withLock(async (lock) => {
        if (this.basedOn !== undefined && sameIdentity(this.basedOn, await this.core.adapter.identity())) {
          // Nobody wrote since we last did: the in-memory data already is the file plus every queued update.
          await ensureHeld(lock);
          batch = this.queue.splice(0);
          await this.core.low.write(); // Encodes synchronously, so it holds exactly `batch`.
          batch = [];
          this.basedOn = await this.core.adapter.identity();
          return;
        }
        const recovered = await this.core.load();
        this.core.readOnlyReason = recovered.readOnlyReason;
        if (recovered.readOnlyReason !== undefined) throw new StoreReadOnlyError(this.core.file, recovered.readOnlyReason);
        const fresh = recovered.data;
        batch = this.queue.splice(0);
        for (const mutator of batch) this.core.replay(mutator, fresh, true);
        await ensureHeld(lock);
        await this.core.adapter.write(fresh);
        batch = [];
        this.adopt(fresh, await this.core.adapter.identity());
      });
    } catch (error) {
      this.queue.unshift(...batch); // Not written: keep them for the retry.
      throw error;
    }
  }

  /**
   * Loads under the lock (so a recovery write cannot race another process), then replays the
   * queue. When the lock file cannot even be created (read-only folder), loads without it: writes
   * will fail and be reported.
   */
  private async refresh(): Promise<void> {
    let lock: FileLock;
    try {
      lock = await this.acquireLock();
    } catch (error) {
      if (error instanceof StoreLockTimeoutError) throw error;
      const recovered = await this.core.load();
      this.core.readOnlyReason = recovered.readOnlyReason;
      this.adopt(recovered.data, undefined);
      if (recovered.persist && recovered.readOnlyReason === undefined) this.scheduler.markDirty();
      return;
    }
    try {
      const recovered = await this.core.load();
      this.core.readOnlyReason = recovered.readOnlyReason;
      if (recovered.persist && recovered.readOnlyReason === undefined) {
        await ensureHeld(lock);
        await this.core.adapter.write(recovered.data);
      }
      this.adopt(recovered.data, await this.core.adapter.identity());
    } finally {
      await lock.release();
    }
  }

  /** Makes `fresh` the in-memory data, with the updates still queued applied on top. */
  private adopt(fresh: T, identity: FileIdentity | undefined): void {
    this.core.low.data = fresh;
    this.basedOn = identity;
    for (const mutator of this.queue) this.core.replay(mutator, fresh, false);
  }

  private async withLock(work: (lock: FileLock) => Promise<void>): Promise<void> {
    const lock = await this.acquireLock();
    try {
      await work(lock);
    } finally {
      await lock.release();
    }
  }

  private acquireLock(): Promise<FileLock> {
    const { file } = this.core;
    const lockFile = `${file}.lock`;
    return acquireFileLock(lockFile, {
      ...this.lockOptions,
      onStaleLockBroken: (holder, why) =>
        this.core.report({
          kind: 'staleLockBroken',
          file,
          lockFile,
          holder,
          message: `Removed a stale lock on "${file}" left by ${holder} (${why}).`,
        }),
    });
  }
}

/** A lock held past its stale limit may have been broken by another process: never write without it. */
async function ensureHeld(lock: FileLock): Promise<void> {
  if (!(await lock.isHeld())) throw new Error(`lost the lock "${lock.path}" before writing (it was taken as stale)`);
}
