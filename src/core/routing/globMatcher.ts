// Specialty globs (minimatch), compiled once per glob list and cached per path.

import { Minimatch } from 'minimatch';

const MAX_CACHE = 20_000;
const NONE: readonly string[] = [];

interface Compiled {
  readonly mms: readonly Minimatch[];
  readonly cache: Map<string, boolean>;
  /** Per directory, the globs (indexes) matching files directly inside it. */
  readonly dirCache: Map<string, readonly number[]>;
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

  /** Whether files directly inside `dir` match any of `globs` (tested with a stand-in file name). */
  coversDir(globs: readonly string[], dir: string): boolean {
    return this.globsCovering(globs, dir).length > 0;
  }

  /** The globs of `globs` that match files directly inside `dir`. */
  globsCovering(globs: readonly string[], dir: string): readonly string[] {
    if (globs.length === 0) return NONE;
    const c = this.compiled(globs);
    let hit = c.dirCache.get(dir);
    if (hit === undefined) {
      const probe = dir.length > 0 ? `${dir}/_` : '_';
      hit = c.mms.flatMap((m, i) => (m.match(probe) ? [i] : []));
      if (c.dirCache.size >= MAX_CACHE) c.dirCache.clear();
      c.dirCache.set(dir, hit);
    }
    return hit.length === 0 ? NONE : hit.map((i) => globs[i] ?? '');
  }

  private compiled(globs: readonly string[]): Compiled {
    const known = this.byArray.get(globs);
    if (known) return known;
    const key = globs.join('\u0001');
    let c = this.byKey.get(key);
    if (!c) {
      c = { mms: globs.map((g) => new Minimatch(g, { dot: true })), cache: new Map(), dirCache: new Map() };
      this.byKey.set(key, c);
    }
    this.byArray.set(globs, c);
    return c;
  }
}
