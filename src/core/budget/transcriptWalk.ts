// The walk below a `projects/` folder that finds transcript files, made safe for whatever a home
// folder holds: every folder is entered once (by device and inode, so symlink loops and links to a
// folder already walked are skipped and reported), files reached twice through links are counted
// once (by real path), depth and counts are bounded, and names are read as bytes so a name that is
// not UTF-8 is read all the same and shown escaped.

import type { Dirent } from 'node:fs';
import { opendir, realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { displayName, plainName } from './fileNames';

/** One transcript file found under a config dir's `projects/`. */
export interface TranscriptFile {
  /** The path to show (and the key of the file): the real path, or its escaped rendering when `fsPath` is set. */
  path: string;
  /** The raw path to open, set only when `path` is escaped (a name that is not UTF-8 or holds control characters). */
  fsPath?: Buffer;
  /** The `projects/` folder it was found under. */
  projectsDir: string;
  /** Path segments below `projects/` (first = encoded project dir, last = file name), as shown. */
  segments: string[];
}

export type SkipReason = 'loop' | 'duplicate' | 'too-deep' | 'limit';

/** A folder or file the walk did not enter or count, with why. */
export interface SkippedPath {
  path: string;
  reason: SkipReason;
  detail: string;
}

export interface WalkLimits {
  /** Deepest file below `projects/`, in segments (default 12; Claude Code writes at most 4). */
  maxDepth?: number;
  /** Transcript files listed at most (default 100 000); the walk stops there. */
  maxFiles?: number;
  /** Folders entered at most (default 100 000); the walk stops there. */
  maxFolders?: number;
}

const JSONL = Buffer.from('.jsonl');
const DOT = 0x2e;
const SEP = Buffer.from(sep);

interface Entry {
  name: Buffer;
  shown: string;
}

/** Walks `projects/` folders into one listing; one instance per listing (it remembers what it saw). */
export class TranscriptWalk {
  readonly files: TranscriptFile[] = [];
  readonly errors: string[] = [];
  readonly skipped: SkippedPath[] = [];
  /** dev:ino of every folder entered → the path it was entered by. */
  private readonly folders = new Map<string, string>();
  /** Real paths (latin1 of the bytes) of the files listed. */
  private readonly realFiles = new Set<string>();
  private readonly maxDepth: number;
  private readonly maxFiles: number;
  private readonly maxFolders: number;
  private stopped = false;

  constructor(limits: WalkLimits = {}) {
    this.maxDepth = limits.maxDepth ?? 12;
    this.maxFiles = limits.maxFiles ?? 100_000;
    this.maxFolders = limits.maxFolders ?? 100_000;
  }

  /**
   * Walks one `projects/` folder: its own `*.jsonl` files (unless `keepTop` filters), then each
   * project folder that `keepTop` accepts. Returns false when the folder cannot be read (missing).
   * A `projects/` folder already walked (two config dirs naming the same folder) is skipped silently.
   */
  async walkProjects(projectsDir: string, keepTop?: (name: string) => boolean): Promise<boolean> {
    const root = Buffer.from(projectsDir);
    const id = await folderId(root).catch(() => undefined);
    if (id === undefined) return false;
    if (this.folders.has(id)) return true;
    if (!this.enterFolder(id, projectsDir)) return true;
    await this.walkFolder(projectsDir, root, [], [id], keepTop);
    return true;
  }

  // Like ccusage's glob (fdir): a folder's files in readdir order come before its subfolders' files,
  // which matters only for the order of files whose earliest timestamps tie.
  private async walkFolder(
    projectsDir: string,
    dir: Buffer,
    segments: string[],
    ancestors: string[],
    keepTop?: (name: string) => boolean,
  ): Promise<void> {
    const shownDir = [projectsDir, ...segments].join(sep);
    let realDir: Buffer;
    const subfolders: Entry[] = [];
    try {
      realDir = await realpath(dir, { encoding: 'buffer' });
      for await (const entry of await openDirBytes(dir)) {
        if (this.stopped) break;
        const name = entry.name;
        if (name[0] === DOT) continue;
        const shown = displayName(name);
        const full = join(dir, name);
        let isFile = entry.isFile();
        let isDir = entry.isDirectory();
        let realFile: Buffer | undefined;
        if (entry.isSymbolicLink()) {
          const target = await this.followLink(full, [shownDir, shown].join(sep));
          if (target === undefined) continue;
          isFile = target.isFile;
          isDir = target.isDir;
          if (isFile && endsWithJsonl(name)) realFile = await realpath(full, { encoding: 'buffer' }).catch(() => undefined);
        }
        if (isFile && endsWithJsonl(name)) {
          if (segments.length === 0 && keepTop !== undefined) continue;
          this.addFile(projectsDir, full, realFile ?? join(realDir, name), [...segments, shown]);
        } else if (isDir) {
          if (segments.length === 0 && keepTop !== undefined && !keepTop(shown)) continue;
          if (subfolders.length + this.folders.size >= this.maxFolders) {
            this.stop(`${shownDir}${sep}${shown}`, `more than ${this.maxFolders} folders; the rest were not read`);
            break;
          }
          subfolders.push({ name, shown });
        }
      }
    } catch (e) {
      this.errors.push(`${shownDir}: ${fsErrorText(e)}`);
      return;
    }
    for (const sub of subfolders) {
      if (this.stopped) return;
      const full = join(dir, sub.name);
      const shown = [shownDir, sub.shown].join(sep);
      if (segments.length + 2 > this.maxDepth) {
        this.skipped.push({ path: shown, reason: 'too-deep', detail: `deeper than ${this.maxDepth} levels below projects/; not read` });
        continue;
      }
      let id: string;
      try {
        id = await folderId(full);
      } catch (e) {
        this.errors.push(`${shown}: ${fsErrorText(e)}`);
        continue;
      }
      const first = this.folders.get(id);
      if (first !== undefined) {
        this.skipped.push(
          ancestors.includes(id)
            ? { path: shown, reason: 'loop', detail: `a link back to ${first}, which contains it (a loop); not followed` }
            : { path: shown, reason: 'duplicate', detail: `the same folder as ${first}, already read; not read again` },
        );
        continue;
      }
      if (!this.enterFolder(id, shown)) return;
      await this.walkFolder(projectsDir, full, [...segments, sub.shown], [...ancestors, id]);
    }
  }

  /** What a link points to; undefined (and reported when it is a loop) when it cannot be followed. */
  private async followLink(full: Buffer, shown: string): Promise<{ isFile: boolean; isDir: boolean } | undefined> {
    try {
      const info = await stat(full);
      return { isFile: info.isFile(), isDir: info.isDirectory() };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') this.skipped.push({ path: shown, reason: 'loop', detail: 'a link that leads back to itself; not followed' });
      // A dangling link (ENOENT) is skipped silently, as ccusage does.
      else if (code !== 'ENOENT') this.errors.push(`${shown}: ${fsErrorText(e)}`);
      return undefined;
    }
  }

  private addFile(projectsDir: string, full: Buffer, real: Buffer, segments: string[]): void {
    const shown = [projectsDir, ...segments].join(sep);
    const key = real.toString('latin1');
    if (this.realFiles.has(key)) {
      this.skipped.push({
        path: shown,
        reason: 'duplicate',
        detail: `the same file as one already read (${displayName(real)}); counted once`,
      });
      return;
    }
    if (this.files.length >= this.maxFiles) {
      this.stop(shown, `more than ${this.maxFiles} transcript files; the rest were not read`);
      return;
    }
    this.realFiles.add(key);
    const plain = plainName(full) !== undefined;
    this.files.push(plain ? { path: shown, projectsDir, segments } : { path: shown, fsPath: full, projectsDir, segments });
  }

  private enterFolder(id: string, shown: string): boolean {
    if (this.folders.size >= this.maxFolders) {
      this.stop(shown, `more than ${this.maxFolders} folders; the rest were not read`);
      return false;
    }
    this.folders.set(id, shown);
    return true;
  }

  private stop(path: string, detail: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.skipped.push({ path, reason: 'limit', detail });
  }
}

/** `opendir` with names as bytes: Node supports `encoding: 'buffer'` there, @types/node does not say so. */
function openDirBytes(dir: Buffer): Promise<AsyncIterable<Dirent<Buffer>>> {
  return opendir(dir, { encoding: 'buffer' as BufferEncoding, bufferSize: 128 }) as unknown as Promise<AsyncIterable<Dirent<Buffer>>>;
}

/** A file-system error without the path Node appends (decoded lossily for names that are not UTF-8). */
function fsErrorText(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/, \w+ '[^]*'$/, '');
}

async function folderId(path: Buffer): Promise<string> {
  const info = await stat(path, { bigint: true });
  if (!info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  return `${info.dev}:${info.ino}`;
}

function join(dir: Buffer, name: Buffer): Buffer {
  return Buffer.concat([dir, SEP, name]);
}

function endsWithJsonl(name: Buffer): boolean {
  return name.length >= JSONL.length && name.subarray(name.length - JSONL.length).equals(JSONL);
}
