// The editor side of learned fixes, without LSP: open documents and forwarded diagnostics feed
// the capture tracker (errors cleared by edits), the verification tracker (applied fixes that
// stay working) and "Remember Fix for This Error" watches (the edit that clears a chosen error).
// tick() yields what to write to the store.
import { fileUriToPath } from '../workspace/paths';
import type { DiagnosticFixCandidate } from './diagnosticCapture';
import type { DiagnosticInfo } from './textTypes';
import type { NewFix } from './fixRecord';
import type { VerificationOutcome } from './fixVerification';
import { DiagnosticCaptureTracker } from './diagnosticCapture';
import { FixVerificationTracker } from './fixVerification';
import { errorSignature } from './signature';
import { newFixFromCandidate, newManualFix } from './manualFix';

/** A learned fix the person applied through its code action, where and for which error. */
export interface AppliedFix {
  fixId: string;
  uri: string;
  languageId: string;
  signatureKey: string;
  line: number;
}

/** The file path of a `file:` URI, or the URI itself for other schemes. */
function uriToPath(uri: string): string {
  return fileUriToPath(uri) ?? uri;
}

export interface EditorSignalOptions {
  /** Capture window (ms) before a cleared error is learned. */
  readonly captureWindowMs?: number;
  /** How long an applied fix must keep its error away to count as succeeded (ms). */
  readonly settleMs?: number;
  /** How long a Remember Fix watch lasts (ms, default 15 minutes). */
  readonly rememberForMs?: number;
  /** Whether fixes may be learned automatically from the document with this URI (see FixCaptureScope). */
  readonly isSource?: (uri: string) => boolean;
}

interface RememberWatch {
  readonly uri: string;
  readonly languageId: string;
  readonly diagnostic: DiagnosticInfo;
  readonly signatureKey: string;
  readonly before: string;
  readonly at: number;
}

export interface TickResult {
  /** Fixes to learn: cleared errors (origin diagnostic) and remembered ones (origin manual). */
  readonly learn: { readonly fix: NewFix; readonly uri: string; readonly manual: boolean }[];
  readonly outcomes: VerificationOutcome[];
}

export interface OpenFile {
  readonly languageId: string;
  readonly text: string;
}

const LINE_WINDOW = 5;
/** How long after a Remember Fix or an applied fix the automatic capture of the same error is skipped (it is the same change). */
const SUPPRESS_MS = 30_000;

export class EditorFixSignals {
  private readonly capture: DiagnosticCaptureTracker;
  private readonly verify: FixVerificationTracker;
  private readonly files = new Map<string, OpenFile>();
  private readonly errors = new Map<string, DiagnosticInfo[]>();
  private watches: RememberWatch[] = [];
  private remembered: TickResult['learn'] = [];
  /** uri + signature → until when automatic capture of it is suppressed (it was just remembered by hand). */
  private readonly suppressed = new Map<string, number>();
  private readonly rememberForMs: number;

