// Learns fixes from the editor: a pure state tracker fed with per-file diagnostic snapshots and
// document events. When an error disappears after an edit in its file, it becomes a candidate;
// candidates wait a short window and are dropped if the file closed or the diagnostic source
// restarted (its diagnostics vanished in every file at once) meanwhile. Only documents `isSource`
// accepts are followed (not the editor's settings: see FixCaptureScope).
import type { ErrorSignature } from './signature';
import { SignatureCache } from './signatureCache';
import type { DiagnosticInfo } from './textTypes';
import { changedLineCount, diffLines, formatUnifiedDiff, splitLines, toHunks } from './unifiedDiff';
import type { DiffHunk } from './unifiedDiff';

export interface DiagnosticCaptureOptions {
  /** How long a candidate waits for close/restart evidence before it is confirmed (ms, default 2000). */
  readonly windowMs?: number;
  /** Diffs changing more lines than this are not learned (default 30). */
  readonly maxChangedLines?: number;
  /** Context lines in the learned diff (default 3). */
  readonly context?: number;
  /** Whether fixes may be learned from the document with this URI (asked at open and at every
   *  diagnostics snapshot, so a changed exclude setting applies at once); default: every document. */
  readonly isSource?: (uri: string) => boolean;
}

/** An error cleared by an edit: what the fix store needs to learn it. */
export interface DiagnosticFixCandidate {
  readonly uri: string;
  readonly languageId: string;
  readonly message: string;
  readonly source?: string;
  readonly code?: string | number;
  readonly signature: ErrorSignature;
  readonly identifiers: readonly string[];
  readonly diff: string;
  /** 0-based line of the error in the "before" text. */
  readonly anchorLine: number;
  readonly clearedAt: number;
}

interface LiveError {
  readonly diagnostic: DiagnosticInfo;
  readonly signature: ErrorSignature;
  readonly identifiers: readonly string[];
  /** Document text and edit count when the error was last seen present. */
  readonly text: string;
  readonly editCount: number;
}

interface FileState {
  languageId: string;
  text: string;
  editCount: number;
  errors: LiveError[];
}

interface Pending {
  readonly candidate: DiagnosticFixCandidate;
  readonly sourceKey: string;
  /** The file lost all its diagnostics of this source in the snapshot that cleared the error. */
  readonly sourceEmptied: boolean;
  /** Other files that had diagnostics of this source around the time it was cleared. */
  readonly peers: ReadonlySet<string>;
  /** Errors with the same signature near the cleared one when it cleared (more later means it came back). */
  readonly nearbyAtClear: number;
}

export class DiagnosticCaptureTracker {
  private readonly files = new Map<string, FileState>();
  private pending: Pending[] = [];
  /** source → uri → diagnostics of that source currently in the file. */
  private readonly bySource = new Map<string, Map<string, number>>();
  /** source → uri → when the file last lost all diagnostics of that source. */
  private readonly vanishedAt = new Map<string, Map<string, number>>();
  private readonly restartedAt = new Map<string, number>();
  private readonly signatures = new SignatureCache();
  private readonly windowMs: number;
  private readonly maxChangedLines: number;
  private readonly context: number;
  private readonly isSource: (uri: string) => boolean;

  constructor(options: DiagnosticCaptureOptions = {}) {
    this.windowMs = options.windowMs ?? 2000;
    this.maxChangedLines = options.maxChangedLines ?? 30;
    this.context = options.context ?? 3;
    this.isSource = options.isSource ?? ((): boolean => true);
  }

  opened(uri: string, languageId: string, text: string): void {
    if (!this.isSource(uri)) return;
    this.files.set(uri, { languageId, text, editCount: 0, errors: [] });
  }

  /** The document's full text after an edit. */
  changed(uri: string, text: string): void {
    const file = this.files.get(uri);
    if (!file || file.text === text) return;
    file.text = text;
    file.editCount++;
  }

