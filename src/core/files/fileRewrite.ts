// Applying a rewrite to a user's file (a settings file the permission consolidation changes):
// refuse when the file changed since it was read or is not this process's to write, keep a
// timestamped backup beside it (or in a given folder), then write it through the atomic writer,
// which checks the content again just before replacing it. And putting a backup back.
import { closeSync, existsSync, fchownSync, fsyncSync, openSync, readFileSync, realpathSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FileWriteRefusedError, checkWritableSync, writeFileAtomicSync, type AtomicWriteOptions } from './atomicWrite';
import { errorCode } from './fileSteps';
import { cleanStaleTempFilesSync } from './tempFiles';

export interface AtomicWriteResult {
  path: string;
  backupPath: string;
}

function stamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** A short reason for a file error, for messages shown to the user. */
export function describeFileError(e: unknown): string {
  const known: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    EPERM: 'operation not permitted',
  };
  const code = errorCode(e);
  if (code !== undefined) return known[code] ?? code;
  return e instanceof Error ? e.message : String(e);
}

function folderOf(path: string): string {
  try {
    return dirname(realpathSync(path));
  } catch {
    return dirname(path);
  }
}

/** Writes the bytes read to `<name>.<UTC stamp>[-n].bak`, never over an existing file, with the original's mode and owner. */
function writeBackup(path: string, current: Buffer, options: AtomicWriteOptions): string {
  const info = statSync(path);
  const dir = options.backupDir ?? dirname(path);
  const base = `${basename(path)}.${stamp(options.now ?? new Date())}`;
  let backupPath = join(dir, `${base}.bak`);
  for (let n = 1; existsSync(backupPath); n++) backupPath = join(dir, `${base}-${n}.bak`);
  try {
    const fd = openSync(backupPath, 'wx', info.mode & 0o777);
    try {
      // Run as root on a user's file, the backup is the user's too.
      if (process.getuid?.() === 0) fchownSync(fd, info.uid, info.gid);
      writeSync(fd, current, 0, current.length);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new Error(`${path}: cannot write the backup ${backupPath} (${describeFileError(e)}); nothing was written`);
  }
  return backupPath;
}

/**
 * Replaces the file's text with `newText` when it still holds `expectedText`, after saving the
 * current bytes as `<name>.<UTC stamp>.bak`. Throws (file untouched) when the file changed, even
 * while it was being written (the backup is then kept), when this process may not write it, or
 * on an I/O error. The file keeps its owner, mode and hard links.
 */
export function applyFileRewrite(path: string, expectedText: string, newText: string, options: AtomicWriteOptions = {}): AtomicWriteResult {
  let current: Buffer;
  try {
    current = readFileSync(path);
  } catch (e) {
    throw new Error(`${path}: cannot read (${describeFileError(e)}); nothing was written`);
  }
  if (current.toString('utf8') !== expectedText) {
    throw new FileWriteRefusedError(
      path,
      'changed',
      `${path}: the file changed on disk since it was read; nothing was written (scan again)`,
    );
  }
  checkWritableSync(path);
  cleanStaleTempFilesSync(folderOf(path));
  const backupPath = writeBackup(path, current, options);
  try {
    writeFileAtomicSync(path, newText, { ...options, expected: current });
  } catch (e) {
    if (e instanceof FileWriteRefusedError) {
      throw new FileWriteRefusedError(path, e.reason, `${e.message} (the backup ${backupPath} was kept; scan again)`);
    }
    throw new Error(`${path}: cannot write (${describeFileError(e)}); the file was not changed (the backup ${backupPath} was kept)`);
  }
  return { path, backupPath };
}

/** Restores a backup over the file (atomically). When `expectedText` is given, refuses if the file changed since. */
export function restoreBackup(path: string, backupPath: string, expectedText?: string): void {
  let backup: Buffer;
  try {
    backup = readFileSync(backupPath);
  } catch (e) {
    throw new Error(`${backupPath}: cannot read the backup (${describeFileError(e)}); nothing was restored`);
  }
  const checked = expectedText !== undefined && existsSync(path);
  try {
    writeFileAtomicSync(path, backup, checked ? { expected: expectedText } : {});
  } catch (e) {
    if (e instanceof FileWriteRefusedError && e.reason === 'changed') {
      throw new FileWriteRefusedError(
        path,
        'changed',
        `${path}: the file changed since the consolidation was applied; nothing was restored`,
      );
    }
    if (e instanceof FileWriteRefusedError) throw e;
    throw new Error(`${path}: cannot write (${describeFileError(e)}); the file was not changed`);
  }
}
