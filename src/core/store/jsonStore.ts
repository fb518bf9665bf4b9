// A JSON store on lowdb: one file, typed data with a schema version and migrations, debounced
// atomic writes, quarantine of damaged files, and a shared mode for files written by several
// processes (VS Code windows), where each write takes a lock, re-reads the file and replays the
// queued updates on its latest content.
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Low } from 'lowdb';
import { cleanStaleTempFiles } from './atomicWrite';
import { acquireFileLock, type FileLock } from './fileLock';
import { checkMigrations } from './migrations';
import { StoreFileAdapter } from './storeFileAdapter';
import { StoreClosedError, StoreLockTimeoutError, StoreReadOnlyError, asError, errorText } from './storeErrors';
import { loadWithRecovery, type RecoveredData } from './storeRecovery';
import type { JsonStore, JsonStoreOptions, StoreData, StoreProblem, StoreStats } from './storeTypes';
import { WriteScheduler } from './writeScheduler';

const DEFAULT_DEBOUNCE_MS = 100;

/**
 * Opens (or creates) the store at `options.file`. Rejects with StoreAccessError when the file
 * exists but cannot be read: an unreadable file is never quarantined nor overwritten.
 */
export async function openJsonStore<T extends StoreData>(options: JsonStoreOptions<T>): Promise<JsonStore<T>> {
  const file = resolve(options.file);
  checkMigrations(file, options.schemaVersion, options.migrations ?? []);
  await mkdir(dirname(file), { recursive: true }).catch(() => undefined); // A failing write reports it.
  await cleanStaleTempFiles(file);
  const store = new JsonFileStore<T>(file, options);
  await store.open();
  return store;
}

class JsonFileStore<T extends StoreData> implements JsonStore<T> {
  readonly shared: boolean;
  private readonly adapter: StoreFileAdapter<T>;
  private readonly low: Low<T>;
  private readonly scheduler: WriteScheduler;
  /** Shared mode: updates applied in memory, to replay on the file's content until written under the lock. */
  private readonly queue: Array<(draft: T) => void> = [];
  /** Local mode: updates made during a reload, with their sequence numbers. */
  private reloadQueue: Array<{ readonly seq: number; readonly mutator: (draft: T) => void }> | undefined;
  private reloading: Promise<void> | undefined;
  private updateSeq = 0;
  /** Local mode: the last update sequence number contained in a completed write. */
  private writtenSeq = 0;
  private readOnly: string | undefined;
  private closed = false;
  private failedWrites = 0;

  constructor(
    readonly file: string,
    private readonly options: JsonStoreOptions<T>,
  ) {
    this.shared = options.shared ?? false;
    this.adapter = new StoreFileAdapter<T>({
      file,
      schemaVersion: options.schemaVersion,
      migrations: options.migrations ?? [],
      validate: options.validate,
      fsync: options.fsync ?? true,
      indent: options.indent ?? 2,
    });
    this.low = new Low<T>(this.adapter, options.defaults());
    this.scheduler = new WriteScheduler({
      delayMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
      write: () => (this.shared ? this.writeShared() : this.writeLocal()),
      onError: (error) => this.reportWriteFailure(error),
    });
  }

  get data(): Readonly<T> {
    return this.low.data;
  }

  get readOnlyReason(): string | undefined {
    return this.readOnly;
  }

  get stats(): StoreStats {
    return { writes: this.adapter.writes, failedWrites: this.failedWrites };
  }

  async open(): Promise<void> {
    if (this.shared) await this.refreshShared();
    else this.adopt(await this.load());
  }

  update(mutator: (draft: T) => void): void {
    if (this.closed) throw new StoreClosedError(this.file);
    if (this.readOnly !== undefined) throw new StoreReadOnlyError(this.file, this.readOnly);
    mutator(this.low.data);
    const seq = ++this.updateSeq;
    if (this.shared) this.queue.push(mutator);
    else this.reloadQueue?.push({ seq, mutator });
    this.scheduler.markDirty();
  }

  async flush(): Promise<void> {
    if (this.reloading !== undefined) await this.reloading.catch(() => undefined);
    return this.scheduler.flush();
  }