  /** The document closed: forget it, and drop what it was about to teach (its diagnostics vanish on close). */
  closed(uri: string): void {
    this.files.delete(uri);
    this.pending = this.pending.filter((p) => p.candidate.uri !== uri);
    for (const counts of this.bySource.values()) counts.delete(uri);
  }

  /** A diagnostic source (language server, linter) restarted: its vanishing diagnostics teach nothing. */
  sourceRestarted(source: string, now: number): void {
    const key = sourceKey(source);
    this.restartedAt.set(key, now);
    this.pending = this.pending.filter((p) => p.sourceKey !== key);
  }

  /** The complete current diagnostics of one file. */
  diagnostics(uri: string, diagnostics: readonly DiagnosticInfo[], now: number): void {
    const file = this.files.get(uri);
    if (!file) return;
    if (!this.isSource(uri)) {
      this.closed(uri);
      return;
    }
    const errors = diagnostics.filter((d) => (d.severity ?? 'error') === 'error');
    const previous = file.errors;
    const current: LiveError[] = errors.map((diagnostic) => {
      const { signature, identifiers } = this.signatures.sign({
        message: diagnostic.message,
        source: diagnostic.source,
        code: diagnostic.code,
        languageId: file.languageId,
        file: uri,
      });
      return { diagnostic, signature, identifiers, text: file.text, editCount: file.editCount };
    });
    const emptied = this.updateSourceCounts(uri, errors, now);
    const gone = unmatched(previous, current);
    file.errors = current;
    for (const old of gone) {
      if (old.editCount === file.editCount) continue;
      const candidate = this.makeCandidate(uri, file, old, current, now);
      if (!candidate) continue;
      const key = sourceKey(old.diagnostic.source ?? '');
      const restarted = this.restartedAt.get(key);
      if (restarted !== undefined && now - restarted <= this.windowMs) continue;
      this.pending.push({
        candidate,
        sourceKey: key,
        sourceEmptied: emptied.has(key),
        peers: this.peersOf(key, uri, now),
        nearbyAtClear: nearby(current, candidate),
      });
    }
  }

  /** Candidates whose waiting window has passed without close or restart evidence. */
  takeCandidates(now: number): DiagnosticFixCandidate[] {
    const ready: DiagnosticFixCandidate[] = [];
    const waiting: Pending[] = [];
    for (const p of this.pending) {
      if (now - p.candidate.clearedAt < this.windowMs) waiting.push(p);
      else if (!this.looksLikeRestart(p) && !this.reappeared(p)) ready.push(p.candidate);
    }
    this.pending = waiting;
    return ready;
  }

  private makeCandidate(
    uri: string,
    file: FileState,
    old: LiveError,
    current: readonly LiveError[],
    now: number,
  ): DiagnosticFixCandidate | undefined {
    const ops = diffLines(splitLines(old.text), splitLines(file.text));
    let hunks = toHunks(ops, this.context);
    if (hunks.length === 0) return undefined;
    const anchorLine = old.diagnostic.range.start.line;
    if (changedLineCount(hunks) > this.maxChangedLines) {
      const nearest = nearestHunk(hunks, anchorLine);
      if (!nearest || changedLineCount([nearest]) > this.maxChangedLines) return undefined;
      hunks = [nearest];
    }
    if (introducesErrors(hunks, current)) return undefined;
    const d = old.diagnostic;
    return {
      uri,
      languageId: file.languageId,
      message: d.message,
      ...(d.source !== undefined ? { source: d.source } : {}),
      ...(d.code !== undefined ? { code: d.code } : {}),
      signature: old.signature,
      identifiers: old.identifiers,
      diff: formatUnifiedDiff(hunks, `a/${baseName(uri)}`, `b/${baseName(uri)}`),
      anchorLine,
      clearedAt: now,
    };
  }

