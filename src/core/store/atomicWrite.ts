// Atomic file replacement: write a uniquely named temporary file in the target's folder, fsync
// it, rename it over the target, fsync the folder. A reader (or a process killed half-way) sees
// the old file or the new one, never a mix. Also removes temporary files left by dead writers.
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errorCode } from './storeErrors';
import { isProcessAlive } from './processAlive';

export interface AtomicWriteOptions {
  /** fsync the temporary file before the rename and the folder after it (default true). */
  readonly fsync?: boolean;
  /** Permission bits of the new file (default 0o666 less the umask); keep a private file private. */
  readonly mode?: number;
}

/** Temporary files older than this are removed even when their pid looks alive (pid reuse). */
const STALE_TEMP_AGE_MS = 60 * 60 * 1000;

/** The temporary file name used for `file`: hidden, with our pid and a random part. */
export function tempPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** Matches our temporary files for `file` and captures the writer's pid. */
function tempNamePattern(file: string): RegExp {
  const escaped = basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${escaped}\\.tmp-(\\d+)-[0-9a-f]+$`);
}

/** Replaces `file` with `contents` atomically. On failure the target is unchanged and no temp file remains. */
export async function writeFileAtomic(file: string, contents: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const durable = options.fsync ?? true;
  const temp = tempPathFor(file);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  let created = false;
  try {
    handle = await open(temp, 'wx', options.mode ?? 0o666);
    created = true;
    await handle.writeFile(contents);
    if (durable) await handle.sync();
    await handle.close();
    handle = undefined;
    await renameWithRetry(temp, file);
  } catch (error) {
    await handle?.close().catch(ignore);
    if (created) await unlink(temp).catch(ignore);
    throw error;
  }
  if (durable) await fsyncDirectory(dirname(file));
}

/**
 * Removes temporary files of `file` left by writers that are gone (dead pid, or older than an
 * hour). Files of live writers and every other file are left alone. Returns the removed paths.
 */
export async function cleanStaleTempFiles(file: string): Promise<string[]> {
  const dir = dirname(file);
  const pattern = tempNamePattern(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = pattern.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    const path = join(dir, name);
    let stale = pid !== process.pid && !isProcessAlive(pid);
    if (!stale) {
      const info = await stat(path).catch(() => undefined);
      stale = info !== undefined && Date.now() - info.mtimeMs > STALE_TEMP_AGE_MS;
    }
    if (stale) {
      try {
        await unlink(path);
        removed.push(path);
      } catch {
        // Gone already or not ours to remove: nothing to do.
      }
    }
  }
  return removed;
}

/** Flushes a folder entry (the rename) to disk where the platform allows it. */
async function fsyncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Some file systems refuse to fsync a folder; the rename itself is still atomic.
    const code = errorCode(error);
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF' && code !== 'EACCES') throw error;
  } finally {
    await handle?.close().catch(ignore);
  }
}

/** rename(); on Windows retried briefly, since scanners and indexers hold files open for a moment. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  const retryable = new Set(['EPERM', 'EACCES', 'EBUSY']);
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      if (process.platform !== 'win32' || attempt >= 10 || !retryable.has(errorCode(error) ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * (attempt + 1)));
    }
  }
}

function ignore(): void {
  // Best-effort cleanup.
}
