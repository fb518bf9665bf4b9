// The public shapes of the store layer: the open options, the store handle, the problems it
// reports and the migration step type. Implementation lives in jsonStore.ts and its helpers.

/** A JSON object as read from disk, before validation gives it a type. */
export type JsonObject = { [key: string]: unknown };

/**
 * One schema step, from version `from` to `from + 1`. A pure function of the data (the document
 * without its `schemaVersion` field): it may return a new object or the one it was given, and must
 * not touch anything else. Migrations run on open, in order, and the result is written back.
 */
export interface Migration {
  readonly from: number;
  readonly description: string;
  readonly migrate: (data: JsonObject) => JsonObject;
}

/**
 * A list in the document whose entries are checked one by one when the file is read: an entry
 * that fails is set aside (kept in a file beside the store, reported) and the others load, so a
 * single bad record cannot make the whole file, or every reader of it, fail.
 */
export interface RecordList {
  /** The top-level field holding the entries: a list, or an object keyed by id. */
  readonly field: string;
  /** Why an entry is unusable, or undefined when it is fine. */
  readonly check: (entry: unknown) => string | undefined;
  /** What an entry is called in messages ("session", "audit entry"). */
  readonly noun: string;
}

/** Something the store wants the log and the user to know. `message` is user-facing. */
export type StoreProblem =
  | {
      /** The file did not hold a usable document; it was renamed aside and a fresh store started. */
      readonly kind: 'quarantined';
      readonly file: string;
      readonly quarantinePath: string;
      readonly reason: string;
      readonly message: string;
    }
  | {
      /** The file is damaged but could not be renamed aside: opened read-only, file untouched. */
      readonly kind: 'quarantineFailed';
      readonly file: string;
      readonly reason: string;
      readonly error: Error;
      readonly message: string;
    }
  | {
      /** Some entries of a record list were unusable: kept in `quarantinePath`, the others loaded. */
      readonly kind: 'recordsQuarantined';
      readonly file: string;
      readonly quarantinePath: string;
      /** One line per entry set aside: which one and why. */
      readonly reasons: readonly string[];
      readonly message: string;
    }
  | {
      /** The file comes from a newer schema: opened read-only, file untouched. */
      readonly kind: 'newerVersion';
      readonly file: string;
      readonly fileVersion: number;
      readonly knownVersion: number;
      readonly message: string;
    }
  | {
      /** A write failed; the data stays in memory and the write is retried on the next change. */
      readonly kind: 'writeFailed';
      readonly file: string;
      readonly error: Error;
      readonly message: string;
    }
  | {
      /** Shared mode: a queued update threw when replayed on the file's latest content; dropped. */
      readonly kind: 'updateDropped';
      readonly file: string;
      readonly error: Error;
      readonly message: string;
    }
  | {
      /** Shared mode: a lock left by a dead or hung process was removed. */
      readonly kind: 'staleLockBroken';
      readonly file: string;
      readonly lockFile: string;
      readonly holder: string;
      readonly message: string;
    };

/** Data kept in a store: a plain object whose keys are the persisted fields (a key→type map). */
export type StoreData = object & { schemaVersion?: never };

export interface JsonStoreOptions<T extends StoreData> {
  /** The JSON file; its folder is created when missing. */
  readonly file: string;
  /** A fresh default document (called for a new store and after a quarantine). */
  readonly defaults: () => T;
  /** The schema version this code writes. */
  readonly schemaVersion: number;
  /** Steps from older versions; must form a chain ending at `schemaVersion`. */
  readonly migrations?: readonly Migration[];
  /** Checks the (migrated) data; returns why it is not a valid T, or undefined when it is. */
  readonly validate?: (data: JsonObject) => string | undefined;
  /** Lists whose entries are checked one by one (after `validate`); a bad entry is set aside, not the whole file. */
  readonly records?: readonly RecordList[];
  /**
   * Permission bits of the file (and of the copies set aside), e.g. 0o600 for a file holding task
   * texts. An existing file gets them at its next write. Default: 0o666 less the umask.
   */
  readonly mode?: number;
  /** Delay between the first unsaved change and its write (default 100 ms; 0 writes on the next tick). */
  readonly debounceMs?: number;
  /** Several processes write this file (e.g. the global learned-fixes store): lock, re-read, replay. */
  readonly shared?: boolean;
  /** fsync the file and its folder on every write (default true). */
  readonly fsync?: boolean;
  /** JSON indentation (default 2). */
  readonly indent?: number;
  /**
   * The objects in the document's top-level lists are never changed in place (a change replaces
   * the object): each one's JSON is kept and reused by later writes, so writing a list of 100,000
   * records after one changed encodes one record, not all of them. Needs `indent: 0`.
   */
  readonly immutableRecords?: boolean;
  /** Lock tuning for shared mode. */
  readonly lock?: { readonly staleMs?: number; readonly timeoutMs?: number };
  /** Receives every problem; errors thrown by it are ignored. */
  readonly onProblem?: (problem: StoreProblem) => void;
  /** Clock for quarantine names (tests). */
  readonly now?: () => Date;
}

export interface StoreStats {
  /** Successful file writes since open. */
  readonly writes: number;
  /** Times the file's content was read since open (shared mode re-reads only when another process wrote). */
  readonly reads: number;
  /** Failed write attempts since open. */
  readonly failedWrites: number;
}

export interface JsonStore<T extends StoreData> {
  readonly file: string;
  /** The current data. Read it freely; change it only through `update`. */
  readonly data: Readonly<T>;
  /** Why the store refuses updates (newer schema, damaged file that could not be moved aside), if it does. */
  readonly readOnlyReason: string | undefined;
  readonly shared: boolean;
  readonly stats: StoreStats;
  /**
   * Applies `mutator` to the data at once and schedules a debounced write. Throws
   * StoreReadOnlyError / StoreClosedError. In shared mode the mutator is also replayed, under the
   * lock, on the file's latest content before writing, so it must be a pure function of the draft.
   */
  update(mutator: (draft: T) => void): void;
  /** Writes pending changes now. Rejects when the write fails (also reported to onProblem). */
  flush(): Promise<void>;
  /** Re-reads the file (after flushing local changes; in shared mode pending updates are replayed on it). */
  reload(): Promise<void>;
  /** Flushes and closes; later updates throw. Idempotent. */
  close(): Promise<void>;
  /** Same as close(), so a store can sit among disposables. */
  dispose(): Promise<void>;
}
