// The learned-fix repository on disk: one shared store file (global storage, used by every VS Code
// window) plus a journal beside it. A change is applied in memory at once and appended, as one
// line of plain-data mutations, to the journal (under the store's lock, fsynced, debounced): a
// change to one fix among 100,000 writes one line, not the 50 MB file. Every process reads the
// lines the others appended (and applies them to its own list), so windows lose nothing of each
// other's. When the journal has grown (past half the file, at least 4 MiB), it is folded into the
// store file by a compaction that never holds the lock or the event loop for long: the journal is
// set aside under the lock, the snapshot is written in chunks beside the file, and renamed over
// it under the lock. A journal line cut off by a crash is set aside and dropped with a message; a
// damaged line elsewhere is set aside and skipped; neither costs any other change.
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { cleanStaleTempFiles } from '../files/tempFiles';
import { StoreClosedError, StoreReadOnlyError } from '../store/storeErrors';
import type { FileLock } from '../store/fileLock';
import type { StoreProblem } from '../store/storeTypes';
import { errorText, asError } from '../store/storeErrors';
import { sameIdentity, type FileIdentity, type StoreFileAdapter } from '../store/storeFileAdapter';
import { WriteScheduler } from '../store/writeScheduler';
import type { FixRecord } from './fixRecord';
import { FixJournal, syncFolder, type JournalRead } from './fixJournal';
import { FixStoreLock, ensureHeld } from './fixStoreLock';
import { encodeJournalEntry } from './fixJournalEntries';
import { reportJournalProblems } from './fixJournalProblems';
import type { FixMutation } from './fixMutations';
import { applyFixMutationsInPlace, fixPositions, mutatedIds, type FixPositions } from './fixMutations';
import type { FixChanges, FixRepository } from './fixRepository';
import { SnapshotStoppedError, writeSnapshot, writerId } from './fixSnapshot';
import { FIX_STORE_SCHEMA_VERSION, loadSnapshot, snapshotAdapter, type FixStoreFile } from './fixStoreFile';
import { SIGNATURE_VERSION, signError } from './signature';
import type { JsonObject } from '../store/storeTypes';

export type { FixStoreFile } from './fixStoreFile';

export interface JsonFixRepositoryOptions {
  readonly file: string;
  readonly onProblem?: (problem: StoreProblem) => void;
  /** Delay before changes are appended (ms, default 100): a burst of changes shares one locked append. */
  readonly debounceMs?: number;
  readonly fsync?: boolean;
  readonly lock?: { readonly staleMs?: number; readonly timeoutMs?: number };
  /** Fold the journal into the store file once it is this large (default: half the file's size, at least 4 MiB). */
  readonly compactAtBytes?: number;
  /** How long a compaction waits after the append that asked for it (ms, default 1000: a burst of changes first). */
  readonly compactDelayMs?: number;
  /** Clock for the names of copies set aside (tests). */
  readonly now?: () => Date;
}

const MIN_COMPACT_BYTES = 4 * 1024 * 1024;
const COMPACT_DELAY_MS = 1000;

export class JsonFixRepository implements FixRepository {
  readonly file: string;
  private readonly adapter: StoreFileAdapter<FixStoreFile>;
  private readonly scheduler: WriteScheduler;
  private readonly lock: FixStoreLock;
  private readonly writer = writerId();
  private readonly fsync: boolean;
  /** The well-formed records (never changed in place: a change replaces the object). */
  private list: FixRecord[] = [];
  private positions: FixPositions = new Map();
  /** Entries of the file that are not fixes: kept and written back, never served. */
  private unusable: unknown[] = [];
  private head: JsonObject = {};
  private journal: FixJournal;
  /** The store file as this process last read or wrote it: another version means another process wrote it. */
  private identity: FileIdentity | undefined;
  private fileBytes = 0;
  private why: string | undefined;
  /** Changes applied in memory and not yet appended. */
  private pending: FixMutation[] = [];
  /** Disk work (appends, catching up, compaction steps) runs one at a time. */
  private chain: Promise<unknown> = Promise.resolve();
  /** What other processes changed since the last pullChanges. */
  private changed = new Set<string>();
  private removed = new Set<string>();
  private replaced = false;
  private compaction: Promise<void> | undefined;
  private compactTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(private readonly options: JsonFixRepositoryOptions) {
    this.file = resolve(options.file);
    this.fsync = options.fsync ?? true;
    this.adapter = snapshotAdapter(this.file, this.fsync);
    this.journal = new FixJournal(this.file, 0, this.fsync);
    this.lock = new FixStoreLock(this.file, options.lock ?? {}, this.report);
    this.scheduler = new WriteScheduler({
      delayMs: options.debounceMs ?? 100,
      write: () => this.serial(() => this.appendPending()),
      onError: (error) => this.writeFailed(error),
    });
  }

