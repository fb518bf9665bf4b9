// Wildcard matching without backtracking regular expressions. Rules come from files a cloned
// repository carries, so a pattern such as `* * * * * * * * z` must never cost more than linear
// time: a `*`-only glob is matched by anchoring its first and last literal pieces and finding each
// middle piece at its leftmost place (KMP for long pieces), which is correct for `*`-only globs and
// runs in O(text + pattern).

/** A `*`-only glob (`*` = any text, everything else literal), compiled once. */
export interface StarGlob {
  /** The literal pieces between the stars (`a*b*` → ['a', 'b', '']); one piece when there is no star. */
  pieces: string[];
  /** Total length of the pieces: a text shorter than this never matches. */
  minLength: number;
  /** KMP failure tables of the long middle pieces, built on first use. */
  tables: (Int32Array | undefined)[];
}

/** Pieces up to this length are searched with the native indexOf (linear for short needles). */
const SHORT_PIECE = 16;

const starCache = new Map<string, StarGlob>();

/** Compiles a `*`-only glob (memoised: the same rule texts are matched many times). */
export function compileStarGlob(pattern: string): StarGlob {
  let g = starCache.get(pattern);
  if (!g) {
    const pieces = pattern.split('*');
    g = { pieces, minLength: pattern.length - (pieces.length - 1), tables: [] };
    if (starCache.size > 20_000) starCache.clear();
    starCache.set(pattern, g);
  }
  return g;
}

function failureTable(piece: string): Int32Array {
  const t = new Int32Array(piece.length);
  let k = 0;
  for (let i = 1; i < piece.length; i++) {
    while (k > 0 && piece.charCodeAt(i) !== piece.charCodeAt(k)) k = t[k - 1] ?? 0;
    if (piece.charCodeAt(i) === piece.charCodeAt(k)) k++;
    t[i] = k;
  }
  return t;
}

/** The first index ≥ from where `piece` occurs wholly before `end`, or -1 (KMP: linear). */
function kmpIndexOf(text: string, piece: string, table: Int32Array, from: number, end: number): number {
  let k = 0;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    while (k > 0 && c !== piece.charCodeAt(k)) k = table[k - 1] ?? 0;
    if (c === piece.charCodeAt(k)) k++;
    if (k === piece.length) return i - piece.length + 1;
  }
  return -1;
}

function findPiece(g: StarGlob, i: number, text: string, from: number, end: number): number {
  const piece = g.pieces[i] ?? '';
  if (piece.length <= SHORT_PIECE) {
    const at = text.indexOf(piece, from);
    return at >= 0 && at + piece.length <= end ? at : -1;
  }
  let table = g.tables[i];
  if (!table) {
    table = failureTable(piece);
    g.tables[i] = table;
  }
  return kmpIndexOf(text, piece, table, from, end);
}

/** Does the whole text match the glob? Linear in text and pattern length. */
export function starGlobMatches(g: StarGlob, text: string): boolean {
  const pieces = g.pieces;
  const n = pieces.length;
  const first = pieces[0] ?? '';
  if (n === 1) return text === first;
  if (text.length < g.minLength) return false;
  const last = pieces[n - 1] ?? '';
  if (!text.startsWith(first) || !text.endsWith(last)) return false;
  let pos = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < n - 1; i++) {
    const piece = pieces[i] ?? '';
    if (piece === '') continue;
    const at = findPiece(g, i, text, pos, end);
    if (at < 0) return false;
    pos = at + piece.length;
  }
  return true;
}

/** Matches a `*`-only glob against a text (compiling the glob on first use). */
export function wildcardMatches(pattern: string, text: string, ignoreCase = false): boolean {
  return ignoreCase
    ? starGlobMatches(compileStarGlob(pattern.toLowerCase()), text.toLowerCase())
    : starGlobMatches(compileStarGlob(pattern), text);
}

/** A character no rule or command text holds: stands for "whatever a `*` of the other pattern matched". */
export const WILDCARD_SENTINEL = '\u0000';
