// Specialty globs (minimatch), compiled once per session and cached per path.

import { Minimatch } from 'minimatch';

const MAX_CACHE = 50_000;

export class GlobMatcher {
  private readonly compiled = new Map<string, readonly Minimatch[]>();
  private readonly cache = new Map<string, boolean>();

  /** Whether `path` matches any of `globs`. A directory is tested as a file inside it. */
  matches(globs: readonly string[], path: string): boolean {
    if (globs.length === 0) return false;
    const key = globs.join('\u0001');
    const cacheKey = key + '\u0000' + path;
    const hit = this.cache.get(cacheKey);
    if (hit !== undefined) return hit;
    let mms = this.compiled.get(key);
    if (!mms) {
      mms = globs.map((g) => new Minimatch(g, { dot: true, nocase: false }));
      this.compiled.set(key, mms);
    }
    const result = mms.some((m) => m.match(path));
    if (this.cache.size >= MAX_CACHE) this.cache.clear();
    this.cache.set(cacheKey, result);
    return result;
  }

  /** Whether files directly inside `dir` match any of `globs`. */
  coversDir(globs: readonly string[], dir: string): boolean {
    return this.matches(globs, dir.length > 0 ? `${dir}/_` : '_');
  }
}