  /** Opens the store file and its journal; re-signs the fixes (and compacts) when the signature normalizer changed. */
  static async open(options: JsonFixRepositoryOptions): Promise<JsonFixRepository> {
    const repo = new JsonFixRepository(options);
    await mkdir(dirname(repo.file), { recursive: true }).catch(() => undefined); // A failing write reports it.
    await cleanStaleTempFiles(dirname(repo.file));
    await repo.lock.withIfAny((locked) => repo.load(locked));
    if (repo.why === undefined && repo.head['signatureVersion'] !== SIGNATURE_VERSION) {
      repo.list = repo.list.map(resign);
      repo.positions = fixPositions(repo.list);
      repo.head = { ...repo.head, signatureVersion: SIGNATURE_VERSION };
      await repo.compact();
    }
    return repo;
  }

  /** Why the store cannot be written (newer schema, damaged and not movable), if so. */
  get readOnlyReason(): string | undefined {
    return this.why;
  }

  /** Every well-formed record: the repository's own list, to read at once and not keep (it changes with the next update). */
  loadAll(): Promise<FixRecord[]> {
    this.takeChanges();
    return Promise.resolve(this.list);
  }

  /** Applies at once in memory, on the repository's own list; appended to the journal after the debounce (see flush). */
  apply(mutations: readonly FixMutation[]): Promise<FixRecord[]> {
    this.update(mutations);
    return Promise.resolve(this.list);
  }

  /** As `apply`, answering the records touched (as they are now). */
  applyTouching(mutations: readonly FixMutation[]): Promise<FixRecord[]> {
    this.update(mutations);
    const touched: FixRecord[] = [];
    for (const id of new Set(mutations.flatMap(mutatedIds))) {
      const r = this.recordOf(id);
      if (r) touched.push(r);
    }
    return Promise.resolve(touched);
  }

  /** Reads what other processes appended since the last look and answers what changed. */
  async pullChanges(): Promise<FixChanges> {
    if (!this.closed) await this.serial(() => this.catchUp(false));
    return this.takeChanges();
  }

  /** Appends pending changes now. */
  flush(): Promise<void> {
    return this.scheduler.flush();
  }

  /** Folds the journal into the store file now (a compaction already running is waited for). */
  compact(): Promise<void> {
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.compactTimer = undefined;
    this.compaction ??= this.runCompaction().finally(() => (this.compaction = undefined));
    return this.compaction;
  }

