// Values keyed by a text, found for every word-boundary prefix of another text in one pass.
// Looking each prefix up by slicing it costs O(length) per prefix, so a command of many short
// words cost O(length²) per lookup (5,000 words: seconds). Here each prefix's hash is extended one
// character at a time, and only a hash hit is compared as text: linear in the text.

const MUL1 = 31;
const MUL2 = 131;

/** Two 32-bit polynomial hashes folded into one safe integer (collisions only cost a text comparison). */
function fold(h1: number, h2: number): number {
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

function hashOf(text: string): number {
  let h1 = 0;
  let h2 = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = (Math.imul(h1, MUL1) + c) | 0;
    h2 = (Math.imul(h2, MUL2) + c) | 0;
  }
  return fold(h1, h2);
}

function isSpaceCode(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;
}

/** Texts up to this length are looked up prefix by prefix (cheaper for short commands, and bounded). */
const SHORT_TEXT = 96;

export class PrefixTable<T> {
  private readonly byHash = new Map<number, { key: string; values: T[] }[]>();
  private readonly byKey = new Map<string, T[]>();

  get size(): number {
    return this.byHash.size;
  }

  add(key: string, value: T): void {
    const direct = this.byKey.get(key);
    if (direct) direct.push(value);
    else this.byKey.set(key, [value]);
    const h = hashOf(key);
    const bucket = this.byHash.get(h);
    const hit = bucket?.find((e) => e.key === key);
    if (hit) hit.values.push(value);
    else if (bucket) bucket.push({ key, values: [value] });
    else this.byHash.set(h, [{ key, values: [value] }]);
  }

  /** The values stored under exactly this key. */
  get(key: string): T[] | undefined {
    return this.byKey.get(key);
  }

  /** The values of the shortest key that is `text` or a word prefix of it (see wordPrefixes), or undefined. */
  firstWordPrefix(text: string): T[] | undefined {
    return this.scan(text, false, true)[0]?.values;
  }

  /**
   * The values of each key that is `text` itself or a prefix of it ending just before a whitespace
   * character that follows a non-space (a word boundary), shortest first.
   */
  wordPrefixes(text: string): { values: T[]; end: number }[] {
    return this.scan(text, false, false);
  }

  /** The same for directories: the empty key, each prefix ending before a `/`, and the whole text ('/a/b': '', '/a', '/a/b'). */
  dirPrefixes(text: string): { values: T[]; end: number }[] {
    return this.scan(text, true, false);
  }

  private scan(text: string, dirs: boolean, firstOnly: boolean): { values: T[]; end: number }[] {
    const out: { values: T[]; end: number }[] = [];
    if (this.byHash.size === 0) return out;
    if (text.length <= SHORT_TEXT) {
      for (let i = 0; i <= text.length; i++) {
        const boundary =
          i === text.length ||
          (dirs ? i === 0 || text.charCodeAt(i) === 47 : i > 0 && isSpaceCode(text.charCodeAt(i)) && !isSpaceCode(text.charCodeAt(i - 1)));
        if (!boundary) continue;
        const values = this.byKey.get(i === text.length ? text : text.slice(0, i));
        if (values !== undefined) {
          out.push({ values, end: i });
          if (firstOnly) return out;
        }
      }
      return out;
    }
    let h1 = 0;
    let h2 = 0;
    for (let i = 0; i <= text.length; i++) {
      const atEnd = i === text.length;
      const boundary = dirs
        ? i === 0 || text.charCodeAt(i) === 47
        : i > 0 && isSpaceCode(text.charCodeAt(i)) && !isSpaceCode(text.charCodeAt(i - 1));
      if (atEnd || boundary) {
        const bucket = this.byHash.get(fold(h1, h2));
        if (bucket !== undefined) {
          for (const e of bucket) {
            if (e.key.length === i && text.startsWith(e.key)) {
              out.push({ values: e.values, end: i });
              if (firstOnly) return out;
            }
          }
        }
      }
      if (atEnd) break;
      const c = text.charCodeAt(i);
      h1 = (Math.imul(h1, MUL1) + c) | 0;
      h2 = (Math.imul(h2, MUL2) + c) | 0;
    }
    return out;
  }
}
