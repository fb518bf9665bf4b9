// Gitignore-style path globs for Read/Edit rules, matched without regular expressions: `*` (any
// text within one segment, dot files included), `?` (one character), `[…]` classes, `**` (any
// number of whole segments) and backslash escapes. Both levels (characters within a segment,
// segments within a path) use the same greedy "last star" walk, which never backtracks more than
// one step per element: O(path × pattern) at worst, whatever the pattern holds.

/** One element of a segment pattern. */
type Atom =
  | { t: 'char'; c: string }
  | { t: 'any' } // `?`
  | { t: 'class'; negate: boolean; ranges: [number, number][] }
  | { t: 'star' };

/** One segment of a path glob: `**` or a list of atoms. */
type Segment = { globstar: true } | { globstar: false; atoms: Atom[]; literal: string | undefined };

export interface PathGlob {
  segments: Segment[];
}

const cache = new Map<string, PathGlob>();

/** Escapes the glob characters of a literal path (a folder used as a rule's root). */
export function escapePathGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}

function parseClass(seg: string, start: number): { atom: Atom; end: number } | undefined {
  // `start` is the index after `[`. Returns undefined when the class is never closed (then `[` is literal).
  let i = start;
  let negate = false;
  if (seg[i] === '!' || seg[i] === '^') {
    negate = true;
    i++;
  }
  const ranges: [number, number][] = [];
  let first = true;
  while (i < seg.length) {
    let ch = seg[i] ?? '';
    if (ch === ']' && !first) return { atom: { t: 'class', negate, ranges }, end: i + 1 };
    first = false;
    if (ch === '[' && seg[i + 1] === ':') {
      const close = seg.indexOf(':]', i + 2);
      if (close > 0) {
        const name = seg.slice(i + 2, close);
        ranges.push(...posixClass(name));
        i = close + 2;
        continue;
      }
    }
    if (ch === '\\' && i + 1 < seg.length) {
      i++;
      ch = seg[i] ?? '';
    }
    const lo = ch.charCodeAt(0);
    if (seg[i + 1] === '-' && seg[i + 2] !== undefined && seg[i + 2] !== ']') {
      let hiCh = seg[i + 2] ?? '';
      let skip = 3;
      if (hiCh === '\\' && seg[i + 3] !== undefined) {
        hiCh = seg[i + 3] ?? '';
        skip = 4;
      }
      ranges.push([lo, hiCh.charCodeAt(0)]);
      i += skip;
      continue;
    }
    ranges.push([lo, lo]);
    i++;
  }
  return undefined;
}

function posixClass(name: string): [number, number][] {
  const r = (a: string, b: string): [number, number] => [a.charCodeAt(0), b.charCodeAt(0)];
  switch (name) {
    case 'alpha':
      return [r('a', 'z'), r('A', 'Z')];
    case 'digit':
      return [r('0', '9')];
    case 'alnum':
      return [r('a', 'z'), r('A', 'Z'), r('0', '9')];
    case 'upper':
      return [r('A', 'Z')];
    case 'lower':
      return [r('a', 'z')];
    case 'space':
      return [r(' ', ' '), [9, 13]];
    case 'xdigit':
      return [r('0', '9'), r('a', 'f'), r('A', 'F')];
    default:
      return [];
  }
}

function parseSegment(seg: string): Segment {
  if (seg === '**') return { globstar: true };
  const atoms: Atom[] = [];
  let literal = '';
  let isLiteral = true;
  for (let i = 0; i < seg.length; i++) {
    const ch = seg[i] ?? '';
    if (ch === '\\' && i + 1 < seg.length) {
      i++;
      atoms.push({ t: 'char', c: seg[i] ?? '' });
      literal += seg[i] ?? '';
      continue;
    }
    if (ch === '*') {
      // `a**b` inside a segment is one star; consecutive stars collapse.
      if (atoms[atoms.length - 1]?.t !== 'star') atoms.push({ t: 'star' });
      isLiteral = false;
      continue;
    }
    if (ch === '?') {
      atoms.push({ t: 'any' });
      isLiteral = false;
      continue;
    }
    if (ch === '[') {
      const cls = parseClass(seg, i + 1);
      if (cls) {
        atoms.push(cls.atom);
        i = cls.end - 1;
        isLiteral = false;
        continue;
      }
    }
    atoms.push({ t: 'char', c: ch });
    literal += ch;
  }
  return { globstar: false, atoms, literal: isLiteral ? literal : undefined };
}

/** Compiles a path glob (memoised). Repeated slashes count as one. */
export function compilePathGlob(glob: string): PathGlob {
  let g = cache.get(glob);
  if (!g) {
    const segments: Segment[] = [];
    for (const s of glob.split('/')) {
      if (s === '' && segments.length > 0) continue;
      const seg = parseSegment(s);
      // `**/**` is one `**`.
      const prev = segments[segments.length - 1];
      if (seg.globstar && prev?.globstar) continue;
      segments.push(seg);
    }
    g = { segments };
    if (cache.size > 10_000) cache.clear();
    cache.set(glob, g);
  }
  return g;
}

function atomMatches(a: Atom, code: number): boolean {
  switch (a.t) {
    case 'char':
      return a.c.charCodeAt(0) === code;
    case 'any':
      return true;
    case 'class': {
      let hit = false;
      for (const [lo, hi] of a.ranges) {
        if (code >= lo && code <= hi) {
          hit = true;
          break;
        }
      }
      return hit !== a.negate;
    }
    case 'star':
      return false;
  }
}

function isDots(name: string): boolean {
  return name === '.' || name === '..';
}

/** One segment pattern against one path segment: the classic greedy walk with a single resume point. */
function segmentMatches(seg: Segment, name: string): boolean {
  if (seg.globstar) return !isDots(name);
  if (seg.literal !== undefined) return seg.literal === name;
  // Wildcards never stand for `.` or `..` (as in minimatch with `dot: true`).
  if (isDots(name)) return false;
  const atoms = seg.atoms;
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < name.length) {
    const a = atoms[p];
    if (a !== undefined && a.t !== 'star' && atomMatches(a, name.charCodeAt(s))) {
      p++;
      s++;
    } else if (a?.t === 'star') {
      starP = p++;
      starS = s;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else return false;
  }
  while (atoms[p]?.t === 'star') p++;
  return p === atoms.length;
}

/**
 * Does the glob match the path or one of its ancestor directories (gitignore semantics)? The
 * same greedy walk over segments, `**` standing for any run of whole segments (a trailing `**`
 * takes at least one). The glob has matched an ancestor as soon as it is used up: the path's
 * rest is below it. `absPath` is absolute with `/` separators; the root alone never counts.
 */
export function pathGlobMatchesPath(glob: string, absPath: string): boolean {
  const segs = compilePathGlob(glob).segments;
  const names = absPath.split('/');
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  for (;;) {
    if (p === segs.length && s >= 2) return true;
    const seg = segs[p];
    if (seg?.globstar) {
      starP = p++;
      starS = s;
      if (p === segs.length) {
        // A trailing `**` must take at least one segment.
        if (s >= names.length || isDots(names[s] ?? '')) return false;
        s++;
        starS = s;
      }
      continue;
    }
    if (seg !== undefined && s < names.length && segmentMatches(seg, names[s] ?? '')) {
      p++;
      s++;
      continue;
    }
    if (starP >= 0 && starS < names.length && !isDots(names[starS] ?? '')) {
      s = ++starS;
      p = starP + 1;
      continue;
    }
    return false;
  }
}
