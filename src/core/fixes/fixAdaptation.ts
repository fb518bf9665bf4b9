// Adapts a learned fix to a new place: the names the signature normalized away are mapped from the
// learned error to the new one, the diff's hunks (with those names substituted) are located near
// the new diagnostic, ignoring indentation, and turned into text edits re-indented to fit. When the
// context cannot be found the caller shows the fix instead ("Show learned fix").
import { signError } from './signature';
import type { DiagnosticInfo, TextEdit, TextRange } from './textTypes';
import type { DiffHunk } from './unifiedDiff';
import { parseUnifiedDiff, splitLines } from './unifiedDiff';

export interface AdaptInput {
  readonly diff: string;
  /** Names from the learned error's message (FixRecord.identifiers). */
  readonly fixIdentifiers: readonly string[];
  /** 0-based error line in the diff's before-text (FixRecord.anchorLine), when known. */
  readonly anchorLine?: number | undefined;
  readonly documentText: string;
  readonly diagnosticRange: TextRange;
  /** Names from the new error's message (signError(...).identifiers). */
  readonly identifiers: readonly string[];
  /** How far (lines) from where it is expected the fix's main hunk may be found (default 40). */
  readonly maxDistance?: number;
}

export type AdaptResult =
  | { readonly ok: true; readonly edits: TextEdit[]; readonly substitutions: ReadonlyArray<readonly [string, string]> }
  | { readonly ok: false; readonly reason: string };

interface Placed {
  readonly start: number;
  readonly length: number;
  readonly after: string[];
  readonly distance: number;
}

/** The substitutions old name → new name, by position, when both messages carry the same number of names. */
export function nameSubstitutions(from: readonly string[], to: readonly string[]): Array<readonly [string, string]> {
  if (from.length !== to.length) return [];
  const pairs = new Map<string, string>();
  from.forEach((old, i) => {
    const next = to[i];
    if (next !== undefined && old !== '' && old !== next && !pairs.has(old)) pairs.set(old, next);
  });
  return [...pairs.entries()];
}

/** Replaces every old name by its new one in one pass (so a→b, b→a swaps work), matching whole words. */
export function substituteNames(text: string, pairs: ReadonlyArray<readonly [string, string]>): string {
  if (pairs.length === 0) return text;
  const map = new Map(pairs);
  const alternatives = [...map.keys()]
    .sort((a, b) => b.length - a.length)
    .map((name) => {
      const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return `${/^\w/.test(name) ? '(?<![\\w$])' : ''}${esc}${/\w$/.test(name) ? '(?![\\w$])' : ''}`;
    });
  return text.replace(new RegExp(alternatives.join('|'), 'g'), (m) => map.get(m) ?? m);
}

/** Text edits applying the fix at the new diagnostic, or why that is not possible. */
export function adaptFix(input: AdaptInput): AdaptResult {
  const parsed = parseUnifiedDiff(input.diff);
  if (!parsed.ok) return { ok: false, reason: `the learned diff does not parse: ${parsed.error}` };
  const substitutions = nameSubstitutions(input.fixIdentifiers, input.identifiers);
  const doc = splitLines(input.documentText);
  const errorLine = input.diagnosticRange.start.line;
  const maxDistance = input.maxDistance ?? 40;
  const placed: Placed[] = [];
  for (const hunk of parsed.hunks) {
    const expected = input.anchorLine === undefined ? errorLine : errorLine + (hunk.oldStart - 1 - input.anchorLine);
    const p = placeHunk(hunk, doc, expected, substitutions);
    if (!p) return { ok: false, reason: `the code around the fix (hunk @@ -${hunk.oldStart},${hunk.oldCount}) was not found in this file` };
    placed.push(p);
  }
  if (!placed.some((p) => p.distance <= maxDistance))
    return { ok: false, reason: `the fix's code was found only more than ${maxDistance} lines away from the error` };
  placed.sort((a, b) => a.start - b.start);
  for (let i = 1; i < placed.length; i++) {
    const prev = placed[i - 1];
    const cur = placed[i];
    if (prev && cur && cur.start < prev.start + prev.length) return { ok: false, reason: 'two parts of the fix land on the same lines' };
  }
  const eol = input.documentText.includes('\r\n') ? '\r\n' : '\n';
  const endsWithEol = /\r?\n$/.test(input.documentText) || input.documentText === '';
  return { ok: true, edits: placed.map((p) => toEdit(p, doc, eol, endsWithEol)), substitutions };
}

