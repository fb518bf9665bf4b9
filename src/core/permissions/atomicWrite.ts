// Applying a rewrite safely: refuse when the file changed since it was read, keep a timestamped
// backup beside it (or in a given folder), write a temporary file and rename it over the original.
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeError } from './settingsFile';

export interface AtomicWriteOptions {
  /** Where the backup goes (default: beside the file). */
  backupDir?: string;
  /** Clock for the backup name (tests). */
  now?: Date;
}

export interface AtomicWriteResult {
  path: string;
  backupPath: string;
}

function stamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** The file a path ends at: a symlinked settings file (dotfiles) is written through, never replaced by a copy. */
function resolveTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Writes bytes to `path` (through symlinks) via a temporary file in the same folder and a rename. */
export function writeAtomic(path: string, data: string | Uint8Array, mode?: number): void {
  const target = resolveTarget(path);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', mode ?? 0o644);
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    writeSync(fd, buf, 0, buf.length);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    if (existsSync(tmp)) unlinkSync(tmp);
    throw new Error(`${path}: cannot write (${describeError(e)}); the file was not changed`);
  }
}

/**
 * Replaces the file's text with `newText` when it still holds `expectedText`, after saving the
 * current bytes as `<name>.<UTC stamp>.bak`. Throws (file untouched) on change, read-only or I/O error.
 */
export function applyFileRewrite(path: string, expectedText: string, newText: string, options: AtomicWriteOptions = {}): AtomicWriteResult {
  let current: Buffer;
  let mode: number;
  try {
    current = readFileSync(path);
    mode = statSync(path).mode & 0o777;
  } catch (e) {
    throw new Error(`${path}: cannot read (${describeError(e)}); nothing was written`);
  }
  if (current.toString('utf8') !== expectedText) {
    throw new Error(`${path}: the file changed on disk since it was read; nothing was written (scan again)`);
  }
  if ((mode & 0o222) === 0) throw new Error(`${path}: the file is read-only; nothing was written`);
  const dir = options.backupDir ?? dirname(path);
  const base = `${basename(path)}.${stamp(options.now ?? new Date())}`;
  let backupPath = join(dir, `${base}.bak`);
  for (let n = 1; existsSync(backupPath); n++) backupPath = join(dir, `${base}-${n}.bak`);
  try {
    const fd = openSync(backupPath, 'wx', mode);
    writeSync(fd, current, 0, current.length);
    fsyncSync(fd);
    closeSync(fd);
  } catch (e) {
    throw new Error(`${path}: cannot write the backup ${backupPath} (${describeError(e)}); nothing was written`);
  }
  writeAtomic(path, newText, mode);
  return { path, backupPath };
}

/** Restores a backup over the file (atomically). When `expectedText` is given, refuses if the file changed since. */
export function restoreBackup(path: string, backupPath: string, expectedText?: string): void {
  let backup: Buffer;
  try {
    backup = readFileSync(backupPath);
  } catch (e) {
    throw new Error(`${backupPath}: cannot read the backup (${describeError(e)}); nothing was restored`);
  }
  if (expectedText !== undefined && existsSync(path) && readFileSync(path).toString('utf8') !== expectedText) {
    throw new Error(`${path}: the file changed since the consolidation was applied; nothing was restored`);
  }
  const mode = existsSync(path) ? statSync(path).mode & 0o777 : undefined;
  writeAtomic(path, backup, mode);
}
