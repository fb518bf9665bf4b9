// Task-text analysis: the workspace paths, file names and symbols a task mentions (resolved
// against the known-files index and the optional symbol index), and plain words that name
// directories (matched against path segments). One pass over at most MAX_ANALYZED_CHARS of the
// text, each distinct token looked up once, so the work is linear in what is read, however large
// or odd the text (a pasted log, a minified bundle).

import type { FileIndex, SymbolIndex } from './fileIndex';
import { detach, identifierWords } from './paths';

export type MentionKind = 'path' | 'name' | 'symbol';

export interface FileMention {
  readonly path: string;
  readonly via: MentionKind;
  /** The text that mentioned it. */
  readonly token: string;
  /** 1 for an unambiguous mention, split evenly between the candidates of an ambiguous one. */
  readonly weight: number;
  /** Set when the symbol index says this file defines the identifier `token`. */
  readonly symbol?: string;
  /**
   * A guess from a resemblance (a plain word equal to a file's stem, an identifier named like a
   * file), not an exact path, file name or symbol definition.
   */
  readonly guessed?: true;
}

export interface AreaMention {
  readonly dir: string;
  readonly word: string;
  readonly weight: number;
}

export interface TextAnalysis {
  readonly files: readonly FileMention[];
  readonly areas: readonly AreaMention[];
  /** File-like tokens ("foo.ts", "src/x/y") that matched no known file. */
  readonly unresolved: readonly string[];
  /** Lowercase plain words of the text, stopwords removed (distinct, in order). */
  readonly words: readonly string[];
  /** Characters of the text that were read (the whole text unless it was longer than MAX_ANALYZED_CHARS). */
  readonly read: number;
}

/** A task is said in its first pages: a longer text (a pasted log) is read this far only. */
export const MAX_ANALYZED_CHARS = 64 * 1024;
/** Distinct tokens of each kind looked up (past these, a text is a dump, not a task). */
const MAX_PATHS = 64;
const MAX_FILE_NAMES = 64;
const MAX_IDENTIFIERS = 512;
const MAX_WORDS = 256;
/** A longer plain word is noise (a hash, base64), not a word naming a folder or file. */
const MAX_WORD_LENGTH = 40;
/** Longer identifiers are not split into words to find the file they are named after. */
const MAX_IDENTIFIER_LOOKUP = 64;

const STOPWORDS = new Set(
  (
    'a an and are as at be but by for from has have in into is it its of on or the this that to with ' +
    'fix add make update change refactor handle error errors flow check failing input validation test tests ' +
    'please should could would all any every new use using when then also file files code'
  ).split(' '),
);

const IDENT_TOKEN = /[A-Za-z_$][\w$]*/g;
const KNOWN_EXTENSION = /\.(?:[cm]?[jt]sx?|py|go|rs|java|kt|rb|cs|cpp|c|h|json|md|css|scss|html|vue|svelte|ya?ml)$/i;

/** A path or file-name character: `[\w@.-]` and `/`. */
function isPathChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 64 || c === 46 || c === 45 || c === 47;
}

/** A file-name character: `[\w-]` (dots separate its parts). */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/**
 * The path tokens ("src/auth/session.ts": two or more non-empty segments of `[\w@.-]` joined by
 * single slashes) and file-name tokens ("cart3.ts": dotted `[\w-]` parts ending in a short
 * extension, not part of a path) of a text, in order, each at most once. One pass.
 */
export function pathAndFileTokens(text: string): { paths: string[]; names: string[] } {
  const paths: string[] = [];
  const names: string[] = [];
  const seenPaths = new Set<string>();
  const seenNames = new Set<string>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (!isPathChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i;
    while (end < n && isPathChar(text.charCodeAt(end))) end++;
    // A run of path characters: its slash-separated groups of non-empty segments ("a//b/c" → "b/c").
    let groupStart = -1;
    let groupEnd = -1;
    let segments = 0;
    let segStart = i;
    let hasSlash = false;
    for (let k = i; k <= end; k++) {
      if (k < end && text.charCodeAt(k) !== 47) continue;
      if (k < end) hasSlash = true;
      if (k > segStart) {
        if (groupStart < 0) groupStart = segStart;
        groupEnd = k;
        segments++;
      } else {
        if (segments >= 2) pushOnce(paths, seenPaths, text.slice(groupStart, groupEnd), MAX_PATHS);
        groupStart = -1;
        segments = 0;
      }
      segStart = k + 1;
    }
    if (segments >= 2) pushOnce(paths, seenPaths, text.slice(groupStart, groupEnd), MAX_PATHS);
    if (!hasSlash) {
      const name = fileNameAt(text, i, end);
      if (name !== undefined) pushOnce(names, seenNames, name, MAX_FILE_NAMES);
    }
    i = end;
  }
  return { paths, names };
}

