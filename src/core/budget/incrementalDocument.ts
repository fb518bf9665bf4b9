// Incremental token count of a changing document: the text is cut into content-defined chunks of
// lines (a line ends a chunk when its hash says so, within min/max sizes), each chunk counted and
// cached by content hash. An edit re-chunks only from the chunk it touches until the new boundaries
// meet the old ones again, so a one-line edit in a 1 MB file re-encodes one or two small chunks.
// The total is the sum of chunk counts: an estimate that differs from a whole-text encode only by
// merges across chunk edges (well under 1 %), and exactly equals `chunkedTokenCount` of the same text.
// `tryApplyEdit` is the strict form for editor change events: it applies an edit only when its
// positions mean the same here as in an LSP text document, so the caller can fall back to `setText`.

import type { TokenCounter } from './tokenCounter';

export type CountFn = (text: string) => number;

/** An LSP-style edit: zero-based line/character (UTF-16) positions, end exclusive. */
export interface TextEdit {
  start: { line: number; character: number };
  end: { line: number; character: number };
  text: string;
}

interface Chunk {
  lines: number;
  tokens: number;
}

const MIN_LINES = 4;
const MAX_LINES = 64;
const BOUNDARY_MASK = 15; // ≈ one boundary every 16 lines past the minimum: ~20-line (~1 KB) chunks

function lineHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A carriage return not followed by a line feed: a line break for LSP, not for this document's lines. */
function hasLoneCr(text: string): boolean {
  return text.includes('\r') && /\r(?!\n)/.test(text);
}

const isPosition = (p: { line: number; character: number }): boolean =>
  Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0;

/** Exclusive end of the chunk starting at `start`. */
function chunkEnd(lines: readonly string[], start: number): number {
  const n = lines.length;
  for (let i = start; i < n; i++) {
    const len = i - start + 1;
    if (len >= MAX_LINES) return i + 1;
    if (len >= MIN_LINES && (lineHash(lines[i] ?? '') & BOUNDARY_MASK) === 0) return i + 1;
  }
  return n;
}

export class IncrementalTokenDocument {
  private lines: string[] = [];
  private chunks: Chunk[] = [];
  private total = 0;
  private recounted = 0;
  private chars = 0;
  /** The text has (or an edit made) a lone `\r`: line numbers may differ from an LSP document's. */
  private loneCr = false;

  constructor(
    private readonly count: CountFn,
    text: string,
  ) {
    this.reset(text);
  }

  /** Estimated tokens of the whole document. */
  get tokens(): number {
    return this.total;
  }

  get text(): string {
    return this.lines.join('\n');
  }

