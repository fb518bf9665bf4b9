// The walk below a `projects/` folder that finds transcript files, made safe for whatever a home
// folder holds: every folder is entered once (by device and inode, so symlink loops and links to a
// folder already walked are skipped and reported), files reached twice through links are counted
// once (by real path), depth and counts are bounded, and names are read as bytes so a name that is
// not UTF-8 is read all the same and shown escaped.

import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
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

/** A folder being walked: where it is, its identity, its segments below `projects/` and its ancestors' identities. */
interface Folder {
  projectsDir: string;
  dir: Buffer;
  id: string;
  segments: string[];
  ancestors: string[];
  /** Set on a `projects/` folder whose project folders are filtered. */
  keepTop?: (name: string) => boolean;
}

/** Walks `projects/` folders into one listing; one instance per listing (it remembers what it saw). */
export class TranscriptWalk {
  readonly files: TranscriptFile[] = [];
  readonly errors: string[] = [];
  readonly skipped: SkippedPath[] = [];
  /** dev:ino of every folder entered → the path it was entered by. */
  private readonly folders = new Map<string, string>();
  /** Each listed file's identity (its folder's dev:ino and its name) → the path it was listed by. */
  private readonly realFiles = new Map<string, string>();
  /** Links met by the walks, followed by `followLinks` (each with the folder it is in). */
  private readonly links: { at: Folder; name: Buffer }[] = [];
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
   * Links met on the way wait for `followLinks`.
   */
  async walkProjects(projectsDir: string, keepTop?: (name: string) => boolean): Promise<boolean> {
    const root = Buffer.from(projectsDir);
    const id = await folderId(root).catch(() => undefined);
    if (id === undefined) return false;
    if (this.folders.has(id)) return true;
    if (!this.enterFolder(id, projectsDir)) return true;
    await this.walkFolder({ projectsDir, dir: root, id, segments: [], ancestors: [id], ...(keepTop ? { keepTop } : {}) });
    return true;
  }

  /**
   * Follows the links met by the walks, once every real folder and file is known: what is reached
   * both ways is listed by its own path and the link is the one reported, whatever the order of
   * the folders. Links met in the folders a link leads to are followed in turn.
   */
  async followLinks(): Promise<void> {
    for (let i = 0; i < this.links.length && !this.stopped; i++) {
      const link = this.links[i];
      if (link === undefined) continue;
      const { at, name } = link;
      const full = join(at.dir, name);
      const shown = displayName(name);
      const path = [at.projectsDir, ...at.segments, shown].join(sep);
      const target = await this.followLink(full, path);
      if (target === undefined) continue;
      const top = at.segments.length === 0 && at.keepTop !== undefined;
      if (target.isFile && endsWithJsonl(name)) {
        if (top) continue;
        const key = (await linkedFileKey(full).catch(() => undefined)) ?? `link:${full.toString('latin1')}`;
        this.addFile(at.projectsDir, full, key, [...at.segments, shown]);
      } else if (target.isDir) {
        if (top && at.keepTop?.(shown) !== true) continue;
        await this.enterSubfolder(at, full, shown);
      }
    }
    this.links.length = 0;
  }

  // Like ccusage's glob (fdir): a folder's files in readdir order come before its subfolders' files,
  // which matters only for the order of files whose earliest timestamps tie.
  private async walkFolder(at: Folder): Promise<void> {
    const shownDir = [at.projectsDir, ...at.segments].join(sep);
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(at.dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (e) {
      this.errors.push(`${shownDir}: ${fsErrorText(e)}`);
      return;
    }
    const subfolders: Entry[] = [];
    const top = at.segments.length === 0 && at.keepTop !== undefined;
    for (const entry of entries) {
      if (this.stopped) break;
      const name = entry.name;
      if (name[0] === DOT) continue;
      if (entry.isSymbolicLink()) {
        if (this.links.length >= this.maxFiles) {
          this.stop(`${shownDir}${sep}${displayName(name)}`, `more than ${this.maxFiles} links; the rest were not followed`);
          break;
        }
        this.links.push({ at, name });
      } else if (entry.isFile() && endsWithJsonl(name)) {
        // A file is known by its folder's identity and its name: each folder is walked once.
        if (!top) this.addFile(at.projectsDir, join(at.dir, name), fileKey(at.id, name), [...at.segments, displayName(name)]);
      } else if (entry.isDirectory()) {
        const shown = displayName(name);
        if (top && at.keepTop?.(shown) !== true) continue;
        if (subfolders.length + this.folders.size >= this.maxFolders) {
          this.stop(`${shownDir}${sep}${shown}`, `more than ${this.maxFolders} folders; the rest were not read`);
          break;
        }
        subfolders.push({ name, shown });
      }
    }
    for (const sub of subfolders) {
      if (this.stopped) return;
      await this.enterSubfolder(at, join(at.dir, sub.name), sub.shown);
    }
  }

  /** Walks a folder found in `at` (by its own name or through a link) unless it is too deep or already walked. */
  private async enterSubfolder(at: Folder, full: Buffer, name: string): Promise<void> {
    const shown = [at.projectsDir, ...at.segments, name].join(sep);
    if (at.segments.length + 2 > this.maxDepth) {
      this.skipped.push({ path: shown, reason: 'too-deep', detail: `deeper than ${this.maxDepth} levels below projects/; not read` });
      return;
    }
    let id: string;
    try {
      id = await folderId(full);
    } catch (e) {
      this.errors.push(`${shown}: ${fsErrorText(e)}`);
      return;
    }
    const first = this.folders.get(id);
    if (first !== undefined) {
      this.skipped.push(
        at.ancestors.includes(id)
          ? { path: shown, reason: 'loop', detail: `a link back to ${first}, which contains it (a loop); not followed` }
          : { path: shown, reason: 'duplicate', detail: `the same folder as ${first}, already read; not read again` },
      );
      return;
    }
    if (!this.enterFolder(id, shown)) return;
    await this.walkFolder({
      projectsDir: at.projectsDir,
      dir: full,
      id,
      segments: [...at.segments, name],
      ancestors: [...at.ancestors, id],
    });
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

  private addFile(projectsDir: string, full: Buffer, key: string, segments: string[]): void {
    const shown = [projectsDir, ...segments].join(sep);
    const first = this.realFiles.get(key);
    if (first !== undefined) {
      this.skipped.push({ path: shown, reason: 'duplicate', detail: `the same file as ${first}, already read; counted once` });
      return;
    }
    if (this.files.length >= this.maxFiles) {
      this.stop(shown, `more than ${this.maxFiles} transcript files; the rest were not read`);
      return;
    }
    this.realFiles.set(key, shown);
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

function fileKey(folder: string, name: Buffer): string {
  return `${folder}/${name.toString('latin1')}`;
}

/** The key of the file a link leads to: its real folder's identity and its real name. */
async function linkedFileKey(link: Buffer): Promise<string> {
  const real = await realpath(link, { encoding: 'buffer' });
  const cut = real.lastIndexOf(SEP);
  const folder = await folderId(cut <= 0 ? real.subarray(0, SEP.length) : real.subarray(0, cut));
  return fileKey(folder, real.subarray(cut + SEP.length));
}

function join(dir: Buffer, name: Buffer): Buffer {
  return Buffer.concat([dir, SEP, name]);
}

function endsWithJsonl(name: Buffer): boolean {
  return name.length >= JSONL.length && name.subarray(name.length - JSONL.length).equals(JSONL);
}
