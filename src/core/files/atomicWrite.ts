// The atomic file writer, for every file Agent Affinity writes (its stores, the user's settings
// files, Claude Code's config): the new content goes to a temporary file in the target's folder,
// is fsynced, and is renamed over the target, then the folder is fsynced. A reader, or a process
// killed half-way, sees the old file or the new one, never a mix. On top of that it refuses what
// would hurt the user's file:
// - a file this process may not write itself (judged by real access, not by its mode bits);
// - a file that changed since the caller read it (`expected`), checked again just before the
//   rename; an edit that lands in the last instant is detected and put back;
// and it keeps what a rename would lose: the owner and mode (a root process writing a user's file),
// and hard links (a file with several links is written in place instead).
import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname } from 'node:path';
import { call, errorCode, ignoringErrors, runAsync, runSync, type Steps } from './fileSteps';
import { tempPathFor } from './tempFiles';

export interface AtomicWriteOptions {
  /** fsync the new content and its folder (default true). */
  readonly fsync?: boolean;
  /** Permission bits of the written file (default: the existing file's, else 0o666 less the umask). An existing file gets them too. */
  readonly mode?: number;
  /** The content the file must still hold, checked before writing and again just before the rename. */
  readonly expected?: string | Uint8Array;
  /**
   * When replacing the file would change what it is (break its hard links, or give it another
   * owner because this process cannot keep the owner), write it in place instead (default true).
   * Stores set false: their files are their own, and crash safety matters more there.
   */
  readonly keepIdentity?: boolean;
  /** applyFileRewrite: where the backup goes (default: beside the file). */
  readonly backupDir?: string;
  /** applyFileRewrite: clock for the backup name (tests). */
  readonly now?: Date;
}

export type WriteRefusal = 'changed' | 'readOnly' | 'notWritable' | 'notAFile';

/** A write refused to protect the file; nothing was written. The message names the file and why. */
export class FileWriteRefusedError extends Error {
  constructor(
    readonly path: string,
    readonly reason: WriteRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'FileWriteRefusedError';
  }
}

/** Replaces `file` with `contents` atomically (see the module comment). On failure the file is unchanged and no temporary file remains. */
export function writeFileAtomic(file: string, contents: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  return runAsync(writeSteps(file, bytesOf(contents), options));
}

/** writeFileAtomic, synchronously. */
export function writeFileAtomicSync(file: string, contents: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  runSync(writeSteps(file, bytesOf(contents), options));
}

/** Throws FileWriteRefusedError unless this process may write `file` itself (a missing file passes). */
export function checkWritableSync(file: string): void {
  runSync(
    (function* (): Steps<void> {
      const target = yield* resolveTarget(file);
      const current = yield* statIfExists(target);
      if (current !== undefined) yield* checkWritable(file, target, current);
    })(),
  );
}

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

interface WritePlan {
  /** The name the caller gave (for messages). */
  readonly path: string;
  /** The file it ends at (through symlinks: a symlinked dotfile is written through, never replaced by a copy). */
  readonly target: string;
  readonly data: Uint8Array;
  readonly current: Stats | undefined;
  readonly mode: number | undefined;
  readonly expected: Uint8Array | undefined;
  readonly fsync: boolean;
  readonly keepIdentity: boolean;
}

function* writeSteps(path: string, data: Uint8Array, options: AtomicWriteOptions): Steps<void> {
  const target = yield* resolveTarget(path);
  const current = yield* statIfExists(target);
  if (current !== undefined) yield* checkWritable(path, target, current);
  const expected = options.expected === undefined ? undefined : bytesOf(options.expected);
  if (expected !== undefined) {
    const fd = yield* openUnchanged(path, target, expected);
    yield* call('close', fd);
  }
  const plan: WritePlan = {
    path,
    target,
    data,
    current,
    mode: options.mode ?? (current === undefined ? undefined : current.mode & 0o7777),
    expected,
    fsync: options.fsync ?? true,
    keepIdentity: options.keepIdentity ?? true,
  };
  // A rename would leave the other links on the old content.
  if (current !== undefined && plan.keepIdentity && current.nlink > 1) return yield* writeInPlace(plan);
  yield* replaceByRename(plan);
}