  constructor(options: EditorSignalOptions = {}) {
    this.capture = new DiagnosticCaptureTracker({
      ...(options.captureWindowMs !== undefined ? { windowMs: options.captureWindowMs } : {}),
      ...(options.isSource !== undefined ? { isSource: options.isSource } : {}),
    });
    this.verify = new FixVerificationTracker({ ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}) });
    this.rememberForMs = options.rememberForMs ?? 15 * 60_000;
  }

  opened(uri: string, languageId: string, text: string): void {
    this.files.set(uri, { languageId, text });
    this.capture.opened(uri, languageId, text);
  }

  changed(uri: string, text: string): void {
    const f = this.files.get(uri);
    if (f) this.files.set(uri, { ...f, text });
    this.capture.changed(uri, text);
  }

  closed(uri: string): void {
    this.files.delete(uri);
    this.capture.closed(uri);
    this.verify.closed(uri);
    this.watches = this.watches.filter((w) => w.uri !== uri);
  }

  /** A file's complete current diagnostics (forwarded by the host). */
  diagnostics(uri: string, diagnostics: readonly DiagnosticInfo[], now: number): void {
    const errors = diagnostics.filter((d) => (d.severity ?? 'error') === 'error');
    if (errors.length > 0) this.errors.set(uri, [...errors]);
    else this.errors.delete(uri);
    this.capture.diagnostics(uri, errors, now);
    this.verify.diagnostics(uri, errors, now);
    this.checkWatches(uri, errors, now);
  }

  /** The current errors of every file the host reported, with the open file's language. */
  currentErrors(): { uri: string; path: string; languageId?: string; diagnostics: DiagnosticInfo[] }[] {
    return [...this.errors].map(([uri, diagnostics]) => {
      const languageId = this.files.get(uri)?.languageId;
      return { uri, path: uriToPath(uri), ...(languageId !== undefined ? { languageId } : {}), diagnostics };
    });
  }

  file(uri: string): OpenFile | undefined {
    return this.files.get(uri);
  }

  /** An applied fix: watch whether its error goes and stays away. */
  applied(args: AppliedFix, now: number): void {
    this.verify.applied(
      { fixId: args.fixId, uri: args.uri, languageId: args.languageId, signatureKey: args.signatureKey, line: args.line },
      now,
    );
    // The edit that clears the error is the learned fix itself: verification counts it, capture must not learn it again.
    this.suppressed.set(`${args.uri}\u0000${args.signatureKey}`, now + SUPPRESS_MS);
  }

  /** Starts a Remember Fix watch on an error of an open file; returns why not when it cannot. */
  remember(uri: string, diagnostic: DiagnosticInfo, now: number): string | undefined {
    const file = this.files.get(uri);
    if (!file) return 'the file is not open in the editor';
    const signatureKey = errorSignature({
      message: diagnostic.message,
      source: diagnostic.source,
      code: diagnostic.code,
      languageId: file.languageId,
      file: uri,
    }).key;
    this.watches = this.watches.filter((w) => !(w.uri === uri && w.signatureKey === signatureKey));
    this.watches.push({ uri, languageId: file.languageId, diagnostic, signatureKey, before: file.text, at: now });
    return undefined;
  }

  get watching(): number {
    return this.watches.length;
  }

  tick(now: number): TickResult {
    this.watches = this.watches.filter((w) => now - w.at < this.rememberForMs);
    const manual = this.remembered;
    this.remembered = [];
    for (const [k, until] of this.suppressed) if (until <= now) this.suppressed.delete(k);
    const auto = this.capture
      .takeCandidates(now)
      .filter(
        (c: DiagnosticFixCandidate) =>
          !this.suppressed.has(`${c.uri}\u0000${c.signature.key}`) &&
          !this.watches.some((w) => w.uri === c.uri && w.signatureKey === c.signature.key),
      )
      .map((c) => ({ fix: newFixFromCandidate(c, uriToPath(c.uri)), uri: c.uri, manual: false }));
    return { learn: [...manual, ...auto], outcomes: this.verify.takeOutcomes(now) };
  }

  private checkWatches(uri: string, errors: readonly DiagnosticInfo[], now: number): void {
    const file = this.files.get(uri);
    if (!file) return;
    this.watches = this.watches.filter((w) => {
      if (w.uri !== uri || file.text === w.before) return true;
      const still = errors.some(
        (d) =>
          Math.abs(d.range.start.line - w.diagnostic.range.start.line) <= LINE_WINDOW &&
          errorSignature({ message: d.message, source: d.source, code: d.code, languageId: w.languageId, file: uri }).key ===
            w.signatureKey,
      );
      if (still) return true;
      const fix = newManualFix({
        error: {
          message: w.diagnostic.message,
          source: w.diagnostic.source,
          code: w.diagnostic.code,
          languageId: w.languageId,
          file: uriToPath(uri),
        },
        before: w.before,
        after: file.text,
        line: w.diagnostic.range.start.line,
        now,
      });
      if (fix) {
        this.remembered.push({ fix, uri, manual: true });
        this.suppressed.set(`${uri}\u0000${w.signatureKey}`, now + SUPPRESS_MS);
      }
      return false;
    });
  }
}
