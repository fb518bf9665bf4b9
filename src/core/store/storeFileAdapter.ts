// The lowdb adapter of a store file: reads bytes, checks and migrates them into typed data, and
// writes `{ schemaVersion, ...data }` atomically. Problems surface as typed errors that the store
// turns into quarantine, read-only mode or a failed open.
import { readFile, stat } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writeFileAtomic } from '../files/atomicWrite';
import { takeBadRecords, type SetAsideRecord } from './badRecords';
import { runMigrations } from './migrations';
import { decodeDocument, encodeDocument } from './storeDocument';
import { StoreAccessError, StoreCorruptError, StoreNewerVersionError, errorCode } from './storeErrors';
import type { JsonObject, Migration, RecordList, StoreData } from './storeTypes';

export interface StoreFileConfig {
  readonly file: string;
  readonly schemaVersion: number;
  readonly migrations: readonly Migration[];
  readonly validate: ((data: JsonObject) => string | undefined) | undefined;
  readonly records: readonly RecordList[];
  readonly fsync: boolean;
  readonly indent: number;
  readonly mode: number | undefined;
  /** Each top-level list entry's JSON, when the store's records are never changed in place. */
  readonly recordJson: WeakMap<object, string> | undefined;
}

export interface LoadedDocument<T> {
  readonly data: T;
  /** The file's version when migrations ran (the result is not on disk yet). */
  readonly migratedFrom: number | undefined;
  /** Entries of the record lists that failed their check, taken out of `data` (not on disk yet). */
  readonly setAside: readonly SetAsideRecord[];
}

/** What tells one version of the file from another: a rename-based write always changes the inode. */
export interface FileIdentity {
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
}

export function sameIdentity(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
  return a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

export class StoreFileAdapter<T extends StoreData> implements Adapter<T> {
  private writeCount = 0;
  private readCount = 0;

  constructor(private readonly config: StoreFileConfig) {}

  /** Successful writes through this adapter. */
  get writes(): number {
    return this.writeCount;
  }

  /** Times the file's content was read. */
  get reads(): number {
    return this.readCount;
  }

  /** The identity of the file now, or undefined when it cannot be stat'ed. */
  async identity(): Promise<FileIdentity | undefined> {
    try {
      const info = await stat(this.config.file, { bigint: true });
      return { ino: info.ino, size: info.size, mtimeNs: info.mtimeNs, ctimeNs: info.ctimeNs };
    } catch {
      return undefined;
    }
  }

  /** lowdb's read: the data, or null when there is no file yet. */
  async read(): Promise<T | null> {
    return (await this.readDocument())?.data ?? null;
  }

  /**
   * Reads, decodes, migrates and validates the file, then takes the entries of the record lists
   * that fail their check out of the data. Returns undefined when it does not exist.
   * Throws StoreAccessError (unreadable), StoreCorruptError (unusable content) or
   * StoreNewerVersionError (from a newer schema).
   */
  async readDocument(): Promise<LoadedDocument<T> | undefined> {
    const { file, schemaVersion, migrations, validate } = this.config;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw new StoreAccessError(file, error);
    }
    this.readCount++;
    const decoded = decodeDocument(bytes);
    if (!decoded.ok) throw new StoreCorruptError(file, decoded.reason);
    if (decoded.schemaVersion > schemaVersion) throw new StoreNewerVersionError(file, decoded.schemaVersion, schemaVersion);
    let data = decoded.data;
    if (decoded.schemaVersion < schemaVersion) {
      const migrated = runMigrations(data, decoded.schemaVersion, schemaVersion, migrations);
      if (!migrated.ok) throw new StoreCorruptError(file, migrated.reason);
      data = migrated.data;
    }
    const invalid = validate?.(data);
    if (invalid !== undefined) throw new StoreCorruptError(file, `unexpected content: ${invalid}`);
    const setAside = takeBadRecords(data, this.config.records);
    return {
      data: data as unknown as T,
      migratedFrom: decoded.schemaVersion < schemaVersion ? decoded.schemaVersion : undefined,
      setAside,
    };
  }

  /** lowdb's write: the whole document, atomically. The text is built before any await. */
  async write(data: T): Promise<void> {
    const text = encodeDocument(this.config.schemaVersion, data, this.config.indent, this.config.recordJson);
    // keepIdentity false: a store file is ours, and must be replaced whole even when hard-linked.
    await writeFileAtomic(this.config.file, text, {
      fsync: this.config.fsync,
      keepIdentity: false,
      ...(this.config.mode !== undefined ? { mode: this.config.mode } : {}),
    });
    this.writeCount++;
  }
}
