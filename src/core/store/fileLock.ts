// A cross-process exclusive lock on a lock file: created with O_EXCL, holding the holder's pid,
// host, time and a random token. A lock whose holder is dead (same host) or that is older than
// `staleMs` is broken; breaking itself is guarded by a second O_EXCL file so two waiters cannot
// both break (one of them removing the other's fresh lock).
import { randomBytes } from 'node:crypto';
import { open, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { StoreLockTimeoutError, errorCode } from './storeErrors';
import { isProcessAlive } from '../files/processAlive';

export interface FileLockOptions {
  /** A lock older than this is considered abandoned (default 10 s). */
  readonly staleMs?: number;
  /** Give up waiting after this long (default 10 s). */
  readonly timeoutMs?: number;
  /** Called when a stale lock is removed, with a description of its holder. */
  readonly onStaleLockBroken?: (holder: string, why: string) => void;
}

export interface FileLock {
  readonly path: string;
  /** Whether the lock file still holds our token (false if someone broke it as stale). */
  isHeld(): Promise<boolean>;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): Promise<void>;
}

interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly time: string;
  readonly token: string;
}

interface LockSnapshot {
  readonly raw: string;
  readonly holder: LockHolder | undefined;
  readonly mtimeMs: number;
  readonly ino: number;
}

/** A lock file whose content cannot be parsed is stale after this long (it is written right after creation). */
const UNREADABLE_LOCK_STALE_MS = 2000;
/** The break guard is held for a few file operations only. */
const BREAK_GUARD_STALE_MS = 2000;

/** Takes the lock at `lockPath`, waiting (with jittered backoff) while a live holder has it. */
export async function acquireFileLock(lockPath: string, options: FileLockOptions = {}): Promise<FileLock> {
  const staleMs = options.staleMs ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  const token = randomBytes(8).toString('hex');
  let delayMs = 1;
  for (;;) {
    const holder: LockHolder = { pid: process.pid, host: hostname(), time: new Date().toISOString(), token };
    const identity = await tryCreate(lockPath, JSON.stringify(holder));
    if (identity !== undefined) return heldLock(lockPath, identity);
    const snapshot = await readSnapshot(lockPath);
    if (snapshot === undefined) continue; // Released meanwhile: try again at once.
    const why = staleReason(snapshot, staleMs);
    if (why !== undefined) {
      const outcome = await breakStaleLock(lockPath, snapshot, staleMs);
      if (outcome === 'broken') options.onStaleLockBroken?.(describeHolder(snapshot), why);
      if (outcome !== 'kept') continue;
    }
    if (Date.now() >= deadline) throw new StoreLockTimeoutError(lockPath, timeoutMs, describeHolder(snapshot));
    await sleep(delayMs + Math.random() * delayMs);
    delayMs = Math.min(delayMs * 2, 20);
  }
}

/** Identity of a lock file we created: a later stat matching it means the file is still ours. */
interface LockIdentity {
  readonly ino: bigint;
  readonly mtimeNs: bigint;
  readonly size: bigint;
}

/** Creates `path` exclusively with `content`; returns its identity, or undefined when it already exists. */
async function tryCreate(path: string, content: string): Promise<LockIdentity | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return undefined;
    throw error;
  }
  try {
    await handle.writeFile(content);
    const info = await handle.stat({ bigint: true });
    await handle.close();
    return { ino: info.ino, mtimeNs: info.mtimeNs, size: info.size };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  }
}

function heldLock(path: string, identity: LockIdentity): FileLock {
  let released = false;
  // One stat instead of reading the file: a lock replaced by another taker has another inode or mtime.
  const isHeld = async (): Promise<boolean> => {
    try {
      const info = await stat(path, { bigint: true });
      return info.ino === identity.ino && info.mtimeNs === identity.mtimeNs && info.size === identity.size;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return false;
      throw error;
    }
  };
  return {
    path,
    isHeld,
    async release(): Promise<void> {
      if (released) return;
      released = true;
      if (await isHeld()) await unlink(path).catch(() => undefined);
    },
  };
}

/** Content and metadata read through one handle, so both describe the same lock file. */
async function readSnapshot(path: string): Promise<LockSnapshot | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const raw = await handle.readFile('utf8');
    const info = await handle.stat();
    return { raw, holder: parseHolder(raw), mtimeMs: info.mtimeMs, ino: info.ino };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, host, time, token } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof host !== 'string' || typeof time !== 'string' || typeof token !== 'string') {
      return undefined;
    }
    return { pid, host, time, token };
  } catch {
    return undefined;
  }
}

/** Why the lock is abandoned, or undefined when its holder may still be working. */
function staleReason(snapshot: LockSnapshot, staleMs: number): string | undefined {
  const age = Date.now() - snapshot.mtimeMs;
  const { holder } = snapshot;
  if (holder === undefined) return age > Math.min(staleMs, UNREADABLE_LOCK_STALE_MS) ? 'unreadable lock file' : undefined;
  if (holder.host === hostname() && !isProcessAlive(holder.pid)) return `process ${holder.pid} is not running`;
  if (age > staleMs) return `held for ${Math.round(age)} ms (limit ${staleMs} ms)`;
  return undefined;
}

/**
 * Removes the lock if it is still exactly the stale one we looked at. The check and the removal
 * happen under a guard file, so a waiter that judged an older lock stale cannot remove a newer one.
 */
async function breakStaleLock(lockPath: string, seen: LockSnapshot, staleMs: number): Promise<'broken' | 'gone' | 'kept'> {
  const guard = `${lockPath}.break`;
  const guardContent = JSON.stringify({ pid: process.pid, host: hostname(), time: new Date().toISOString(), token: 'break' });
  if ((await tryCreate(guard, guardContent)) === undefined) {
    const guardSnapshot = await readSnapshot(guard);
    if (guardSnapshot !== undefined && staleReason(guardSnapshot, BREAK_GUARD_STALE_MS) !== undefined) {
      await unlink(guard).catch(() => undefined);
    }
    return 'kept';
  }
  try {
    const now = await readSnapshot(lockPath);
    if (now === undefined) return 'gone';
    const same = now.raw === seen.raw && now.mtimeMs === seen.mtimeMs && now.ino === seen.ino;
    if (!same || staleReason(now, staleMs) === undefined) return 'kept';
    await unlink(lockPath);
    return 'broken';
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

function describeHolder(snapshot: LockSnapshot): string {
  const { holder } = snapshot;
  return holder === undefined ? 'an unknown process' : `process ${holder.pid} on ${holder.host} since ${holder.time}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
