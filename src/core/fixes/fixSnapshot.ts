// Writing the learned-fix store file whole (a compaction: the journal folded into it) without
// stopping the process for it: 100,000 fixes are ~50 MB of JSON, which encoded at once blocks the
// event loop for a quarter of a second and leaves that much garbage. The records are encoded a few
// hundred at a time, each chunk written before the next is built, into a temporary file beside
// the store file (the atomic writer's name, so a crash's leftover is cleaned up on the next open);
// the caller renames it over the store file under the lock. The text is the store's usual
// document, `{"schemaVersion":1,…,"fixes":[…]}`, readable by every version.
import { randomBytes } from 'node:crypto';
import { chown, open, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tempPathFor } from '../files/tempFiles';

export interface SnapshotOptions {
  readonly fsync: boolean;
  /** About this many bytes are encoded between two writes (default 256 KiB). */
  readonly chunkBytes?: number;
  /** Checked between chunks: true stops the write (the temporary file is removed). */
  readonly stopped?: () => boolean;
}

/** Thrown when `stopped` stopped the write. */
export class SnapshotStoppedError extends Error {
  constructor() {
    super('the snapshot was stopped');
    this.name = 'SnapshotStoppedError';
  }
}

const DEFAULT_CHUNK_BYTES = 256 * 1024;

/**
 * Writes `{ schemaVersion, ...head, fixes: records }` to a new temporary file beside `file` and
 * returns its path (fsynced unless turned off). It gets the store file's mode, and its owner when
 * this process may give it (root writing a user's file). On failure no temporary file remains.
 */
export async function writeSnapshot(
  file: string,
  schemaVersion: number,
  head: Readonly<Record<string, unknown>>,
  records: readonly unknown[],
  options: SnapshotOptions,
): Promise<string> {
  const temp = tempPathFor(file);
  const existing = await stat(file).catch(() => undefined);
  const handle = await open(temp, 'wx', existing ? existing.mode & 0o777 : 0o666);
  try {
    if (existing && process.getuid?.() === 0 && (existing.uid !== 0 || existing.gid !== 0))
      await chown(temp, existing.uid, existing.gid).catch(() => undefined);
    const { fixes: _fixes, schemaVersion: _version, ...rest } = head;
    const opening = JSON.stringify({ schemaVersion, ...rest });
    await writeText(handle, `${opening.slice(0, -1)}${opening.length > 2 ? ',' : ''}"fixes":[`);
    const limit = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    let parts: string[] = [];
    let bytes = 0;
    for (let i = 0; i < records.length; i++) {
      const json = JSON.stringify(records[i]) ?? 'null';
      parts.push(json);
      bytes += json.length + 1;
      if (bytes >= limit) {
        await writeText(handle, `${i + 1 > parts.length ? ',' : ''}${parts.join(',')}`);
        if (options.stopped?.()) throw new SnapshotStoppedError();
        parts = [];
        bytes = 0;
      }
    }
    const written = records.length - parts.length;
    await writeText(handle, `${written > 0 && parts.length > 0 ? ',' : ''}${parts.join(',')}]}\n`);
    if (options.fsync) await handle.sync();
    await handle.close();
    return temp;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

async function writeText(handle: FileHandle, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
}

/** A random writer id for one open repository (journal lines say which process wrote them). */
export function writerId(): string {
  return randomBytes(6).toString('hex');
}