/** Finds the hunk's before-lines (full context, then less) nearest `expected`; returns the replacement. */
function placeHunk(
  hunk: DiffHunk,
  doc: readonly string[],
  expected: number,
  subs: ReadonlyArray<readonly [string, string]>,
): Placed | undefined {
  const lines = hunk.lines.map((l) => ({ op: l.op, text: substituteNames(l.text, subs) }));
  const hasRemoval = lines.some((l) => l.op === '-');
  for (const keep of [Infinity, 1, 0]) {
    const trimmed = trimContext(lines, keep);
    const before = trimmed.filter((l) => l.op !== '+').map((l) => l.text);
    if (before.length === 0 || (keep === 0 && !hasRemoval) || before.every((l) => l.trim() === '')) continue;
    const lead = lines.findIndex((l) => l === trimmed[0]);
    const start = nearestOccurrence(doc, before, expected + Math.max(0, lead));
    if (start === undefined) continue;
    const after = replacement(trimmed, doc.slice(start, start + before.length));
    return { start, length: before.length, after, distance: Math.abs(start - expected) };
  }
  return undefined;
}

function trimContext<T extends { op: string }>(lines: readonly T[], keep: number): T[] {
  const first = lines.findIndex((l) => l.op !== ' ');
  let last = -1;
  lines.forEach((l, i) => {
    if (l.op !== ' ') last = i;
  });
  if (first < 0) return [...lines];
  return lines.slice(Math.max(0, first - keep), Math.min(lines.length, last + 1 + keep));
}

function nearestOccurrence(doc: readonly string[], block: readonly string[], expected: number): number | undefined {
  const want = block.map((l) => l.trim());
  let best: number | undefined;
  let bestDistance = Infinity;
  for (let s = 0; s + want.length <= doc.length; s++) {
    const d = Math.abs(s - expected);
    if (d >= bestDistance) {
      if (s > expected) break;
      continue;
    }
    if (want.every((w, k) => (doc[s + k] ?? '').trim() === w)) {
      best = s;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * The replacement lines: context lines exactly as the document has them; added lines re-indented
 * like the nearest line above them that was matched (the document's indentation for the diff's).
 */
function replacement(lines: ReadonlyArray<{ op: string; text: string }>, found: readonly string[]): string[] {
  const out: string[] = [];
  let k = 0;
  let from = '';
  let to = '';
  for (const l of lines) {
    if (l.op === '+') {
      out.push(l.text.trim() !== '' && l.text.startsWith(from) ? to + l.text.slice(from.length) : l.text);
      continue;
    }
    const docLine = found[k++] ?? l.text;
    if (l.text.trim() !== '') {
      from = indentOf(l.text);
      to = indentOf(docLine);
    }
    if (l.op === ' ') out.push(docLine);
  }
  return out;
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

function toEdit(p: Placed, doc: readonly string[], eol: string, endsWithEol: boolean): TextEdit {
  const endLine = p.start + p.length;
  const atEnd = endLine >= doc.length && !endsWithEol;
  const newText = p.after.map((l) => l + eol).join('');
  if (!atEnd) return { range: { start: { line: p.start, character: 0 }, end: { line: endLine, character: 0 } }, newText };
  const last = doc[doc.length - 1] ?? '';
  return {
    range: { start: { line: p.start, character: 0 }, end: { line: doc.length - 1, character: last.length } },
    newText: newText.slice(0, newText.length - eol.length),
  };
}

/** Adapts a stored fix to a diagnostic in a document (signs the new message for the name mapping). */
export function adaptLearnedFix(
  fix: { readonly diff: string; readonly identifiers: readonly string[]; readonly anchorLine?: number | undefined },
  target: { readonly documentText: string; readonly diagnostic: DiagnosticInfo; readonly languageId: string; readonly file?: string },
): AdaptResult {
  const { identifiers } = signError({
    message: target.diagnostic.message,
    source: target.diagnostic.source,
    code: target.diagnostic.code,
    languageId: target.languageId,
    file: target.file,
  });
  return adaptFix({
    diff: fix.diff,
    fixIdentifiers: fix.identifiers,
    anchorLine: fix.anchorLine,
    documentText: target.documentText,
    diagnosticRange: target.diagnostic.range,
    identifiers,
  });
}
