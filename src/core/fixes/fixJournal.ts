// The learned-fix journal's files: `<name>.journal.jsonl` beside the store file, which every
// process appends its changes to (under the store's lock), and the journals set aside by a
// compaction, `<name>.journal.upto-<seq>.jsonl`, until the snapshot that holds them is written.
// A FixJournal is one process's reading position: it reads what was appended since it last looked
// (following the current file through a rotation by its inode), appends, rotates, and cuts off a
// line left half-written by a crash. It decides nothing about the store: it hands entries over.
import type { FileHandle } from 'node:fs/promises';
import { open, readdir, rename, stat, truncate, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { errorCode } from '../store/storeErrors';
import { type BadJournalLine, type JournalEntry, parseJournalChunk } from './fixJournalEntries';

/** A journal's bad line, with the file it is in. */
export interface BadLineIn extends BadJournalLine {
  readonly file: string;
}

/** The end of the current journal that has no newline yet: being written, or cut off by a crash. */
export interface JournalTail {
  readonly file: string;
  readonly line: number;
  /** Where the last complete line ends (the size to cut the file back to). */
  readonly at: number;
  readonly text: string;
}

export interface JournalRead {
  /** Entries newer than the last one read, in order. */
  readonly entries: JournalEntry[];
  readonly bad: BadLineIn[];
  /** Set when the current journal ends in an incomplete line. */
  readonly tail: JournalTail | undefined;
  /** Set-aside journals wholly included in the snapshot (seq ≤ the one it holds), to be removed. */
  readonly stale: string[];
}

interface Cursor {
  /** The file being read (the current journal, or the one it was rotated to); undefined: none yet. */
  ino: bigint | undefined;
  offset: number;
  /** The 1-based number of the next line. */
  line: number;
}

interface RotatedFile {
  readonly path: string;
  readonly upTo: number;
}

/** The current journal's path for a store file: `learned-fixes.json` → `learned-fixes.journal.jsonl`. */
export function journalPathFor(storeFile: string): string {
  return join(dirname(storeFile), `${stem(storeFile)}.journal.jsonl`);
}

function stem(storeFile: string): string {
  return basename(storeFile, extname(storeFile));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class FixJournal {
  readonly file: string;
  private readonly dir: string;
  private readonly stem: string;
  private readonly rotatedName: RegExp;
  private cursor: Cursor = { ino: undefined, offset: 0, line: 1 };
  /** The newest entry read or written (or the snapshot's, before any). */
  private seq: number;

  /** `snapshotSeq`: the last entry the store file already holds (0 when it holds none). */
  constructor(
    storeFile: string,
    private snapshotSeq: number,
    private readonly fsync: boolean,
  ) {
    this.file = journalPathFor(storeFile);
    this.dir = dirname(storeFile);
    this.stem = stem(storeFile);
    this.rotatedName = new RegExp(`^${escapeRegExp(this.stem)}\\.journal\\.upto-(\\d+)(?:-\\d+)?\\.jsonl$`);
    this.seq = snapshotSeq;
  }

  /** The store file now holds every entry up to `seq` (a snapshot was written). */
  snapshotHolds(seq: number): void {
    this.snapshotSeq = Math.max(this.snapshotSeq, seq);
  }

  /** The number of the newest entry known. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Bytes of the current journal read so far (its size, once caught up). */
  get size(): number {
    return this.cursor.offset;
  }

  /**
   * Reads what was appended since the last call: the rest of the file being read, the journals a
   * rotation set aside after it, then the current one. Undefined when the file being read is gone
   * (a compaction removed it, so the store file holds entries this process never read: reload).
   */
  async readNew(): Promise<JournalRead | undefined> {
    const out: JournalRead = { entries: [], bad: [], tail: undefined, stale: [] };
    const current = await statIfAny(this.file);
    if (current !== undefined && this.cursor.ino === current.ino) {
      await this.readFile(this.file, current.size, out, true);
      return out;
    }
    const rotated = await this.rotatedFiles();
    let from = 0;
    if (this.cursor.ino !== undefined) {
      const at = await findByIno(rotated, this.cursor.ino);
      if (at < 0) return undefined;
      const mine = rotated[at] as RotatedFile;
      await this.readRotated(mine.path, out);
      from = at + 1;
    }
    for (const r of rotated.slice(from)) {
      if (r.upTo <= this.snapshotSeq) out.stale.push(r.path);
      if (r.upTo <= this.seq) continue; // Nothing newer than what was read (or the store file holds).
      this.cursor = { ino: (await statIfAny(r.path))?.ino, offset: 0, line: 1 };
      await this.readRotated(r.path, out);
    }
    if (current !== undefined) {
      this.cursor = { ino: current.ino, offset: 0, line: 1 };
      await this.readFile(this.file, current.size, out, true);
    }
    return out;
  }

  /** Cuts the current journal back to its last complete line (only under the store's lock: no one is writing). */
  async cutTail(tail: JournalTail): Promise<void> {
    await truncate(this.file, tail.at);
  }

  /** Appends entry lines (read up to the end first, under the store's lock); fsynced unless turned off. */
  async append(text: string, entries: number, lastSeq: number): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    const handle = await open(this.file, 'a');
    try {
      const info = await handle.stat({ bigint: true });
      if (info.ino !== this.cursor.ino) this.cursor = { ino: info.ino, offset: 0, line: 1 };
      const size = Number(info.size);
      if (size !== this.cursor.offset)
        throw new Error(`"${this.file}" changed while it was locked (${size} bytes, ${this.cursor.offset} read)`);
      await writeAll(handle, bytes);
      if (this.fsync) await handle.datasync();
      if (this.fsync && size === 0) await syncFolder(this.dir); // A new file: its name must last too.
      this.cursor.offset = size + bytes.length;
      this.cursor.line += entries;
      this.seq = lastSeq;
    } finally {
      await handle.close();
    }
  }

  /**
   * Sets the current journal aside as `…journal.upto-<last seq>.jsonl` (under the store's lock,
   * read to its end): new entries go to a new file. Nothing to do when it is missing or empty.
   */
  async rotate(): Promise<void> {
    const current = await statIfAny(this.file);
    if (current === undefined || current.size === 0) return;
    const names = new Set(await readdir(this.dir));
    let target = '';
    for (let n = 0; target === '' || names.has(basename(target)); n++)
      target = join(this.dir, `${this.stem}.journal.upto-${this.seq}${n === 0 ? '' : `-${n}`}.jsonl`);
    await rename(this.file, target);
    // Read to its end already: the next read starts on the next journal (set-aside files up to
    // the last seq read are passed over), so removing this one later loses this process nothing.
    this.cursor = { ino: undefined, offset: 0, line: 1 };
  }

  /** Removes set-aside journals whose entries the store file now holds (seq ≤ `upTo`). */
  async removeRotated(upTo: number): Promise<void> {
    for (const r of await this.rotatedFiles()) if (r.upTo <= upTo) await unlink(r.path).catch(() => undefined);
  }

  /** Paths of the set-aside journals, oldest first. */
  private async rotatedFiles(): Promise<RotatedFile[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const found: RotatedFile[] = [];
    for (const name of names) {
      const m = this.rotatedName.exec(name);
      if (m) found.push({ path: join(this.dir, name), upTo: Number(m[1]) });
    }
    return found.sort((a, b) => a.upTo - b.upTo || a.path.localeCompare(b.path));
  }

  /** Reads a set-aside journal to its end: nothing is appended to it any more, so a cut-off end is a bad line. */
  private async readRotated(path: string, out: JournalRead): Promise<void> {
    const info = await statIfAny(path);
    if (info !== undefined) await this.readFile(path, info.size, out, false);
  }

  private async readFile(path: string, size: number, out: JournalRead, current: boolean): Promise<void> {
    if (size <= this.cursor.offset) return;
    const bytes = await readRange(path, this.cursor.offset, size);
    const chunk = parseJournalChunk(bytes, this.cursor.line);
    for (const e of chunk.entries) {
      if (e.seq <= this.seq) continue; // Already in the store file, or read before.
      this.seq = e.seq;
      out.entries.push(e);
    }
    for (const b of chunk.bad) out.bad.push({ ...b, file: path });
    const text = chunk.rest > 0 ? Buffer.from(bytes.subarray(chunk.consumed)).toString('utf8') : '';
    if (chunk.rest > 0 && current) {
      (out as { tail: JournalTail | undefined }).tail = {
        file: path,
        line: this.cursor.line + chunk.lines,
        at: this.cursor.offset + chunk.consumed,
        text,
      };
    } else if (chunk.rest > 0) {
      out.bad.push({ file: path, line: this.cursor.line + chunk.lines, reason: 'cut off (no end of line)', text });
    }
    this.cursor.offset += current ? chunk.consumed : bytes.length;
    this.cursor.line += chunk.lines;
  }
}

async function statIfAny(path: string): Promise<{ ino: bigint; size: number } | undefined> {
  try {
    const info = await stat(path, { bigint: true });
    return { ino: info.ino, size: Number(info.size) };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

async function findByIno(files: readonly RotatedFile[], ino: bigint): Promise<number> {
  for (let i = 0; i < files.length; i++) if ((await statIfAny((files[i] as RotatedFile).path))?.ino === ino) return i;
  return -1;
}

async function readRange(path: string, from: number, to: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const bytes = Buffer.allocUnsafe(to - from);
    let done = 0;
    while (done < bytes.length) {
      const { bytesRead } = await handle.read(bytes, done, bytes.length - done, from + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return bytes.subarray(0, done);
  } finally {
    await handle.close();
  }
}

/** fsyncs a folder (its entries: a new or renamed file); where folders cannot be opened, nothing to do. */
export async function syncFolder(dir: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a folder: the rename is as durable as they make it.
  } finally {
    await handle.close();
  }
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
    done += bytesWritten;
  }
}