  /** Tracks which files hold diagnostics of each source; returns the sources this snapshot emptied. */
  private updateSourceCounts(uri: string, errors: readonly DiagnosticInfo[], now: number): Set<string> {
    const counts = new Map<string, number>();
    for (const d of errors) {
      const k = sourceKey(d.source ?? '');
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const emptied = new Set<string>();
    for (const [key, byUri] of this.bySource) {
      if (byUri.has(uri) && !counts.has(key)) {
        byUri.delete(uri);
        emptied.add(key);
        let v = this.vanishedAt.get(key);
        if (!v) this.vanishedAt.set(key, (v = new Map()));
        v.set(uri, now);
      }
    }
    for (const [key, n] of counts) {
      let byUri = this.bySource.get(key);
      if (!byUri) this.bySource.set(key, (byUri = new Map()));
      byUri.set(uri, n);
    }
    return emptied;
  }

  private peersOf(key: string, uri: string, now: number): Set<string> {
    const peers = new Set<string>();
    for (const u of this.bySource.get(key)?.keys() ?? []) if (u !== uri) peers.add(u);
    for (const [u, at] of this.vanishedAt.get(key) ?? []) if (u !== uri && now - at <= this.windowMs) peers.add(u);
    return peers;
  }

  /** Every file that had this source's diagnostics lost them all within the window: a restart, not a fix. */
  private looksLikeRestart(p: Pending): boolean {
    if (!p.sourceEmptied || p.peers.size === 0) return false;
    const vanished = this.vanishedAt.get(p.sourceKey);
    const t = p.candidate.clearedAt;
    for (const peer of p.peers) {
      const at = vanished?.get(peer);
      if (at === undefined || Math.abs(at - t) > this.windowMs) return false;
      if (this.bySource.get(p.sourceKey)?.has(peer)) return false;
    }
    return true;
  }

  private reappeared(p: Pending): boolean {
    const file = this.files.get(p.candidate.uri);
    return file !== undefined && nearby(file.errors, p.candidate) > p.nearbyAtClear;
  }
}

function nearby(errors: readonly LiveError[], c: DiagnosticFixCandidate): number {
  return errors.filter((e) => e.signature.key === c.signature.key && Math.abs(e.diagnostic.range.start.line - c.anchorLine) <= 3).length;
}

function sourceKey(source: string): string {
  return source.trim().toLowerCase();
}

/** Errors of `previous` with no counterpart (same signature, nearest line, each used once) in `current`. */
function unmatched(previous: readonly LiveError[], current: readonly LiveError[]): LiveError[] {
  const free = [...current];
  const gone: LiveError[] = [];
  for (const old of previous) {
    let best = -1;
    let bestDistance = Infinity;
    free.forEach((c, i) => {
      if (c.signature.key !== old.signature.key) return;
      const d = Math.abs(c.diagnostic.range.start.line - old.diagnostic.range.start.line);
      if (d < bestDistance) {
        best = i;
        bestDistance = d;
      }
    });
    if (best >= 0) free.splice(best, 1);
    else gone.push(old);
  }
  return gone;
}

function nearestHunk(hunks: readonly DiffHunk[], line: number): DiffHunk | undefined {
  let best: DiffHunk | undefined;
  let bestDistance = Infinity;
  for (const h of hunks) {
    const from = h.oldStart - 1;
    const to = from + Math.max(0, h.oldCount - 1);
    const d = line < from ? from - line : line > to ? line - to : 0;
    if (d < bestDistance) {
      best = h;
      bestDistance = d;
    }
  }
  return best;
}

/** Whether a current error sits on a line the edit added (the edit traded one error for another). */
function introducesErrors(hunks: readonly DiffHunk[], current: readonly LiveError[]): boolean {
  const added = new Set<number>();
  for (const h of hunks) {
    let line = h.newStart - 1;
    for (const l of h.lines) {
      if (l.op === '+') added.add(line);
      if (l.op !== '-') line++;
    }
  }
  return current.some((e) => added.has(e.diagnostic.range.start.line));
}

function baseName(uri: string): string {
  return uri.split(/[\\/]/).pop() ?? uri;
}