function* replaceByRename(plan: WritePlan): Steps<void> {
  const { target, current, mode, expected } = plan;
  const temp = tempPathFor(target);
  const fd = yield* call('open', temp, 'wx', mode ?? 0o666);
  let open = true;
  let tempExists = true;
  try {
    yield* writeAll(fd, plan.data);
    if (current !== undefined && !(yield* keepOwner(fd, current)) && plan.keepIdentity) {
      // This process cannot give the new file the owner the old one had: write the old one in place.
      yield* call('close', fd);
      open = false;
      yield* call('unlink', temp);
      tempExists = false;
      return yield* writeInPlace(plan);
    }
    if (mode !== undefined) yield* call('fchmod', fd, mode); // Past the umask, and after chown (which clears setuid bits).
    if (plan.fsync) yield* call('fsync', fd);
    yield* call('close', fd);
    open = false;
    // Just before the rename, the file must still be the one the caller read; `watch` stays open on it.
    const watch = expected === undefined ? undefined : yield* openUnchanged(plan.path, target, expected);
    try {
      yield* renameWithRetry(temp, target);
      tempExists = false;
      if (watch !== undefined && expected !== undefined) yield* checkReplacedVersion(plan, watch, expected);
    } finally {
      if (watch !== undefined) yield* ignoringErrors(call('close', watch));
    }
  } catch (error) {
    if (open) yield* ignoringErrors(call('close', fd));
    if (tempExists) yield* ignoringErrors(call('unlink', temp));
    throw error;
  }
  if (plan.fsync) yield* fsyncDirectory(dirname(target));
}

/**
 * The version we replaced is still readable through `watch`. If it no longer holds what was
 * checked, another program wrote it in place between the check and the rename: its edit is put
 * back (once its write has settled) and the write reported as refused.
 */
function* checkReplacedVersion(plan: WritePlan, watch: number, expected: Uint8Array): Steps<void> {
  let seen = yield* readAll(watch);
  if (Buffer.from(seen).equals(expected)) return;
  for (let i = 0; i < 25; i++) {
    yield* call('sleep', 4);
    const again = yield* readAll(watch);
    if (Buffer.from(again).equals(seen)) break;
    seen = again;
  }
  // Only over our own content: if the other program wrote again since, its newer version stands.
  yield* ignoringErrors(writeSteps(plan.path, seen, { expected: plan.data, fsync: plan.fsync, keepIdentity: plan.keepIdentity }));
  throw new FileWriteRefusedError(
    plan.path,
    'changed',
    `${plan.path}: the file was changed by another program while it was being written; that change was kept and nothing was written`,
  );
}

/** Writes over the existing file (same inode: its links, owner and ACLs stay). Not crash-atomic; callers keep a backup. */
function* writeInPlace(plan: WritePlan): Steps<void> {
  const { target, current, mode, expected, data } = plan;
  const fd = yield* call('open', target, 'r+');
  try {
    if (expected !== undefined && !Buffer.from(yield* readAll(fd)).equals(expected)) throw changedError(plan.path);
    yield* writeAll(fd, data);
    yield* call('ftruncate', fd, data.length);
    if (mode !== undefined && current !== undefined && (current.mode & 0o7777) !== mode) yield* call('fchmod', fd, mode);
    if (plan.fsync) yield* call('fsync', fd);
  } finally {
    yield* ignoringErrors(call('close', fd));
  }
}

/** Gives the new file the old one's owner and group; false when this process may not. */
function* keepOwner(fd: number, current: Stats): Steps<boolean> {
  const mine = yield* call('fstat', fd);
  if (mine.uid === current.uid && mine.gid === current.gid) return true;
  try {
    yield* call('fchown', fd, current.uid, current.gid);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EPERM' || code === 'EINVAL' || code === 'ENOSYS') return false;
    throw error;
  }
}

