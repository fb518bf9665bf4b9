// A small line-based unified diff: make one from two texts (common prefix and suffix trimmed, LCS
// on the rest), and parse one back into hunks. Enough for the short edits that fix an error.

export type DiffOp = ' ' | '-' | '+';

export interface DiffLine {
  readonly op: DiffOp;
  readonly text: string;
}

export interface DiffHunk {
  /** 1-based first line in the old text (0 when the old side is empty), as in the @@ header. */
  readonly oldStart: number;
  readonly oldCount: number;
  readonly newStart: number;
  readonly newCount: number;
  readonly lines: readonly DiffLine[];
}

export interface UnifiedDiffOptions {
  /** Unchanged lines shown around each change (default 3). */
  readonly context?: number;
  readonly fromFile?: string;
  readonly toFile?: string;
}

export type ParsedDiff = { readonly ok: true; readonly hunks: DiffHunk[] } | { readonly ok: false; readonly error: string };

/** Above this many DP cells the changed middle is treated as one replaced block. */
const MAX_LCS_CELLS = 4_000_000;

export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return text === '' ? [] : lines;
}

/** The line operations turning `a` into `b`. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const out: DiffLine[] = a.slice(0, pre).map((text) => ({ op: ' ', text }));
  out.push(...middleOps(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf)));
  out.push(...a.slice(a.length - suf).map((text): DiffLine => ({ op: ' ', text })));
  return out;
}

function middleOps(a: readonly string[], b: readonly string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || n * m > MAX_LCS_CELLS) {
    return [...a.map((text): DiffLine => ({ op: '-', text })), ...b.map((text): DiffLine => ({ op: '+', text }))];
  }
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? (lcs[(i + 1) * w + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * w + j] ?? 0, lcs[i * w + j + 1] ?? 0);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i] ?? '' });
      i++;
      j++;
    } else if ((lcs[(i + 1) * w + j] ?? 0) >= (lcs[i * w + j + 1] ?? 0)) out.push({ op: '-', text: a[i++] ?? '' });
    else out.push({ op: '+', text: b[j++] ?? '' });
  }
  while (i < n) out.push({ op: '-', text: a[i++] ?? '' });
  while (j < m) out.push({ op: '+', text: b[j++] ?? '' });
  return out;
}

/** Groups line operations into hunks with `context` unchanged lines around changes. */
export function toHunks(ops: readonly DiffLine[], context = 3): DiffHunk[] {
  const changed: number[] = [];
  ops.forEach((l, i) => {
    if (l.op !== ' ') changed.push(i);
  });
  if (changed.length === 0) return [];
  const ranges: Array<[number, number]> = [];
  for (const i of changed) {
    const from = Math.max(0, i - context);
    const to = Math.min(ops.length - 1, i + context);
    const last = ranges[ranges.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else ranges.push([from, to]);
  }
  // Line numbers (0-based) in old and new text at each op index.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 0;
  let n = 0;
  for (const l of ops) {
    oldAt.push(o);
    newAt.push(n);
    if (l.op !== '+') o++;
    if (l.op !== '-') n++;
  }
  return ranges.map(([from, to]) => {
    const lines = ops.slice(from, to + 1);
    const oldCount = lines.filter((l) => l.op !== '+').length;
    const newCount = lines.filter((l) => l.op !== '-').length;
    return {
      oldStart: oldCount === 0 ? (oldAt[from] ?? 0) : (oldAt[from] ?? 0) + 1,
      oldCount,
      newStart: newCount === 0 ? (newAt[from] ?? 0) : (newAt[from] ?? 0) + 1,
      newCount,
      lines,
    };
  });
}

/** Formats hunks as unified diff text (with ---/+++ headers). */
export function formatUnifiedDiff(hunks: readonly DiffHunk[], fromFile = 'a', toFile = 'b'): string {
  if (hunks.length === 0) return '';
  const out = [`--- ${fromFile}`, `+++ ${toFile}`];
  for (const h of hunks) {
    out.push(`@@ -${h.oldStart},${h.oldCount} +${h.newStart},${h.newCount} @@`);
    for (const l of h.lines) out.push(l.op + l.text);
  }
  return out.join('\n') + '\n';
}

/** A unified diff from `before` to `after`; '' when they have the same lines. */
export function makeUnifiedDiff(before: string, after: string, options: UnifiedDiffOptions = {}): string {
  const hunks = toHunks(diffLines(splitLines(before), splitLines(after)), options.context ?? 3);
  return formatUnifiedDiff(hunks, options.fromFile, options.toFile);
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Parses unified diff text (one or several files; file headers are skipped) into hunks, checking the counts. */
export function parseUnifiedDiff(text: string): ParsedDiff {
  const hunks: DiffHunk[] = [];
  const lines = text.split(/\r?\n/);
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const h = HUNK_HEADER.exec(line);
    if (!h) {
      i++;
      continue;
    }
    const oldCount = h[2] === undefined ? 1 : Number(h[2]);
    const newCount = h[4] === undefined ? 1 : Number(h[4]);
    const body: DiffLine[] = [];
    let seenOld = 0;
    let seenNew = 0;
    i++;
    while (i < lines.length && (seenOld < oldCount || seenNew < newCount)) {
      const l = lines[i] ?? '';
      if (l.startsWith('\\')) {
        i++;
        continue;
      }
      const op = l[0] === undefined ? ' ' : l[0];
      if (op !== ' ' && op !== '-' && op !== '+')
        return { ok: false, error: `line ${i + 1}: unexpected line inside a hunk: ${JSON.stringify(l.slice(0, 40))}` };
      body.push({ op, text: l.slice(1) });
      if (op !== '+') seenOld++;
      if (op !== '-') seenNew++;
      i++;
    }
    if (seenOld !== oldCount || seenNew !== newCount) return { ok: false, error: `hunk "${line}" is truncated` };
    hunks.push({ oldStart: Number(h[1]), oldCount, newStart: Number(h[3]), newCount, lines: body });
  }
  if (hunks.length === 0) return { ok: false, error: 'no @@ hunk found' };
  return { ok: true, hunks };
}

/** How many lines the hunks remove plus add. */
export function changedLineCount(hunks: readonly DiffHunk[]): number {
  return hunks.reduce((n, h) => n + h.lines.filter((l) => l.op !== ' ').length, 0);
}