  /** Length of the text in UTF-16 code units (what `text.length` would be, without joining the lines). */
  get length(): number {
    return this.chars;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  get chunkCount(): number {
    return this.chunks.length;
  }

  /** Chunks re-encoded (or looked up) by edits so far; a measure of the incremental work. */
  get recountedChunks(): number {
    return this.recounted;
  }

  /** Applies one edit and updates the count; positions past the end are clamped. */
  applyEdit(edit: TextEdit): void {
    const last = this.lines.length - 1;
    const sL = Math.min(Math.max(edit.start.line, 0), last);
    const eL = Math.min(Math.max(edit.end.line, sL), last);
    const startLine = this.lines[sL] ?? '';
    const endLine = this.lines[eL] ?? '';
    const sC = Math.min(Math.max(edit.start.character, 0), startLine.length);
    const eC =
      sL === eL ? Math.min(Math.max(edit.end.character, sC), endLine.length) : Math.min(Math.max(edit.end.character, 0), endLine.length);
    this.replace(sL, sC, eL, eC, edit.text);
  }

  /**
   * Applies an edit from an LSP change event only when it means exactly what it means in the editor's
   * document: positions inside the text (a character at most the line's length before its `\r\n`),
   * start not after end, the replaced length equal to `rangeLength` when given, and no lone `\r`
   * before or after (LSP counts one as a line break, this document does not). Otherwise changes
   * nothing and returns false, so the caller can fall back to `setText`.
   */
  tryApplyEdit(edit: TextEdit, rangeLength?: number): boolean {
    const { start, end } = edit;
    if (this.loneCr || !isPosition(start) || !isPosition(end) || typeof edit.text !== 'string') return false;
    if (end.line >= this.lines.length || end.line < start.line || (end.line === start.line && end.character < start.character))
      return false;
    if (start.character > this.contentLength(start.line) || end.character > this.contentLength(end.line)) return false;
    if (rangeLength != null && rangeLength !== this.rangeLength(start.line, start.character, end.line, end.character)) return false;
    const after = (this.lines[end.line] ?? '').slice(end.character);
    const before = (this.lines[start.line] ?? '').slice(0, start.character);
    if (hasLoneCr(`${before}${edit.text}${after}${end.line < this.lines.length - 1 ? '\n' : ''}`)) return false;
    this.replace(start.line, start.character, end.line, end.character, edit.text);
    return true;
  }

  /** Replaces the whole text (unchanged chunks are cache hits if the count function caches). */
  setText(text: string): void {
    this.reset(text);
    this.recounted += this.chunks.length;
  }

  private reset(text: string): void {
    this.lines = text.split('\n');
    this.chars = text.length;
    this.loneCr = hasLoneCr(text);
    this.chunks = this.buildChunks(0).chunks;
    this.total = this.chunks.reduce((s, c) => s + c.tokens, 0);
  }

  /** The line's length without a `\r` that ends it (the `\r` of a `\r\n`). */
  private contentLength(line: number): number {
    const s = this.lines[line] ?? '';
    return s.endsWith('\r') && line < this.lines.length - 1 ? s.length - 1 : s.length;
  }

  /** UTF-16 code units between two (clamped) positions, line breaks included. */
  private rangeLength(sL: number, sC: number, eL: number, eC: number): number {
    let n = eC - sC;
    for (let i = sL; i < eL; i++) n += (this.lines[i]?.length ?? 0) + 1;
    return n;
  }

  /** Replaces the text between two clamped positions and re-chunks from the chunk the edit touches. */
  private replace(sL: number, sC: number, eL: number, eC: number, text: string): void {
    const startLine = this.lines[sL] ?? '';
    const endLine = this.lines[eL] ?? '';
    const joined = `${startLine.slice(0, sC)}${text}${endLine.slice(eC)}`;
    if (!this.loneCr && hasLoneCr(`${joined}${eL < this.lines.length - 1 ? '\n' : ''}`)) this.loneCr = true;
    this.chars += text.length - this.rangeLength(sL, sC, eL, eC);
    const replacement = joined.split('\n');
    const removed = eL - sL + 1;
    this.spliceLines(sL, removed, replacement);
    const delta = replacement.length - removed;

    // Chunk ci holds line sL; cj holds old line eL. Chunking restarts at ci's first line.
    let ci = 0;
    let cs = 0;
    while (ci < this.chunks.length - 1 && cs + (this.chunks[ci]?.lines ?? 0) <= sL) cs += this.chunks[ci++]?.lines ?? 0;
    let cj = ci;
    let oldEnd = cs + (this.chunks[ci]?.lines ?? 0); // exclusive, old coordinates
    while (cj < this.chunks.length - 1 && oldEnd <= eL) oldEnd += this.chunks[++cj]?.lines ?? 0;

    // Old boundaries from cj on, shifted into new coordinates; stop re-chunking when a new one meets one.
    const oldEnds: number[] = [];
    let e = oldEnd + delta;
    oldEnds.push(e);
    for (let k = cj + 1; k < this.chunks.length; k++) oldEnds.push((e += this.chunks[k]?.lines ?? 0));
    const { chunks: fresh, alignedAt } = this.buildChunks(cs, oldEnds);
    const keepFrom = alignedAt == null ? this.chunks.length : cj + 1 + alignedAt;
    const dropped = this.chunks.splice(ci, keepFrom - ci, ...fresh);
    for (const c of dropped) this.total -= c.tokens;
    for (const c of fresh) this.total += c.tokens;
    this.recounted += fresh.length;
  }

  /**
   * Chunks from line `from`; when `oldEnds` is given, stops as soon as a new chunk ends exactly at one
   * of them (index returned as `alignedAt`): from there on the old chunking is identical.
   */
  private buildChunks(from: number, oldEnds?: readonly number[]): { chunks: Chunk[]; alignedAt: number | null } {
    const chunks: Chunk[] = [];
    let start = from;
    let k = 0;
    while (start < this.lines.length) {
      const end = chunkEnd(this.lines, start);
      chunks.push({ lines: end - start, tokens: this.count(this.chunkText(start, end)) });
      if (oldEnds != null) {
        while (k < oldEnds.length && (oldEnds[k] ?? Infinity) < end) k++;
        if (k < oldEnds.length && oldEnds[k] === end) return { chunks, alignedAt: k };
      }
      start = end;
    }
    return { chunks, alignedAt: null };
  }

  private chunkText(start: number, end: number): string {
    const body = this.lines.slice(start, end).join('\n');
    return end < this.lines.length ? `${body}\n` : body;
  }

  private spliceLines(at: number, remove: number, insert: string[]): void {
    if (insert.length < 10_000) {
      this.lines.splice(at, remove, ...insert);
      return;
    }
    this.lines = [...this.lines.slice(0, at), ...insert, ...this.lines.slice(at + remove)];
  }
}

/** The from-scratch count `IncrementalTokenDocument` maintains (the reference for its tests). */
export function chunkedTokenCount(count: CountFn, text: string): number {
  return new IncrementalTokenDocument(count, text).tokens;
}

/** Loads the counter's encoder if needed and opens a document counted through its content-hash cache. */
export async function openTokenDocument(counter: TokenCounter, text: string): Promise<IncrementalTokenDocument> {
  await counter.ready();
  return new IncrementalTokenDocument((t) => counter.countLoaded(t), text);
}
