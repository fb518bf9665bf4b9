// Terms of a text the way code is named: words split at camelCase, snake_case, kebab-case and path
// boundaries, lowercased, lightly stemmed, stop words and numbers dropped. Task texts, commit
// messages and file paths all go through here, so "elbowArrow.ts", "elbow_arrow" and "elbow
// arrows" meet on the same terms. One left-to-right pass: linear in the text, and the caller
// bounds how much of a huge text it reads.

import { detach } from './paths';

/** Words too common in task texts and commit messages to say where a change is. */
const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could did do does done for from had has have how i if in into is it its ' +
    'me my no not of on or our so than that the their them then there these they this those to too up us via was ' +
    'we were what when where which while who will with would you your also all any some more most less very just ' +
    'only should must may might please now new add adds added fix fixes fixed make makes use uses using update ' +
    'updates updated change changes changed allow allows instead when after before about over under out again ' +
    'without within other another each every same such way get gets set sets'
  ).split(' '),
);

/** Longer runs are hashes, base64 or noise, not words anyone names code by. */
const MAX_WORD = 40;

/** One term: its stem and, for reasons, the word of the text it came from (first seen). */
export interface Term {
  readonly term: string;
  readonly word: string;
}

/**
 * A light stemmer: plural and verb endings ("arrows" → "arrow", "bindings" → "binding" →
 * "bind", "queries" → "query", "cached" → "cach"). Applied to both sides, so it only has to be
 * consistent, not linguistically right.
 */
export function stemWord(w: string): string {
  let s = w;
  if (s.length <= 3) return s;
  if (s.endsWith('ies') && s.length > 4) s = s.slice(0, -3) + 'y';
  else if (s.endsWith('sses')) s = s.slice(0, -2);
  else if (s.endsWith('xes') || s.endsWith('ches') || s.endsWith('shes') || s.endsWith('zes')) s = s.slice(0, -2);
  else if (s.endsWith('s') && !s.endsWith('ss') && !s.endsWith('us') && !s.endsWith('is')) s = s.slice(0, -1);
  if (s.length > 5 && s.endsWith('ing')) s = s.slice(0, -3);
  else if (s.length > 4 && s.endsWith('ed') && !s.endsWith('eed')) s = s.slice(0, -2);
  return s;
}

const enum Kind {
  Other,
  Lower,
  Upper,
  Digit,
}

function kindOf(code: number): Kind {
  if (code >= 97 && code <= 122) return Kind.Lower;
  if (code >= 65 && code <= 90) return Kind.Upper;
  if (code >= 48 && code <= 57) return Kind.Digit;
  if (code < 128) return Kind.Other;
  // Letters of other scripts are words too (lowercase-like: no camelCase split).
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(code)) ? Kind.Lower : Kind.Other;
}

/**
 * Calls `emit(term, word)` for each term of `text[from, to)`, in order (repeats included). Splits
 * at every non-alphanumeric character, at lower→Upper ("elbowArrow") and at the last capital of a
 * capital run followed by a lowercase letter ("HTMLParser" → "html", "parser").
 */
export function forEachTerm(text: string, emit: (term: string, word: string) => void, from = 0, to: number = text.length): void {
  let start = -1;
  let prev = Kind.Other;
  const flush = (end: number): void => {
    if (start < 0) return;
    const len = end - start;
    if (len >= 2 && len <= MAX_WORD) {
      const word = detach(text.slice(start, end));
      const lower = word.toLowerCase();
      if (!STOP_WORDS.has(lower) && !isNumber(lower)) {
        const term = stemWord(lower);
        if (!STOP_WORDS.has(term)) emit(term, word);
      }
    }
    start = -1;
  };
  for (let i = from; i < to; i++) {
    const k = kindOf(text.charCodeAt(i));
    if (k === Kind.Other) {
      flush(i);
      prev = k;
      continue;
    }
    if (start < 0) start = i;
    else if (k === Kind.Upper && (prev === Kind.Lower || prev === Kind.Digit)) {
      flush(i);
      start = i;
    } else if (k === Kind.Lower && prev === Kind.Upper && i - start >= 2 && !pluralAcronym(text, i, to)) {
      // "HTMLParser": the capital before this lowercase letter starts the next word.
      flush(i - 1);
      start = i - 1;
    }
    prev = k;
  }
  flush(to);
}

/** "URLs", "APIs": a lone lowercase s after capitals is a plural, not a new word. */
function pluralAcronym(text: string, i: number, to: number): boolean {
  if (text.charCodeAt(i) !== 115) return false;
  return i + 1 >= to || kindOf(text.charCodeAt(i + 1)) !== Kind.Lower;
}

