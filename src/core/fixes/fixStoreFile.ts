// The learned-fix store file (the snapshot): `{"schemaVersion":1,"signatureVersion":N,"journal":{"seq":S},"fixes":[…]}`.
// `journal.seq` says which journal entries it already holds (every one up to S); a file without it
// (written before the journal existed, or by an older version) holds none, and every journal entry
// is replayed on it. Read with the store layer's recovery: a damaged file is moved aside, a newer
// one is opened read-only, an unreadable one fails the open. Entries of `fixes` that are not
// well-formed fixes are kept (written back as they are) but never served.
import type { JsonObject, StoreProblem } from '../store/storeTypes';
import { StoreFileAdapter, type FileIdentity } from '../store/storeFileAdapter';
import { loadWithRecovery } from '../store/storeRecovery';
import type { FixRecord } from './fixRecord';
import { SIGNATURE_VERSION } from './signature';
import { isStoredFixRecord } from './storedFixRecord';

/** The file's content (besides the store's own schemaVersion). */
export interface FixStoreFile {
  /** The normalizer version the stored signatures were computed with. */
  signatureVersion: number;
  /** The journal entries this file holds (every one up to `seq`); absent: none. */
  journal?: { seq: number };
  fixes: FixRecord[];
}

export const FIX_STORE_SCHEMA_VERSION = 1;

export interface LoadedSnapshot {
  /** The well-formed fixes, in the file's order. */
  readonly records: FixRecord[];
  /** Entries that are not well-formed fixes: kept, written back after the others, never served. */
  readonly unusable: unknown[];
  /** The document's other fields (signatureVersion, and any this version does not know). */
  readonly head: JsonObject;
  /** The last journal entry the file holds. */
  readonly seq: number;
  readonly readOnlyReason: string | undefined;
  readonly identity: FileIdentity | undefined;
}

export interface SnapshotSource {
  readonly adapter: StoreFileAdapter<FixStoreFile>;
  readonly file: string;
  readonly now: () => Date;
  readonly report: (problem: StoreProblem) => void;
  /** The caller holds the store's lock: a recovered file (quarantined, migrated) may be written back. */
  readonly locked: boolean;
}

export function snapshotAdapter(file: string, fsync: boolean): StoreFileAdapter<FixStoreFile> {
  return new StoreFileAdapter<FixStoreFile>({
    file,
    schemaVersion: FIX_STORE_SCHEMA_VERSION,
    migrations: [],
    validate: validateFixStoreFile,
    records: [],
    fsync,
    indent: 0,
    mode: undefined,
    recordJson: undefined,
  });
}

export function emptyFixStoreFile(): FixStoreFile {
  return { signatureVersion: SIGNATURE_VERSION, fixes: [] };
}

/** Reads the store file with recovery; writes it back when recovery changed it and the lock is held. */
export async function loadSnapshot(source: SnapshotSource): Promise<LoadedSnapshot> {
  const { adapter, file } = source;
  const recovered = await loadWithRecovery({
    file,
    adapter,
    defaults: emptyFixStoreFile,
    now: source.now,
    mode: undefined,
    report: source.report,
  });
  if (recovered.persist && recovered.readOnlyReason === undefined && source.locked) await adapter.write(recovered.data);
  const { fixes, journal, ...head } = recovered.data as FixStoreFile & JsonObject;
  const records: FixRecord[] = [];
  const unusable: unknown[] = [];
  for (const r of fixes as unknown[]) (isStoredFixRecord(r) ? records : unusable).push(r);
  return {
    records,
    unusable,
    head,
    seq: journalSeq(journal),
    readOnlyReason: recovered.readOnlyReason,
    identity: await adapter.identity(),
  };
}

/** The journal mark's seq; a missing or damaged mark holds nothing (every entry is replayed). */
function journalSeq(mark: unknown): number {
  const seq = typeof mark === 'object' && mark !== null ? (mark as Record<string, unknown>)['seq'] : undefined;
  return typeof seq === 'number' && Number.isSafeInteger(seq) && seq > 0 ? seq : 0;
}

function validateFixStoreFile(data: JsonObject): string | undefined {
  if (!Array.isArray(data['fixes'])) return '"fixes" is not a list';
  if (typeof data['signatureVersion'] !== 'number') return '"signatureVersion" is not a number';
  return undefined;
}