  /** Appends what is pending; a compaction under way is stopped (the files stay consistent without it). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.compactTimer) clearTimeout(this.compactTimer);
    await this.compaction?.catch(() => undefined);
    try {
      if (this.why === undefined) await this.scheduler.flush();
    } finally {
      this.scheduler.cancel();
    }
  }

  private update(mutations: readonly FixMutation[]): void {
    if (this.closed) throw new StoreClosedError(this.file);
    if (this.why !== undefined) throw new StoreReadOnlyError(this.file, this.why);
    this.applyToList(mutations);
    this.pending.push(...mutations);
    this.scheduler.markDirty();
  }

  private applyToList(mutations: readonly FixMutation[]): void {
    const next = applyFixMutationsInPlace(this.list, mutations, this.positions);
    if (next !== this.list) {
      this.list = next; // A delete made a new list.
      this.positions = fixPositions(next);
    }
  }

  private recordOf(id: string): FixRecord | undefined {
    const i = this.positions.get(id);
    return i === undefined ? undefined : this.list[i];
  }

  private takeChanges(): FixChanges {
    if (this.replaced) {
      this.replaced = false;
      this.changed.clear();
      this.removed.clear();
      return { all: this.list };
    }
    const changed: FixRecord[] = [];
    for (const id of this.changed) {
      const r = this.recordOf(id);
      if (r) changed.push(r);
    }
    const removed = [...this.removed].filter((id) => !this.positions.has(id));
    this.changed.clear();
    this.removed.clear();
    return { changed, removed };
  }

  /** Reads the store file and every journal entry it does not hold (the caller holds the lock, when it can be had). */
  private async load(locked: boolean): Promise<void> {
    const snapshot = await loadSnapshot({ adapter: this.adapter, file: this.file, now: this.clock, report: this.report, locked });
    this.list = snapshot.records;
    this.unusable = snapshot.unusable;
    this.head = snapshot.head;
    this.why = snapshot.readOnlyReason;
    this.identity = snapshot.identity;
    this.fileBytes = Number((await stat(this.file).catch(() => undefined))?.size ?? 0);
    this.positions = fixPositions(this.list);
    this.journal = new FixJournal(this.file, snapshot.seq, this.fsync);
    this.replaced = true;
    if (this.why !== undefined) return; // A newer or unusable file: its journal is not read either.
    const read = await this.journal.readNew();
    if (read) await this.take(read, locked, true);
  }

  /** Reads the other processes' new lines (the whole store again when the file was replaced). */
  private async catchUp(locked: boolean): Promise<void> {
    if (this.why !== undefined) return;
    const read = unchanged(this.identity, await this.adapter.identity()) ? await this.journal.readNew() : undefined;
    if (read) return this.take(read, locked, false);
    // Another process wrote the store file (a compaction, or an older version): read it all again,
    // with the changes not appended yet applied on top.
    await this.load(locked);
    this.applyToList(this.pending);
  }

  /** Applies read entries (all of them on a load; on catching up, those of other processes). */
  private async take(read: JournalRead, locked: boolean, all: boolean): Promise<void> {
    for (const entry of read.entries) {
      if (!all && entry.writer === this.writer) continue;
      this.applyToList(entry.mutations);
      if (all) continue;
      for (const m of entry.mutations) for (const id of mutatedIds(m)) (m.kind === 'delete' ? this.removed : this.changed).add(id);
    }
    const { setAside } = await reportJournalProblems(read, {
      journalFile: this.journal.file,
      canSetAside: locked && this.why === undefined,
      now: this.clock,
      report: this.report,
      cut: (tail) => this.journal.cutTail(tail),
    });
    if (setAside) this.compactSoon(); // The bad lines are kept in a copy: fold them out of the journal.
    if (locked && read.stale.length > 0) for (const path of read.stale) await unlink(path).catch(() => undefined);
  }

  /** Appends the pending changes as one journal line, under the lock, after the others' lines. */
  private async appendPending(): Promise<void> {
    if (this.pending.length === 0 || this.why !== undefined) return;
    await this.lock.with(async (lock) => {
      await this.catchUp(true);
      await this.appendBatch(lock);
    });
    if (this.journal.size > this.compactAt()) this.compactSoon();
  }

  private async appendBatch(lock: FileLock): Promise<void> {
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    try {
      const seq = this.journal.lastSeq + 1;
      const line = encodeJournalEntry(seq, this.writer, batch);
      await ensureHeld(lock);
      await this.journal.append(line, 1, seq);
    } catch (error) {
      this.pending.unshift(...batch); // Not written: kept for the retry.
      throw error;
    }
  }

