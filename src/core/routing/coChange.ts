// Which files change together: counts of changes (commits and finished tasks) touching both, per
// pair, bounded per file. A task's likely files are expanded by their usual companions.

/** A change touching more files than this (a sweeping rename, a reformat) says little about pairs. */
export const MAX_PAIRED_FILES = 20;
/** Companions kept per file; a new one is not added past this (the first ones seen stay). */
const MAX_PARTNERS = 64;

export class CoChange {
  private readonly partners = new Map<number, Map<number, number>>();
  private readonly changes = new Map<number, number>();

  /** Changes seen touching `file` (pairs counted only for changes of at most MAX_PAIRED_FILES files). */
  count(file: number): number {
    return this.changes.get(file) ?? 0;
  }

  /** The files seen changing with `file` and how often. */
  partnersOf(file: number): ReadonlyMap<number, number> | undefined {
    return this.partners.get(file);
  }

  add(files: ArrayLike<number>, sign: 1 | -1 = 1): void {
    if (files.length > MAX_PAIRED_FILES) return;
    for (let i = 0; i < files.length; i++) {
      const f = files[i] as number;
      const n = (this.changes.get(f) ?? 0) + sign;
      if (n <= 0) this.changes.delete(f);
      else this.changes.set(f, n);
      for (let j = 0; j < files.length; j++) {
        if (i === j) continue;
        const g = files[j] as number;
        let m = this.partners.get(f);
        if (!m) {
          if (sign < 0) continue;
          this.partners.set(f, (m = new Map()));
        }
        const c = (m.get(g) ?? 0) + sign;
        if (c <= 0) m.delete(g);
        else if (m.has(g) || m.size < MAX_PARTNERS) m.set(g, c);
        if (m.size === 0) this.partners.delete(f);
      }
    }
  }

  /** Pairs held (for memory reports). */
  entries(): number {
    let n = 0;
    for (const m of this.partners.values()) n += m.size;
    return n;
  }
}
