// Task-text analysis: the workspace paths, file names and symbols a task mentions (resolved
// against the known-files index and the optional symbol index), and plain words that name
// directories (matched against path segments).

import type { FileIndex, SymbolIndex } from './fileIndex';
import { identifierWords } from './paths';

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
  /** Lowercase plain words of the text, stopwords removed. */
  readonly words: readonly string[];
}

const STOPWORDS = new Set(
  (
    'a an and are as at be but by for from has have in into is it its of on or the this that to with ' +
    'fix add make update change refactor handle error errors flow check failing input validation test tests ' +
    'please should could would all any every new use using when then also file files code'
  ).split(' '),
);

const PATH_TOKEN = /[\w@.-]+(?:\/[\w@.-]+)+/g;
const FILE_TOKEN = /(?:^|[^\w/.-])([\w-]+(?:\.[\w-]+)*\.[A-Za-z][A-Za-z0-9]{0,5})(?![\w/])/g;
const IDENT_TOKEN = /[A-Za-z_$][\w$]*/g;

export function analyzeTaskText(text: string, files: FileIndex, symbols?: SymbolIndex): TextAnalysis {
  const mentions = new Map<string, FileMention>();
  const unresolved: string[] = [];
  const consumed = new Set<string>();
  const offer = (paths: readonly string[], via: MentionKind, token: string, scale = 1, defines = false): void => {
    if (paths.length === 0) return;
    const w = scale / paths.length;
    for (const path of paths) {
      const prev = mentions.get(path);
      if (!prev || prev.weight < w)
        mentions.set(path, defines ? { path, via, token, weight: w, symbol: token } : { path, via, token, weight: w });
    }
  };

  const pathAreas: AreaMention[] = [];
  for (const m of text.matchAll(PATH_TOKEN)) {
    const token = consumePathToken(m[0], consumed);
    const exact = files.has(token.replace(/^\.\//, '')) ? [token.replace(/^\.\//, '')] : files.bySuffix(token);
    if (exact.length > 0) {
      offer(exact, 'path', token);
      continue;
    }
    const dirs = files.dirsMatching(token);
    if (dirs.length > 0) for (const dir of dirs) pathAreas.push({ dir, word: token, weight: 1 / dirs.length });
    else unresolved.push(token);
  }
  for (const m of text.matchAll(FILE_TOKEN)) {
    const token = m[1];
    if (token === undefined || consumed.has(token)) continue;
    consumeFileToken(token, consumed);
    const found = files.byFileName(token);
    if (found.length > 0) offer(found, 'name', token);
    else if (/\.(?:[cm]?[jt]sx?|py|go|rs|java|kt|rb|cs|cpp|c|h|json|md|css|scss|html|vue|svelte|ya?ml)$/i.test(token))
      unresolved.push(token);
  }

  const words: string[] = [];
  for (const m of text.matchAll(IDENT_TOKEN)) {
    const token = m[0];
    if (consumed.has(token)) continue;
    const codeLike = isCodeLike(token);
    if (codeLike) {
      const viaSymbols = symbols?.lookup(token) ?? [];
      if (viaSymbols.length > 0) {
        offer(viaSymbols, 'symbol', token, 1, true);
        continue;
      }
      const named = filesNamedBy(token, files);
      if (named.length > 0) {
        offer(named, 'symbol', token, 0.9);
        continue;
      }
    }
    const lower = token.toLowerCase();
    if (lower.length < 3 || STOPWORDS.has(lower)) continue;
    words.push(lower);
    if (!codeLike) {
      const stemMatches = files.byFileStem(lower);
      if (stemMatches.length > 0 && stemMatches.length <= 3) offer(stemMatches, 'name', token, 0.5);
    }
  }

  const areas = new Map<string, AreaMention>();
  for (const a of pathAreas) areas.set(a.dir, a);
  for (const word of words) {
    let dirs = dirsForWord(word, files);
    let scale = 1;
    if (dirs.length === 0) {
      // "authentication" names the "auth" folder, "notify" the "notifications" one, at half weight.
      dirs = [...new Set(files.segmentsRelatedTo(word, 4).flatMap((seg) => [...files.dirsWithSegment(seg)]))];
      scale = 0.5;
    }
    if (dirs.length === 0) continue;
    const w = scale / dirs.length;
    for (const dir of dirs) {
      const prev = areas.get(dir);
      areas.set(dir, { dir, word, weight: Math.min(1, (prev?.weight ?? 0) + w) });
    }
  }

  return { files: [...mentions.values()], areas: [...areas.values()], unresolved, words };
}

/**
 * The code-like identifiers of a task's text, in order of first appearance and without repeats:
 * exactly the tokens `analyzeTaskText` asks the symbol index about (an inner capital, `_`, `$` or
 * a digit, and not part of a path or file name). The server resolves these as workspace symbols.
 */
export function codeLikeIdentifiers(text: string): string[] {
  const consumed = new Set<string>();
  for (const m of text.matchAll(PATH_TOKEN)) consumePathToken(m[0], consumed);
  for (const m of text.matchAll(FILE_TOKEN)) {
    const token = m[1];
    if (token !== undefined && !consumed.has(token)) consumeFileToken(token, consumed);
  }
  const out = new Set<string>();
  for (const m of text.matchAll(IDENT_TOKEN)) if (!consumed.has(m[0]) && isCodeLike(m[0])) out.add(m[0]);
  return [...out];
}

/** An identifier that reads as code rather than a word: "parseTotals", "MAX_SIZE", "cart3". */
function isCodeLike(token: string): boolean {
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
 * Files a code identifier is named after: the identifier, or its tail at a camelCase boundary,
 * equals a file's name without extension ("useCartStore3" → "cartStore3.ts", "SessionUtils" →
 * "sessionUtils.ts"). The longest tail wins.
 */
export function filesNamedBy(identifier: string, files: FileIndex): readonly string[] {
  const parts = identifierWords(identifier);
  for (let i = 0; i < parts.length; i++) {
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
