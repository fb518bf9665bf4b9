// A JSON store on lowdb: one file, typed data with a schema version and migrations, debounced
// atomic writes, quarantine of damaged files, and a shared mode for files written by several
// processes (VS Code windows). This module is the public handle; the per-mode work lives in
// localMode.ts and sharedMode.ts, the common state in storeCore.ts.
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { cleanStaleTempFiles } from '../files/tempFiles';
import { LocalMode } from './localMode';
import { checkMigrations } from './migrations';
import { SharedMode } from './sharedMode';
import { type Mutator, StoreCore } from './storeCore';
import { StoreClosedError, StoreReadOnlyError, asError, errorText } from './storeErrors';
import type { StoreMode } from './storeMode';
import type { JsonStore, JsonStoreOptions, StoreData, StoreStats } from './storeTypes';
import { WriteScheduler } from './writeScheduler';

const DEFAULT_DEBOUNCE_MS = 100;

/**
 * Opens (or creates) the store at `options.file`. Rejects with StoreAccessError when the file
 * exists but cannot be read: an unreadable file is never quarantined nor overwritten. Rejects
 * with StoreConfigError when the migrations do not form a chain up to `schemaVersion`.
 */
export async function openJsonStore<T extends StoreData>(options: JsonStoreOptions<T>): Promise<JsonStore<T>> {
  const file = resolve(options.file);
  checkMigrations(file, options.schemaVersion, options.migrations ?? []);
  await mkdir(dirname(file), { recursive: true }).catch(() => undefined); // A failing write reports it.
  await cleanStaleTempFiles(dirname(file));
  const store = new JsonFileStore<T>(file, options);
  await store.open();
  return store;
}

class JsonFileStore<T extends StoreData> implements JsonStore<T> {
  readonly shared: boolean;
  private readonly core: StoreCore<T>;
  private readonly scheduler: WriteScheduler;
  private readonly mode: StoreMode<T>;
  private closed = false;
  private failedWrites = 0;

  constructor(
    readonly file: string,
    options: JsonStoreOptions<T>,
  ) {
    this.shared = options.shared ?? false;
    this.core = new StoreCore<T>(file, options);
    this.scheduler = new WriteScheduler({
      delayMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
      write: () => this.mode.write(),
      onError: (error) => this.reportWriteFailure(error),
    });
    this.mode = this.shared
      ? new SharedMode<T>(this.core, this.scheduler, options.lock ?? {})
      : new LocalMode<T>(this.core, this.scheduler);
  }

  get data(): Readonly<T> {
    return this.core.low.data;
  }

  get readOnlyReason(): string | undefined {
    return this.core.readOnlyReason;
  }

  get stats(): StoreStats {
    return { writes: this.core.adapter.writes, reads: this.core.adapter.reads, failedWrites: this.failedWrites };
  }

  open(): Promise<void> {
    return this.mode.open();
  }

  update(mutator: Mutator<T>): void {
    if (this.closed) throw new StoreClosedError(this.file);
    const readOnly = this.core.readOnlyReason;
    if (readOnly !== undefined) throw new StoreReadOnlyError(this.file, readOnly);
    mutator(this.core.low.data);
    this.mode.recordUpdate(mutator);
    this.scheduler.markDirty();
  }

  flush(): Promise<void> {
    // Starts at once (a change made right after this call belongs to the next write), unless a reload runs.
    const reloading = this.mode.settled();
    return reloading === undefined ? this.scheduler.flush() : reloading.then(() => this.scheduler.flush());
  }

  reload(): Promise<void> {
    return this.mode.reload();
  }

  async close(): Promise<void> {
    this.closed = true;
    try {
      await this.mode.settled();
      if (this.core.readOnlyReason === undefined) await this.scheduler.flush();
    } finally {
      this.scheduler.cancel();
    }
  }

  dispose(): Promise<void> {
    return this.close();
  }

  private reportWriteFailure(error: unknown): void {
    this.failedWrites++;
    this.core.report({
      kind: 'writeFailed',
      file: this.file,
      error: asError(error),
      message:
        `Agent Affinity could not save "${this.file}": ${errorText(error)}. ` +
        'The changes are kept in memory and saving is retried on the next change.',
    });
  }
}
