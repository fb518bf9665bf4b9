// Token counts of files on disk, remembered per file as long as the file is unchanged: the context
// pack counts the same candidates call after call, and reading and hashing each of them every time
// made a pack wait on the disk and the garbage collector. A file counts as unchanged while what
// stat says of it is (device, inode, size, modification and change times); any write, rename or
// replacement changes one of them, and the file is read again. Bounded (least recently used first out).
import type { Stats } from 'node:fs';

/** What identifies a file's content without reading it. */
export type FileStamp = Pick<Stats, 'dev' | 'ino' | 'size' | 'mtimeMs' | 'ctimeMs'>;

interface Entry {
  stamp: FileStamp;
  tokens: number;
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

export class FileTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 4096) {}

  /** The count taken when the file had this stamp; undefined when it changed or was never counted. */
  get(path: string, stamp: FileStamp): number | undefined {
    const e = this.entries.get(path);
    if (!e) return undefined;
    if (!sameStamp(e.stamp, stamp)) {
      this.entries.delete(path);
      return undefined;
    }
    this.entries.delete(path); // most recently used last
    this.entries.set(path, e);
    return e.tokens;
  }

  set(path: string, stamp: FileStamp, tokens: number): void {
    this.entries.delete(path);
    const { dev, ino, size, mtimeMs, ctimeMs } = stamp;
    this.entries.set(path, { stamp: { dev, ino, size, mtimeMs, ctimeMs }, tokens });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
