// Workspace symbols the router has looked up: identifier → the workspace files defining it, as a
// SymbolIndex. Entries age out (a shorter life for "no definition", which a new file can change),
// entries pointing at a file that changed are dropped (the definition may have moved), and the
// cache is bounded in names and in files per name.

import type { SymbolIndex } from './fileIndex';
import { normalizePath } from './paths';

export interface SymbolCacheOptions {
  /** How long a found definition is trusted (ms). */
  readonly ttlMs: number;
  /** How long "no definition" is trusted (ms). */
  readonly missTtlMs: number;
  /** Names kept; the oldest entries go first. */
  readonly maxNames: number;
  /** Files kept per name. */
  readonly maxFilesPerName: number;
}

export const DEFAULT_SYMBOL_CACHE_OPTIONS: SymbolCacheOptions = {
  ttlMs: 5 * 60_000,
  missTtlMs: 30_000,
  maxNames: 500,
  maxFilesPerName: 8,
};

interface Entry {
  readonly files: readonly string[];
  readonly expiresAt: number;
}

export class SymbolCache implements SymbolIndex {
  private readonly options: SymbolCacheOptions;
  /** In insertion order, so the first key is the oldest entry. */
  private readonly entries = new Map<string, Entry>();

  constructor(
    options: Partial<SymbolCacheOptions> = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.options = { ...DEFAULT_SYMBOL_CACHE_OPTIONS, ...options };
  }

  get size(): number {
    return this.entries.size;
  }

  /** Files defining `name` (workspace-relative); empty when unknown, expired or defined nowhere. */
  lookup(name: string): readonly string[] {
    return this.fresh(name, this.clock())?.files ?? [];
  }

  /** The names among `names` with no live entry (found or not): those worth asking about. */
  missing(names: Iterable<string>): string[] {
    const now = this.clock();
    const out: string[] = [];
    for (const name of names) if (!this.fresh(name, now) && !out.includes(name)) out.push(name);
    return out;
  }

  /** Records the answer for `name`: the files defining it (none is an answer too). */
  set(name: string, files: readonly string[]): void {
    const kept = [...new Set(files.map(normalizePath).filter((f) => f.length > 0))].slice(0, this.options.maxFilesPerName);
    const ttl = kept.length > 0 ? this.options.ttlMs : this.options.missTtlMs;
    this.entries.delete(name); // re-inserted as the newest
    this.entries.set(name, { files: kept, expiresAt: this.clock() + ttl });
    while (this.entries.size > this.options.maxNames) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** A file changed (edited, saved, deleted): forgets the names it was said to define. Returns how many. */
  fileChanged(path: string): number {
    const p = normalizePath(path);
    let dropped = 0;
    for (const [name, e] of this.entries) {
      if (e.files.includes(p)) {
        this.entries.delete(name);
        dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    this.entries.clear();
  }

  private fresh(name: string, now: number): Entry | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    if (e.expiresAt > now) return e;
    this.entries.delete(name);
    return undefined;
  }
}
