// Specialty globs (minimatch), compiled once per glob list and cached per path.

import { Minimatch } from 'minimatch';

const MAX_CACHE = 20_000;
const NONE: readonly string[] = [];

interface Compiled {
  readonly mms: readonly Minimatch[];
  /** Every glob is a directory ("dir/*", "dir/**", "*", "**"): whether it covers a file depends on its directory only. */
  readonly byDirOnly: boolean;
  readonly cache: Map<string, boolean>;
  /** Per directory, the globs matching files directly inside it (shared: callers must not change them). */
  readonly dirCache: Map<string, readonly string[]>;
}

export class GlobMatcher {
  /** By glob-list identity (sessions keep theirs), then by content for new arrays. */
  private readonly byArray = new WeakMap<readonly string[], Compiled>();
  private readonly byKey = new Map<string, Compiled>();

  /** Whether `path` matches any of `globs`. */
  matches(globs: readonly string[], path: string): boolean {
    if (globs.length === 0) return false;
    const c = this.compiled(globs);
    const hit = c.cache.get(path);
    if (hit !== undefined) return hit;
    const result = c.mms.some((m) => m.match(path));
    if (c.cache.size >= MAX_CACHE) c.cache.clear();
    c.cache.set(path, result);
    return result;
  }

  /**
   * Whether `path` matches any of `globs`, answered from the per-directory cache when every glob
   * is a whole directory (the common specialty shape), so that asking for many files of a few
   * directories does not match each file.
   */
  coversFile(globs: readonly string[], path: string): boolean {
    if (globs.length === 0) return false;
    const c = this.compiled(globs);
    if (!c.byDirOnly) return this.matches(globs, path);
    const slash = path.lastIndexOf('/');
    const dir = slash < 0 ? '' : path.slice(0, slash);
    return (c.dirCache.get(dir) ?? coverDir(c, globs, dir)).length > 0;
  }

  /** Whether files directly inside `dir` match any of `globs` (tested with a stand-in file name). */
  coversDir(globs: readonly string[], dir: string): boolean {
    return this.globsCovering(globs, dir).length > 0;
  }

  /**
   * The globs of `globs` that match files directly inside `dir`, in their order. The array is
   * cached (a decision asks this for every session and area): do not change it.
   */
  globsCovering(globs: readonly string[], dir: string): readonly string[] {
    if (globs.length === 0) return NONE;
    const c = this.compiled(globs);
    return c.dirCache.get(dir) ?? coverDir(c, globs, dir);
  }

  private compiled(globs: readonly string[]): Compiled {
    const known = this.byArray.get(globs);
    if (known) return known;
    const key = globs.join('\u0001');
    let c = this.byKey.get(key);
    if (!c) {
      c = {
        mms: globs.map((g) => new Minimatch(g, { dot: true })),
        byDirOnly: globs.every(isDirectoryGlob),
        cache: new Map(),
        dirCache: new Map(),
      };
      this.byKey.set(key, c);
    }
    this.byArray.set(globs, c);
    return c;
  }
}

/** "src/auth/**", "src/*", "**", "*": a glob whose last segment is `*` or `**` and whose other segments are plain names or `**`. */
function isDirectoryGlob(glob: string): boolean {
  const segments = glob.split('/');
  const last = segments[segments.length - 1];
  if (last !== '*' && last !== '**') return false;
  for (let i = 0; i < segments.length - 1; i++) {
    const s = segments[i] as string;
    if (s !== '**' && !/^[\w@.-]+$/.test(s)) return false;
  }
  return true;
}

/**
 * Matches a stand-in file directly inside `dir` and caches the result. Kept apart from
 * `globsCovering` (called for every session and area of a decision): a closure there would make
 * every call allocate.
 */
function coverDir(c: Compiled, globs: readonly string[], dir: string): readonly string[] {
  const probe = dir.length > 0 ? `${dir}/_` : '_';
  const found = c.mms.flatMap((m, i) => (m.match(probe) ? [globs[i] ?? ''] : []));
  const hit = found.length === 0 ? NONE : Object.freeze(found);
  if (c.dirCache.size >= MAX_CACHE) c.dirCache.clear();
  c.dirCache.set(dir, hit);
  return hit;
}
