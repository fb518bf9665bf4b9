// Loading a store file with recovery: a missing file gives defaults, a damaged one is quarantined
// and replaced by defaults, a newer-schema or unmovable damaged file gives read-only defaults, an
// unreadable one fails. Every outcome but the plain ones is reported as a StoreProblem.
import { chmod, copyFile, constants } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { writeSetAsideRecords, type SetAsideRecord } from './badRecords';
import { quarantineFile } from './quarantine';
import type { StoreFileAdapter } from './storeFileAdapter';
import { StoreCorruptError, StoreNewerVersionError, asError, errorCode, errorText } from './storeErrors';
import type { StoreData, StoreProblem } from './storeTypes';

export interface RecoveredData<T> {
  readonly data: T;
  /** The data differs from the file (migrated, or fresh after a quarantine) and should be written. */
  readonly persist: boolean;
  /** Set when the file must not be written. */
  readonly readOnlyReason: string | undefined;
}

export interface RecoveryContext<T extends StoreData> {
  readonly file: string;
  readonly adapter: StoreFileAdapter<T>;
  readonly defaults: () => T;
  readonly now: () => Date;
  /** The store's file mode, given to the copies kept beside it too (they hold the same data). */
  readonly mode: number | undefined;
  readonly report: (problem: StoreProblem) => void;
}

/** Reads the store file, recovering from everything but an unreadable file (StoreAccessError propagates). */
export async function loadWithRecovery<T extends StoreData>(context: RecoveryContext<T>): Promise<RecoveredData<T>> {
  const { file, adapter, defaults, report } = context;
  try {
    const loaded = await adapter.readDocument();
    if (loaded === undefined) return { data: defaults(), persist: false, readOnlyReason: undefined };
    if (loaded.migratedFrom !== undefined) await keepPreMigrationCopy(file, loaded.migratedFrom, context.mode);
    if (loaded.setAside.length > 0) return setRecordsAside(context, loaded.data, loaded.setAside);
    return { data: loaded.data, persist: loaded.migratedFrom !== undefined, readOnlyReason: undefined };
  } catch (error) {
    if (error instanceof StoreNewerVersionError) {
      report({
        kind: 'newerVersion',
        file,
        fileVersion: error.fileVersion,
        knownVersion: error.knownVersion,
        message: error.message,
      });
      return { data: defaults(), persist: false, readOnlyReason: error.message };
    }
    if (!(error instanceof StoreCorruptError)) throw error;
    return quarantineAndStartFresh(context, error.reason);
  }
}

/**
 * Keeps the unusable records in a file beside the store and goes on with the others (the store
 * file is rewritten without them). When they cannot be kept, the store file is left as it is and
 * opened read-only with the good records.
 */
async function setRecordsAside<T extends StoreData>(
  context: RecoveryContext<T>,
  data: T,
  records: readonly SetAsideRecord[],
): Promise<RecoveredData<T>> {
  const { file, now, mode, report } = context;
  const reasons = records.map((r) => `${r.label}: ${r.reason}`);
  const shown = reasons.slice(0, 3).join('; ') + (reasons.length > 3 ? `; and ${reasons.length - 3} more` : '');
  const count = records.length === 1 ? 'an unusable record' : `${records.length} unusable records`;
  let quarantinePath: string;
  try {
    quarantinePath = await writeSetAsideRecords(file, records, now(), mode);
  } catch (error) {
    const message =
      `Agent Affinity found ${count} in "${file}" (${shown}) but could not keep ${records.length === 1 ? 'it' : 'them'} ` +
      `aside (${errorText(error)}). The file is left unchanged and opened read-only with the other records.`;
    report({ kind: 'quarantineFailed', file, reason: shown, error: asError(error), message });
    return { data, persist: false, readOnlyReason: message };
  }
  report({
    kind: 'recordsQuarantined',
    file,
    quarantinePath,
    reasons,
    message:
      `Agent Affinity set aside ${count} of "${file}" (${shown}). ` +
      `${records.length === 1 ? 'It was' : 'They were'} kept in "${quarantinePath}"; the other records loaded.`,
  });
  return { data, persist: true, readOnlyReason: undefined };
}

async function quarantineAndStartFresh<T extends StoreData>(context: RecoveryContext<T>, reason: string): Promise<RecoveredData<T>> {
  const { file, defaults, now, report } = context;
  let quarantinePath: string;
  try {
    quarantinePath = await quarantineFile(file, now());
    if (context.mode !== undefined) await chmod(quarantinePath, context.mode).catch(() => undefined);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { data: defaults(), persist: false, readOnlyReason: undefined };
    const message =
      `Agent Affinity found "${file}" damaged (${reason}) but could not move it aside (${errorText(error)}). ` +
      'It is left unchanged and opened read-only with empty data.';
    report({ kind: 'quarantineFailed', file, reason, error: asError(error), message });
    return { data: defaults(), persist: false, readOnlyReason: message };
  }
  report({
    kind: 'quarantined',
    file,
    quarantinePath,
    reason,
    message: `Agent Affinity could not use "${file}" (${reason}). ` + `It was kept as "${quarantinePath}" and a fresh store was started.`,
  });
  return { data: defaults(), persist: true, readOnlyReason: undefined };
}

/** `<name>.v<version>.backup.json` beside `file`: the file as it was before migrating from `version`. */
export function preMigrationCopyPath(file: string, version: number): string {
  const ext = extname(file);
  return join(dirname(file), `${basename(file, ext)}.v${version}.backup${ext === '' ? '.json' : ext}`);
}

/**
 * Before migrated data replaces the file, keeps a copy of the old version (once per version; an
 * existing copy is kept). Best effort: a folder that refuses the copy also refuses the write,
 * which is reported then.
 */
async function keepPreMigrationCopy(file: string, version: number, mode: number | undefined): Promise<void> {
  const copy = preMigrationCopyPath(file, version);
  try {
    await copyFile(file, copy, constants.COPYFILE_EXCL);
    if (mode !== undefined) await chmod(copy, mode);
  } catch {
    // Best effort (see above).
  }
}
