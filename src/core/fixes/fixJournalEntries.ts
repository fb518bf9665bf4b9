// The lines of the learned-fix journal: one JSON object per line, `{"seq":N,"w":"<writer>","m":[...]}`,
// holding the mutations (fixMutations.ts) one write of one process made, numbered across every
// journal file of the store (seq 1, 2, 3, ...), so a snapshot can say which entries it holds. A
// line is read back as hostile input: anything that is not a well-formed entry is reported with
// its line number and skipped, never taken for a change, and never stops the lines after it.
import type { CountDelta, FixEdit, FixMutation } from './fixMutations';
import { isStoredFixRecord } from './storedFixRecord';

/** One journal line, read back. */
export interface JournalEntry {
  readonly seq: number;
  /** The process (one open repository) that wrote it. */
  readonly writer: string;
  readonly mutations: readonly FixMutation[];
  /** 1-based line in its file. */
  readonly line: number;
}

/** A line that could not be used, with why (its text is kept, to set it aside). */
export interface BadJournalLine {
  readonly line: number;
  readonly reason: string;
  readonly text: string;
}

export interface ParsedJournalChunk {
  readonly entries: JournalEntry[];
  readonly bad: BadJournalLine[];
  /** Bytes of the chunk up to and including its last newline: the complete lines. */
  readonly consumed: number;
  /** Complete lines in the chunk. */
  readonly lines: number;
  /** Bytes after the last newline: a line still being written, or cut off by a crash. */
  readonly rest: number;
}

const NEWLINE = 0x0a;

/** The line for one write: ends with a newline, holds no other. */
export function encodeJournalEntry(seq: number, writer: string, mutations: readonly FixMutation[]): string {
  return `${JSON.stringify({ seq, w: writer, m: mutations })}\n`;
}

/**
 * Reads the complete lines of `bytes` (the journal from some offset on); `firstLine` numbers the
 * first. Linear in the bytes; an empty line is passed over.
 */
export function parseJournalChunk(bytes: Uint8Array, firstLine: number): ParsedJournalChunk {
  const entries: JournalEntry[] = [];
  const bad: BadJournalLine[] = [];
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = 0;
  let line = firstLine;
  for (let nl = text.indexOf(NEWLINE, start); nl >= 0; nl = text.indexOf(NEWLINE, start)) {
    const raw = text.toString('utf8', start, nl);
    if (raw.trim() !== '') {
      const read = readEntry(raw, line);
      if ('reason' in read) bad.push({ line, reason: read.reason, text: raw });
      else entries.push(read);
    }
    start = nl + 1;
    line++;
  }
  return { entries, bad, consumed: start, lines: line - firstLine, rest: text.length - start };
}

function readEntry(raw: string, line: number): JournalEntry | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { reason: 'not valid JSON' };
  }
  if (!isObject(value)) return { reason: 'not a JSON object' };
  const { seq, w, m } = value;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return { reason: 'no valid "seq"' };
  if (typeof w !== 'string') return { reason: 'no valid "w" (writer)' };
  if (!Array.isArray(m)) return { reason: '"m" is not a list' };
  const mutations: FixMutation[] = [];
  for (const [i, item] of m.entries()) {
    const checked = readMutation(item);
    if (typeof checked === 'string') return { reason: `change ${i + 1}: ${checked}` };
    mutations.push(checked);
  }
  return { seq, writer: w, mutations, line };
}

/** A mutation as written by encodeJournalEntry, or why it is not one. */
export function readMutation(value: unknown): FixMutation | string {
  if (!isObject(value)) return 'not an object';
  const at = value['at'];
  const hasTime = typeof at === 'number' && Number.isFinite(at);
  switch (value['kind']) {
    case 'upsert': {
      const records = value['records'];
      if (!Array.isArray(records) || !hasTime) return 'an upsert without its records or time';
      const bad = records.findIndex((r) => !isStoredFixRecord(r));
      if (bad >= 0) return `record ${bad + 1} is not a well-formed fix`;
      return { kind: 'upsert', records, at };
    }
    case 'count': {
      const deltas = value['deltas'];
      if (!Array.isArray(deltas) || !hasTime || !deltas.every(isCountDelta)) return 'a count without valid deltas or time';
      return { kind: 'count', deltas, at };
    }
    case 'edit': {
      const { id, changes } = value;
      if (typeof id !== 'string' || !hasTime || !isFixEdit(changes)) return 'an edit without its fix, changes or time';
      return { kind: 'edit', id, changes, at };
    }
    case 'delete': {
      const ids = value['ids'];
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return 'a delete without its ids';
      return { kind: 'delete', ids };
    }
    default:
      return 'an unknown kind of change';
  }
}

function isCountDelta(value: unknown): value is CountDelta {
  if (!isObject(value) || typeof value['id'] !== 'string') return false;
  return ['offered', 'applied', 'succeeded', 'failed'].every((k) => value[k] === undefined || typeof value[k] === 'number');
}

function isFixEdit(value: unknown): value is FixEdit {
  return (
    isObject(value) &&
    (value['title'] === undefined || typeof value['title'] === 'string') &&
    (value['diff'] === undefined || typeof value['diff'] === 'string')
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
