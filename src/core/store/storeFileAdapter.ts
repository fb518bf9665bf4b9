// The lowdb adapter of a store file: reads bytes, checks and migrates them into typed data, and
// writes `{ schemaVersion, ...data }` atomically. Problems surface as typed errors that the store
// turns into quarantine, read-only mode or a failed open.
import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writeFileAtomic } from './atomicWrite';
import { runMigrations } from './migrations';
import { decodeDocument, encodeDocument } from './storeDocument';
import { StoreAccessError, StoreCorruptError, StoreNewerVersionError, errorCode } from './storeErrors';
import type { JsonObject, Migration, StoreData } from './storeTypes';

export interface StoreFileConfig {
  readonly file: string;
  readonly schemaVersion: number;
  readonly migrations: readonly Migration[];
  readonly validate: ((data: JsonObject) => string | undefined) | undefined;
  readonly fsync: boolean;
  readonly indent: number;
}

export interface LoadedDocument<T> {
  readonly data: T;
  /** The file's version when migrations ran (the result is not on disk yet). */
  readonly migratedFrom: number | undefined;
}

export class StoreFileAdapter<T extends StoreData> implements Adapter<T> {
  private writeCount = 0;

  constructor(private readonly config: StoreFileConfig) {}

  /** Successful writes through this adapter. */
  get writes(): number {
    return this.writeCount;
  }

  /** lowdb's read: the data, or null when there is no file yet. */
  async read(): Promise<T | null> {
    return (await this.readDocument())?.data ?? null;
  }

  /**
   * Reads, decodes, migrates and validates the file. Returns undefined when it does not exist.
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
    return {
      data: data as unknown as T,
      migratedFrom: decoded.schemaVersion < schemaVersion ? decoded.schemaVersion : undefined,
    };
  }

  /** lowdb's write: the whole document, atomically. The text is built before any await. */
  async write(data: T): Promise<void> {
    const text = encodeDocument(this.config.schemaVersion, data, this.config.indent);
    await writeFileAtomic(this.config.file, text, { fsync: this.config.fsync });
    this.writeCount++;
  }
}