  async reload(): Promise<void> {
    if (this.shared) {
      if (this.readOnly === undefined) await this.flush();
      return this.refreshShared();
    }
    if (this.reloading !== undefined) return this.reloading;
    this.reloading = this.reloadLocal().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  async close(): Promise<void> {
    this.closed = true;
    try {
      if (this.readOnly === undefined) await this.scheduler.flush();
    } finally {
      this.scheduler.cancel();
    }
  }

  private load(): Promise<RecoveredData<T>> {
    return loadWithRecovery({
      file: this.file,
      adapter: this.adapter,
      defaults: this.options.defaults,
      now: this.options.now ?? ((): Date => new Date()),
      report: (problem) => this.report(problem),
    });
  }

  /** Local mode write; remembers which updates the written snapshot contains (it is taken synchronously). */
  private async writeLocal(): Promise<void> {
    const upTo = this.updateSeq;
    await this.low.write();
    this.writtenSeq = upTo;
  }

  /**
   * Local mode reload: pending changes are written first (this process owns the file), then the
   * file is read. Updates made meanwhile are queued and, unless a write already put them in the
   * file that was read, applied again on the new data. No background write runs during the read.
   */
  private async reloadLocal(): Promise<void> {
    this.reloadQueue = [];
    this.scheduler.pause();
    try {
      if (this.readOnly === undefined) await this.scheduler.flush();
      this.adopt(await this.load());
      for (const { seq, mutator } of this.reloadQueue) {
        if (seq > this.writtenSeq) this.replay(mutator, this.low.data, true);
      }
    } finally {
      this.reloadQueue = undefined;
      this.scheduler.resume();
    }
  }

  /** Local mode: takes loaded data; writes it soon when it differs from the file. */
  private adopt(recovered: RecoveredData<T>): void {
    this.low.data = recovered.data;
    this.readOnly = recovered.readOnlyReason;
    if (recovered.persist && this.readOnly === undefined) this.scheduler.markDirty();
  }

  /**
   * Shared mode: loads under the lock (so a recovery write cannot race another process), then
   * replays the queue. When the lock file cannot even be created (read-only folder), loads without
   * it like a local store: writes will fail and be reported.
   */
  private async refreshShared(): Promise<void> {
    let lock: FileLock;
    try {
      lock = await this.acquireLock();
    } catch (error) {
      if (error instanceof StoreLockTimeoutError) throw error;
      const recovered = await this.load();
      this.readOnly = recovered.readOnlyReason;
      this.adoptShared(recovered.data);
      if (recovered.persist && this.readOnly === undefined) this.scheduler.markDirty();
      return;
    }
    try {
      const recovered = await this.load();
      this.readOnly = recovered.readOnlyReason;
      if (recovered.persist && this.readOnly === undefined) await this.writeLocked(lock, recovered.data);
      this.adoptShared(recovered.data);
    } finally {
      await lock.release();
    }
  }

  /** Shared mode write: lock, re-read, replay the queued updates, write, unlock. */
  private async writeShared(): Promise<void> {
    const batch = this.queue.splice(0);
    try {
      await this.withLock(async (lock) => {
        const recovered = await this.load();
        this.readOnly = recovered.readOnlyReason;
        if (this.readOnly !== undefined) throw new StoreReadOnlyError(this.file, this.readOnly);
        const fresh = recovered.data;
        for (const mutator of batch) this.replay(mutator, fresh, true);
        await this.writeLocked(lock, fresh);
        this.adoptShared(fresh);
      });
    } catch (error) {
      this.queue.unshift(...batch);
      throw error;
    }
  }

  /** Makes `fresh` the in-memory data, with the updates queued since (still to be written) applied on top. */
  private adoptShared(fresh: T): void {
    this.low.data = fresh;
    for (const mutator of this.queue) this.replay(mutator, fresh, false);
  }

  private async writeLocked(lock: FileLock, data: T): Promise<void> {
    // A lock held past its stale limit may have been broken; never write without it.
    if (!(await lock.isHeld())) throw new Error(`lost the lock "${lock.path}" before writing (it was taken as stale)`);
    await this.adapter.write(data);
  }

  private replay(mutator: (draft: T) => void, draft: T, reportFailure: boolean): void {
    try {
      mutator(draft);
    } catch (error) {
      if (!reportFailure) return;
      this.report({
        kind: 'updateDropped',
        file: this.file,
        error: asError(error),
        message: `An update to "${this.file}" could not be applied to its latest content and was dropped: ${errorText(error)}`,
      });
    }
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
    const lockPath = `${this.file}.lock`;
    const tuning = this.options.lock;
    return acquireFileLock(lockPath, {
      ...(tuning?.staleMs !== undefined ? { staleMs: tuning.staleMs } : {}),
      ...(tuning?.timeoutMs !== undefined ? { timeoutMs: tuning.timeoutMs } : {}),
      onStaleLockBroken: (holder, why) =>
        this.report({
          kind: 'staleLockBroken',
          file: this.file,
          lockFile: lockPath,
          holder,
          message: `Removed a stale lock on "${this.file}" left by ${holder} (${why}).`,
        }),
    });
  }

  private reportWriteFailure(error: unknown): void {
    this.failedWrites++;
    this.report({
      kind: 'writeFailed',
      file: this.file,
      error: asError(error),
      message:
        `Agent Affinity could not save "${this.file}": ${errorText(error)}. ` +
        'The changes are kept in memory and saving is retried on the next change.',
    });
  }

  private report(problem: StoreProblem): void {
    try {
      this.options.onProblem?.(problem);
    } catch {
      // A failing listener must not break the store.
    }
  }
}
