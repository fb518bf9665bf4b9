// The temporary files of the atomic writer: one naming scheme (`.<name>.tmp-<pid>-<random>`,
// hidden, in the target's folder, carrying the writer's pid) and the cleanup that removes those a
// dead writer left behind, whatever file they were for. Files of the writer this module replaced
// (`.<name>.<pid>.<random>.tmp`, from the permission rewrite) are recognized too.
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { call, runAsync, runSync, type Steps } from './fileSteps';
import { isProcessAlive } from './processAlive';

/** Temporary files older than this are removed even when their pid looks alive (pid reuse). */
const STALE_TEMP_AGE_MS = 60 * 60 * 1000;
/** Leaves room for the suffix within the usual 255-byte name limit, however long the target's name. */
const MAX_NAME_IN_TEMP = 200;

const TEMP_NAME = /^\..*\.tmp-(\d+)-[0-9a-f]+$/s;
/** The former permission writer's names; only taken as ours when the file they were for is there. */
const LEGACY_TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-z]+\.tmp$/s;

/** The temporary file name used when writing `file`: hidden, in its folder, with our pid and a random part. */
export function tempPathFor(file: string): string {
  const name = basename(file).slice(0, MAX_NAME_IN_TEMP);
  return join(dirname(file), `.${name}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** The writer's pid when `name` is one of our temporary files in a folder holding `names`. */
export function tempFileWriter(name: string, names: ReadonlySet<string>): number | undefined {
  const current = TEMP_NAME.exec(name);
  if (current) return Number(current[1]);
  const legacy = LEGACY_TEMP_NAME.exec(name);
  if (legacy && names.has(legacy[1] ?? '')) return Number(legacy[2]);
  return undefined;
}

function* cleanSteps(dir: string, now: number): Steps<string[]> {
  let names: string[];
  try {
    names = yield* call('readdir', dir);
  } catch {
    return [];
  }
  const all = new Set(names);
  const removed: string[] = [];
  for (const name of names) {
    const pid = tempFileWriter(name, all);
    if (pid === undefined) continue;
    const path = join(dir, name);
    try {
      let stale = pid !== process.pid && !isProcessAlive(pid);
      if (!stale) stale = now - (yield* call('stat', path)).mtimeMs > STALE_TEMP_AGE_MS;
      if (!stale) continue;
      yield* call('unlink', path);
      removed.push(path);
    } catch {
      // Gone already, or not ours to remove: nothing to do.
    }
  }
  return removed;
}

/**
 * Removes the temporary files in `dir` left by writers that are gone (dead pid, or older than an
 * hour), whatever file they were for. Live writers' files and every other file are left alone.
 * Returns the removed paths.
 */
export function cleanStaleTempFiles(dir: string): Promise<string[]> {
  return runAsync(cleanSteps(dir, Date.now()));
}

/** cleanStaleTempFiles, synchronously. */
export function cleanStaleTempFilesSync(dir: string): string[] {
  return runSync(cleanSteps(dir, Date.now()));
}