  private compactAt(): number {
    return this.options.compactAtBytes ?? Math.max(MIN_COMPACT_BYTES, this.fileBytes / 2);
  }

  private compactSoon(): void {
    if (this.compactTimer || this.compaction || this.closed) return;
    this.compactTimer = setTimeout(() => {
      this.compactTimer = undefined;
      this.compact().catch((error: unknown) => this.writeFailed(error));
    }, this.options.compactDelayMs ?? COMPACT_DELAY_MS);
    this.compactTimer.unref();
  }

  /**
   * 1. Under the lock: catch up, append what is pending, take the list as it is then (the records
   *    are never changed in place: a copy of the references is a snapshot) and set the journal
   *    aside; later changes go to a new journal. 2. Without the lock, a few hundred records at a
   *    time: write the snapshot beside the store file. 3. Under the lock: rename it over the file,
   *    unless another process wrote the file meanwhile (then it is dropped: nothing is lost, the
   *    set-aside journal is still read), and remove the set-aside journals it holds.
   */
  private async runCompaction(): Promise<void> {
    if (this.why !== undefined || this.closed) return;
    let taken: { records: unknown[]; head: JsonObject; seq: number; identity: FileIdentity | undefined } | undefined;
    await this.serial(() =>
      this.lock.with(async (lock) => {
        await this.catchUp(true);
        const records: unknown[] = [...this.list, ...this.unusable]; // The same moment as the batch is taken.
        const head = this.head;
        await this.appendBatch(lock);
        await ensureHeld(lock);
        await this.journal.rotate();
        const seq = this.journal.lastSeq;
        taken = { records, head: { ...head, journal: { seq } }, seq, identity: this.identity };
      }),
    );
    if (!taken) return;
    const { records, head, seq, identity } = taken;
    let temp: string;
    try {
      temp = await writeSnapshot(this.file, FIX_STORE_SCHEMA_VERSION, head, records, { fsync: this.fsync, stopped: () => this.closed });
    } catch (error) {
      if (error instanceof SnapshotStoppedError) return; // Closing: the set-aside journal is read until the next compaction.
      throw error;
    }
    await this.serial(() =>
      this.lock.with(async (lock) => {
        if (!unchanged(identity, await this.adapter.identity()) || this.closed) {
          await unlink(temp).catch(() => undefined);
          return;
        }
        await ensureHeld(lock);
        await rename(temp, this.file);
        if (this.fsync) await syncFolder(dirname(this.file));
        this.identity = await this.adapter.identity();
        this.fileBytes = Number((await stat(this.file).catch(() => undefined))?.size ?? 0);
        this.journal.snapshotHolds(seq);
        await this.journal.removeRotated(seq);
      }),
    ).catch(async (error: unknown) => {
      await unlink(temp).catch(() => undefined);
      throw error;
    });
  }

  /** Runs disk work after the work before it; a failure rejects its caller only. */
  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.chain.then(job, job);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private readonly clock = (): Date => (this.options.now ?? ((): Date => new Date()))();

  private readonly report = (problem: StoreProblem): void => {
    try {
      this.options.onProblem?.(problem);
    } catch {
      // A failing listener must not break the store.
    }
  };

  private writeFailed(error: unknown): void {
    this.report({
      kind: 'writeFailed',
      file: this.file,
      error: asError(error),
      message:
        `Agent Affinity could not save learned fixes to "${this.file}": ${errorText(error)}. ` +
        'The changes are kept in memory and saving is retried on the next change.',
    });
  }
}

/** The store file is as it was (both missing counts: nobody wrote it). */
function unchanged(before: FileIdentity | undefined, now: FileIdentity | undefined): boolean {
  return before === undefined ? now === undefined : sameIdentity(before, now);
}

function resign(r: FixRecord): FixRecord {
  const { signature, identifiers } = signError({
    message: r.message,
    source: r.signature.source,
    code: r.signature.code,
    languageId: r.signature.language,
  });
  return { ...r, signature, identifiers, rev: r.rev + 1 };
}
