// The known-files index: every workspace file the router has heard of, searchable by name,
// stem (for symbols named after their file) and directory segment, with file counts per directory.

import { baseName, dirOf, normalizePath, stem } from './paths';

/** Workspace symbols, filled by the server from `workspace/symbol` when available. */
export interface SymbolIndex {
  /** Files that define a symbol of exactly this name (workspace-relative). */
  lookup(symbol: string): readonly string[];
}

export class FileIndex {
  private readonly files = new Set<string>();
  private readonly byName = new Map<string, string[]>();
  private readonly byStem = new Map<string, string[]>();
  private readonly bySegment = new Map<string, Set<string>>();
  /** Directory segments by their first PREFIX characters (for words a segment starts with). */
  private readonly segmentsByPrefix = new Map<string, Set<string>>();
  /** Length of the longest directory segment (the longest prefix of a word worth looking up). */
  private longestSegment = 0;
  private readonly dirCounts = new Map<string, number>();

  get size(): number {
    return this.files.size;
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** Adds a file; returns the normalized path. Idempotent. */
  add(rawPath: string): string {
    const path = normalizePath(rawPath);
    if (path.length === 0 || this.files.has(path)) return path;
    this.files.add(path);
    const name = baseName(path);
    push(this.byName, name.toLowerCase(), path);
    push(this.byStem, stem(name).toLowerCase(), path);
    const dir = dirOf(path);
    this.dirCounts.set(dir, (this.dirCounts.get(dir) ?? 0) + 1);
    if (dir.length > 0) {
      for (const seg of dir.split('/')) {
        const key = seg.toLowerCase();
        let dirs = this.bySegment.get(key);
        if (!dirs) {
          this.bySegment.set(key, (dirs = new Set()));
          if (key.length > this.longestSegment) this.longestSegment = key.length;
          if (key.length >= PREFIX) {
            const p = key.slice(0, PREFIX);
            let segs = this.segmentsByPrefix.get(p);
            if (!segs) this.segmentsByPrefix.set(p, (segs = new Set()));
            segs.add(key);
          }
        }
        dirs.add(dir);
      }
    }
    return path;
  }

  /** Forgets a deleted file. Directory segments stay indexed (cheap, and harmless). */
  remove(rawPath: string): boolean {
    const path = normalizePath(rawPath);
    if (!this.files.delete(path)) return false;
    const name = baseName(path);
    pull(this.byName, name.toLowerCase(), path);
    pull(this.byStem, stem(name).toLowerCase(), path);
    const dir = dirOf(path);
    const n = (this.dirCounts.get(dir) ?? 1) - 1;
    if (n <= 0) this.dirCounts.delete(dir);
    else this.dirCounts.set(dir, n);
    return true;
  }

  /** Files whose name is exactly `name` (case-insensitive, with extension). */
  byFileName(name: string): readonly string[] {
    return this.byName.get(name.toLowerCase()) ?? [];
  }

  /** Files whose name without extension is `s` (case-insensitive). */
  byFileStem(s: string): readonly string[] {
    return this.byStem.get(s.toLowerCase()) ?? [];
  }

  /** Directories having a path segment equal to `segment` (case-insensitive). */
  dirsWithSegment(segment: string): ReadonlySet<string> {
    return this.bySegment.get(segment.toLowerCase()) ?? EMPTY;
  }

  /** Files known directly in `dir`. */
  countInDir(dir: string): number {
    return this.dirCounts.get(dir) ?? 0;
  }

  /**
   * Directories holding files that are `dir` itself, end with "/" + `dir`, or lie under such a
   * directory ("src/auth" → "api/src/auth", "api/src/auth/oauth").
   */
  dirsMatching(rawDir: string): string[] {
    const d = normalizePath(rawDir).replace(/\/+$/, '');
    if (d.length === 0) return [];
    // Every match holds d's first segment: only the directories with that segment are looked at.
    const first = d.split('/', 1)[0] ?? '';
    const out: string[] = [];
    for (const dir of this.dirsWithSegment(first)) {
      if (!this.dirCounts.has(dir)) continue;
      if (dir === d || dir.endsWith('/' + d) || dir.startsWith(d + '/') || dir.includes('/' + d + '/')) out.push(dir);
    }
    return out;
  }

  /**
   * Segments that start with `word` or that `word` starts with (for "authentication" ~ "auth"),
   * both at least `minLength` long. Looks up the word's prefixes and one bucket of segments, never
   * every segment.
   */
  segmentsRelatedTo(word: string, minLength: number): string[] {
    const w = word.toLowerCase();
    if (w.length < minLength) return [];
    const out: string[] = [];
    const longest = Math.min(w.length - 1, this.longestSegment);
    for (let k = Math.max(minLength, 1); k <= longest; k++) {
      const seg = w.slice(0, k);
      if (this.bySegment.has(seg)) out.push(seg);
    }
    if (w.length >= PREFIX) {
      for (const seg of this.segmentsByPrefix.get(w.slice(0, PREFIX)) ?? EMPTY) {
        if (seg !== w && seg.length >= minLength && seg.startsWith(w)) out.push(seg);
      }
    }
    return out;
  }

  /** Known files ending with `suffix` at a segment boundary ("auth/session.ts"). */
  bySuffix(suffix: string): string[] {
    const s = normalizePath(suffix);
    const candidates = this.byFileName(baseName(s));
    return candidates.filter((p) => p === s || p.endsWith('/' + s));
  }

  /** Approximate bytes held, for memory reports. */
  approxBytes(): number {
    let chars = 0;
    for (const f of this.files) chars += f.length;
    // path string ×3 references + map/set entry overheads (~80 bytes each)
    return chars * 2 + this.files.size * 4 * 80 + this.dirCounts.size * 120;
  }
}

const EMPTY: ReadonlySet<string> = new Set();
/** Length of the prefixes segments are bucketed by (the shortest related word that is looked for). */
const PREFIX = 4;

function pull(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (!list) return;
  const rest = list.filter((v) => v !== value);
  if (rest.length === 0) map.delete(key);
  else map.set(key, rest);
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