/** The file name spanning a slash-free run `[from, to)`: dotted name parts ending in an extension. */
function fileNameAt(text: string, from: number, to: number): string | undefined {
  // Trailing dots and dashes are punctuation ("see cart3.ts.").
  let end = to;
  while (end > from && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
  if (end <= from || !isNameChar(text.charCodeAt(from))) return undefined;
  // The last dot of the run (searched within it: a search through the text before it would make
  // a text of many short runs quadratic).
  let lastDot = -1;
  for (let k = end - 1; k > from; k--) {
    if (text.charCodeAt(k) === 46) {
      lastDot = k;
      break;
    }
  }
  if (lastDot <= from) return undefined;
  const extLen = end - lastDot - 1;
  if (extLen < 1 || extLen > 6) return undefined;
  const first = text.charCodeAt(lastDot + 1);
  if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90))) return undefined;
  for (let k = lastDot + 2; k < end; k++) {
    const c = text.charCodeAt(k);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return undefined;
  }
  // Every part between dots is non-empty `[\w-]` (no "a..b", no "@").
  let partLen = 0;
  for (let k = from; k < lastDot; k++) {
    const c = text.charCodeAt(k);
    if (c === 46) {
      if (partLen === 0) return undefined;
      partLen = 0;
    } else if (isNameChar(c)) partLen++;
    else return undefined;
  }
  return partLen > 0 ? text.slice(from, end) : undefined;
}

function pushOnce(out: string[], seen: Set<string>, token: string, max: number): void {
  if (out.length >= max || seen.has(token)) return;
  seen.add(token);
  out.push(token);
}

export function analyzeTaskText(text: string, files: FileIndex, symbols?: SymbolIndex): TextAnalysis {
  const read = Math.min(text.length, MAX_ANALYZED_CHARS);
  // A capped text is copied: what is kept of the analysis (tokens in reasons) must not keep it all.
  const body = read < text.length ? detach(text.slice(0, read)) : text;
  const mentions = new Map<string, FileMention>();
  const unresolved: string[] = [];
  const consumed = new Set<string>();
  const offer = (paths: readonly string[], via: MentionKind, token: string, scale = 1, defines = false, guessed = false): void => {
    if (paths.length === 0) return;
    const w = scale / paths.length;
    for (const path of paths) {
      const prev = mentions.get(path);
      if (prev && prev.weight >= w) continue;
      const m: FileMention = defines ? { path, via, token, weight: w, symbol: token } : { path, via, token, weight: w };
      mentions.set(path, guessed ? { ...m, guessed: true } : m);
    }
  };

  const { paths, names } = pathAndFileTokens(body);
  const pathAreas: AreaMention[] = [];
  for (const raw of paths) {
    const token = consumePathToken(raw, consumed);
    const bare = token.replace(/^\.\//, '');
    const exact = files.has(bare) ? [bare] : files.bySuffix(token);
    if (exact.length > 0) {
      offer(exact, 'path', token);
      continue;
    }
    const dirs = files.dirsMatching(token);
    if (dirs.length > 0) for (const dir of dirs) pathAreas.push({ dir, word: token, weight: 1 / dirs.length });
    else unresolved.push(token);
  }
  for (const token of names) {
    if (consumed.has(token)) continue;
    consumeFileToken(token, consumed);
    const found = files.byFileName(token);
    if (found.length > 0) offer(found, 'name', token);
    else if (KNOWN_EXTENSION.test(token)) unresolved.push(token);
  }

  const words: string[] = [];
  const seenWords = new Set<string>();
  const seenIdents = new Set<string>();
  for (const m of body.matchAll(IDENT_TOKEN)) {
    const token = m[0];
    if (consumed.has(token) || seenIdents.has(token)) continue;
    if (seenIdents.size >= MAX_IDENTIFIERS) break;
    seenIdents.add(token);
    const codeLike = isCodeLike(token);
    if (codeLike) {
      const viaSymbols = symbols?.lookup(token) ?? [];
      if (viaSymbols.length > 0) {
        offer(viaSymbols, 'symbol', token, 1, true);
        continue;
      }
      const named = token.length <= MAX_IDENTIFIER_LOOKUP ? filesNamedBy(token, files) : [];
      if (named.length > 0) {
        offer(named, 'symbol', token, 0.9, false, true);
        continue;
      }
    }
    if (token.length > MAX_WORD_LENGTH) continue;
    const lower = token.toLowerCase();
    if (lower.length < 3 || STOPWORDS.has(lower) || seenWords.has(lower) || words.length >= MAX_WORDS) continue;
    seenWords.add(lower);
    words.push(lower);
    if (!codeLike) {
      const stemMatches = files.byFileStem(lower);
      if (stemMatches.length > 0 && stemMatches.length <= 3) offer(stemMatches, 'name', token, 0.5, false, true);
    }
  }

  const areas = new Map<string, AreaMention>();
  for (const a of pathAreas) areas.set(a.dir, a);
  for (const word of words) {
    let dirs = dirsForWord(word, files);
    let scale = 1;
    if (dirs.length === 0) {
      // "authentication" names the "auth" folder, "notify" the "notifications" one, at half weight.
      const related = new Set<string>();
      for (const seg of files.segmentsRelatedTo(word, 4)) for (const d of files.dirsWithSegment(seg)) related.add(d);
      dirs = [...related];
      scale = 0.5;
    }
    if (dirs.length === 0) continue;
    const w = scale / dirs.length;
    for (const dir of dirs) {
      const prev = areas.get(dir);
      areas.set(dir, { dir, word, weight: Math.min(1, (prev?.weight ?? 0) + w) });
    }
  }

  return { files: [...mentions.values()], areas: [...areas.values()], unresolved, words, read };
}

/**
 * The code-like identifiers of a task's text, in order of first appearance and without repeats:
 * exactly the tokens `analyzeTaskText` asks the symbol index about (an inner capital, `_`, `$` or
 * a digit, not an acronym, and not part of a path or file name), from the same part of the text.
 * The server resolves these as workspace symbols.
 */
export function codeLikeIdentifiers(text: string): string[] {
  const body = text.length > MAX_ANALYZED_CHARS ? text.slice(0, MAX_ANALYZED_CHARS) : text;
  const consumed = new Set<string>();
  const { paths, names } = pathAndFileTokens(body);
  for (const p of paths) consumePathToken(p, consumed);
  for (const token of names) if (!consumed.has(token)) consumeFileToken(token, consumed);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const m of body.matchAll(IDENT_TOKEN)) {
    const token = m[0];
    if (consumed.has(token) || seen.has(token)) continue;
    if (seen.size >= MAX_IDENTIFIERS) break;
    seen.add(token);
    if (isCodeLike(token)) out.push(token);
  }
  return out;
}