function isNumber(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The distinct terms of a text, each with the first word it came from. */
export function termsOf(text: string, maxChars: number = text.length): Term[] {
  const seen = new Map<string, string>();
  forEachTerm(
    text,
    (term, word) => {
      if (!seen.has(term)) seen.set(term, word);
    },
    0,
    Math.min(text.length, maxChars),
  );
  const out: Term[] = [];
  for (const [term, word] of seen) out.push({ term, word });
  return out;
}

/** Weight of a term from a directory segment, and from the file's own name (it says most). */
export const DIR_TERM_WEIGHT = 1;
export const NAME_TERM_WEIGHT = 2;

/**
 * The terms of a workspace path with their weights: every directory segment's words, and the
 * file name's words (its extension dropped) at double weight. "packages/element/src/elbowArrow.ts"
 * → package 1, element 1, src 1, elbow 2, arrow 2.
 */
export function pathTerms(path: string): Map<string, number> {
  const out = new Map<string, number>();
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  const nameEnd = dot > slash + 1 ? dot : path.length;
  const add =
    (weight: number) =>
    (term: string): void => {
      out.set(term, (out.get(term) ?? 0) + weight);
    };
  if (slash > 0) forEachTerm(path, add(DIR_TERM_WEIGHT), 0, slash);
  forEachTerm(path, add(NAME_TERM_WEIGHT), slash + 1, nameEnd);
  return out;
}

/** What a task text says, as weighted terms. */
export interface TaskTerms {
  /** Distinct terms, in order of first appearance. */
  readonly terms: readonly string[];
  /** Weight of each term (same index). */
  readonly weights: readonly number[];
  /** The word of the text each term came from (same index), for reasons. */
  readonly words: readonly string[];
  /** The conventional-commit type ("fix", "feat", "docs"), when the text starts with one. */
  readonly type?: string;
  /** The conventional-commit scope ("editor" of "fix(editor): …"), an area hint. */
  readonly scope?: string;
  /** Characters of the text that were read (less than its length when it was capped). */
  readonly read: number;
}

/** A conventional-commit header: `type(scope)!: ` at the start of the text. */
const HEADER = /^\s{0,8}([A-Za-z]{2,12})(?:\(([^()\n]{1,60})\))?!?:\s/;

/** Scope words say where the change is: they count this much more than the other words. */
export const SCOPE_WEIGHT = 2;
/** The commit type is a hint like any word (docs, test, ci, build …). */
export const TYPE_WEIGHT = 1;

/** The term a conventional-commit type is indexed under ("type:docs"). */
export function typeTerm(type: string): string {
  return 'type:' + type.toLowerCase();
}

/**
 * Weighted terms of a task text (or commit message), reading at most `maxChars` characters:
 * the body's terms at weight 1 (repeats add up to 2), scope terms at `SCOPE_WEIGHT`, the type at
 * `TYPE_WEIGHT`.
 */
export function taskTerms(text: string, maxChars: number = text.length): TaskTerms {
  const end = Math.min(text.length, maxChars);
  const index = new Map<string, number>();
  const terms: string[] = [];
  const weights: number[] = [];
  const words: string[] = [];
  const add = (term: string, word: string, w: number, cap: number): void => {
    const i = index.get(term);
    if (i === undefined) {
      index.set(term, terms.length);
      terms.push(term);
      weights.push(Math.min(cap, w));
      words.push(word);
    } else weights[i] = Math.min(Math.max(cap, weights[i] as number), (weights[i] as number) + w);
  };
  const header = HEADER.exec(text.length > 200 ? text.slice(0, 200) : text);
  let bodyFrom = 0;
  let type: string | undefined;
  let scope: string | undefined;
  if (header && header[0].length <= end) {
    type = (header[1] ?? '').toLowerCase();
    scope = header[2];
    bodyFrom = header[0].length;
    add(typeTerm(type), type, TYPE_WEIGHT, TYPE_WEIGHT);
    // The header word is a word too, an area hint like a scope: "docs:", "test:" name folders, and
    // in the "Area: what" style ("CHANGELOG: …", "Agents: …") it names the area. Generic ones
    // ("feat", "chore") are in most changes: their IDF makes them weigh little.
    const typeFrom = header[0].indexOf(header[1] ?? '');
    forEachTerm(text, (term, word) => add(term, word, SCOPE_WEIGHT, SCOPE_WEIGHT), typeFrom, typeFrom + type.length);
    if (scope !== undefined) {
      const from = header[0].indexOf('(') + 1;
      forEachTerm(text, (term, word) => add(term, word, SCOPE_WEIGHT, SCOPE_WEIGHT), from, from + scope.length);
    }
  }
  forEachTerm(text, (term, word) => add(term, word, 1, 2), bodyFrom, end);
  return {
    terms,
    weights,
    words,
    ...(type !== undefined ? { type } : {}),
    ...(scope !== undefined ? { scope } : {}),
    read: end,
  };
}
