// Loading a store file with recovery: a missing file gives defaults, a damaged one is quarantined
// and replaced by defaults, a newer-schema or unmovable damaged file gives read-only defaults, an
// unreadable one fails. Every outcome but the plain ones is reported as a StoreProblem.
import { copyFile, constants } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
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
  readonly report: (problem: StoreProblem) => void;
}

/** Reads the store file, recovering from everything but an unreadable file (StoreAccessError propagates). */
export async function loadWithRecovery<T extends StoreData>(context: RecoveryContext<T>): Promise<RecoveredData<T>> {
  const { file, adapter, defaults, report } = context;
  try {
    const loaded = await adapter.readDocument();
    if (loaded === undefined) return { data: defaults(), persist: false, readOnlyReason: undefined };
    if (loaded.migratedFrom !== undefined) await keepPreMigrationCopy(file, loaded.migratedFrom);
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

async function quarantineAndStartFresh<T extends StoreData>(context: RecoveryContext<T>, reason: string): Promise<RecoveredData<T>> {
  const { file, defaults, now, report } = context;
  let quarantinePath: string;
  try {
    quarantinePath = await quarantineFile(file, now());
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
async function keepPreMigrationCopy(file: string, version: number): Promise<void> {
  await copyFile(file, preMigrationCopyPath(file, version), constants.COPYFILE_EXCL).catch(() => undefined);
}
