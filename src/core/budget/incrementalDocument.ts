// Incremental token count of a changing document: the text is cut into content-defined chunks of
// lines (a line ends a chunk when its hash says so, within min/max sizes), each chunk counted and
// cached by content hash. An edit re-chunks only from the chunk it touches until the new boundaries
// meet the old ones again, so a one-line edit in a 1 MB file re-encodes one or two small chunks.
// The total is the sum of chunk counts: an estimate that differs from a whole-text encode only by
// merges across chunk edges (well under 1 %), and exactly equals `chunkedTokenCount` of the same text.

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
  private lines: string[];
  private chunks: Chunk[] = [];
  private total = 0;
  private recounted = 0;

  constructor(private readonly count: CountFn, text: string) {
    this.lines = text.split('\n');
    this.chunks = this.buildChunks(0).chunks;
    this.total = this.chunks.reduce((s, c) => s + c.tokens, 0);
  }

  /** Estimated tokens of the whole document. */
  get tokens(): number {
    return this.total;
  }

  get text(): string {
    return this.lines.join('\n');
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
    const eC = sL === eL ? Math.min(Math.max(edit.end.character, sC), endLine.length) : Math.min(Math.max(edit.end.character, 0), endLine.length);
    const replacement = `${startLine.slice(0, sC)}${edit.text}${endLine.slice(eC)}`.split('\n');
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

  /** Replaces the whole text (unchanged chunks are cache hits if the count function caches). */
  setText(text: string): void {
    this.lines = text.split('\n');
    this.chunks = this.buildChunks(0).chunks;
    this.total = this.chunks.reduce((s, c) => s + c.tokens, 0);
    this.recounted += this.chunks.length;
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