/** An all-capitals word ("CJS", "HMR", "URLs") is an acronym: a word, not an identifier. */
const ACRONYM = /^[A-Z]{2,6}s?$/;

/** An identifier that reads as code rather than a word: "parseTotals", "MAX_SIZE", "cart3". */
function isCodeLike(token: string): boolean {
  if (ACRONYM.test(token)) return false;
  return /[A-Z_$0-9]/.test(token.slice(1)) || /\d/.test(token);
}

/** Marks a path token and its segments as read; returns the token without trailing punctuation. */
function consumePathToken(raw: string, consumed: Set<string>): string {
  const token = raw.replace(/[.,;:?!]+$/, '');
  consumed.add(token);
  for (const part of token.split(/[/.]/)) consumed.add(part);
  return token;
}

function consumeFileToken(token: string, consumed: Set<string>): void {
  consumed.add(token);
  for (const part of token.split('.')) consumed.add(part);
}

/**
 * Files a code identifier is named after: the identifier, or its tail of at least two words at a
 * camelCase boundary, equals a file's name without extension ("useCartStore3" → "cartStore3.ts",
 * "SessionUtils" → "sessionUtils.ts"; a lone last word such as "Plugin" is too generic). The
 * longest tail wins.
 */
export function filesNamedBy(identifier: string, files: FileIndex): readonly string[] {
  const parts = identifierWords(identifier);
  for (let i = 0; i < parts.length; i++) {
    if (i > 0 && parts.length - i < 2) break;
    const tail = parts.slice(i).join('');
    if (tail.length < 3) break;
    const found = files.byFileStem(tail);
    if (found.length > 0) return found;
    const dashed = files.byFileStem(parts.slice(i).join('-'));
    if (dashed.length > 0) return dashed;
  }
  return [];
}

/** Directories with a segment equal to the word, its plural or its singular. */
function dirsForWord(word: string, files: FileIndex): string[] {
  const out = new Set<string>();
  for (const variant of [word, word + 's', word.endsWith('s') ? word.slice(0, -1) : '']) {
    if (variant.length < 3) continue;
    for (const d of files.dirsWithSegment(variant)) out.add(d);
  }
  return [...out];
}