function* resolveTarget(path: string): Steps<string> {
  try {
    return yield* call('realpath', path);
  } catch {
    return path; // Missing (or a dangling link): written as named.
  }
}

function* statIfExists(target: string): Steps<Stats | undefined> {
  try {
    return yield* call('stat', target);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * May this process write the file itself? Judged by the kernel's access check, not by the mode
 * bits (a root-owned 0644 file in a folder the user may write is not the user's to replace). Root
 * passes every access check, so for root a file its owner made read-only is still refused.
 */
function* checkWritable(path: string, target: string, current: Stats): Steps<void> {
  if (!current.isFile()) throw new FileWriteRefusedError(path, 'notAFile', `${path}: not a regular file; nothing was written`);
  const readOnly = (): FileWriteRefusedError =>
    new FileWriteRefusedError(path, 'readOnly', `${path}: the file is read-only; nothing was written`);
  const uid = process.getuid?.();
  if (uid === 0 && (current.mode & 0o200) === 0) throw readOnly();
  try {
    yield* call('access', target, constants.W_OK);
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw error;
    if (code === 'EROFS') throw new FileWriteRefusedError(path, 'readOnly', `${path}: the file system is read-only; nothing was written`);
    if ((current.mode & 0o222) === 0 || uid === undefined) throw readOnly();
    throw new FileWriteRefusedError(
      path,
      'notWritable',
      `${path}: this process (uid ${uid}) may not write the file (owner uid ${current.uid}, mode ${(current.mode & 0o777).toString(8).padStart(4, '0')}); nothing was written`,
    );
  }
}

/** Opens the file and checks it holds `expected`; returns the open descriptor, or throws `changed`. */
function* openUnchanged(path: string, target: string, expected: Uint8Array): Steps<number> {
  let fd: number;
  try {
    fd = yield* call('open', target, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') throw changedError(path);
    throw error;
  }
  try {
    if (!Buffer.from(yield* readAll(fd)).equals(expected)) throw changedError(path);
  } catch (error) {
    yield* ignoringErrors(call('close', fd));
    throw error;
  }
  return fd;
}

function changedError(path: string): FileWriteRefusedError {
  return new FileWriteRefusedError(path, 'changed', `${path}: the file changed on disk since it was read; nothing was written`);
}

function* readAll(fd: number): Steps<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let position = 0;
  for (;;) {
    const buffer = new Uint8Array(64 * 1024);
    const n = yield* call('read', fd, buffer, position);
    if (n === 0) break;
    chunks.push(buffer.subarray(0, n));
    position += n;
  }
  return Buffer.concat(chunks);
}

function* writeAll(fd: number, data: Uint8Array): Steps<void> {
  let position = 0;
  while (position < data.length) position += yield* call('write', fd, data.subarray(position), position);
}

/** Flushes a folder entry (the rename) to disk where the platform allows it. */
function* fsyncDirectory(dir: string): Steps<void> {
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = yield* call('open', dir, 'r');
    yield* call('fsync', fd);
  } catch (error) {
    // Some file systems refuse to fsync a folder; the rename itself is still atomic.
    const code = errorCode(error);
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF' && code !== 'EACCES') throw error;
  } finally {
    if (fd !== undefined) yield* ignoringErrors(call('close', fd));
  }
}

/** rename(); on Windows retried briefly, since scanners and indexers hold files open for a moment. */
function* renameWithRetry(from: string, to: string): Steps<void> {
  const retryable = new Set(['EPERM', 'EACCES', 'EBUSY']);
  for (let attempt = 0; ; attempt++) {
    try {
      yield* call('rename', from, to);
      return;
    } catch (error) {
      if (process.platform !== 'win32' || attempt >= 10 || !retryable.has(errorCode(error) ?? '')) throw error;
      yield* call('sleep', 10 * (attempt + 1));
    }
  }
}
