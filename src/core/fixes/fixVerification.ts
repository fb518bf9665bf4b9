// Decides whether an applied fix worked: the error must disappear after applying and stay gone for
// a settle time. Pure: fed with diagnostic snapshots and the clock, it yields outcomes.
import { SignatureCache } from './signatureCache';
import type { DiagnosticInfo } from './textTypes';

export interface VerificationOptions {
  /** How long the error must stay gone (ms, default 30 000). */
  readonly settleMs?: number;
  /** How long the error may linger after applying before the fix counts as failed (ms, default 15 000). */
  readonly clearTimeoutMs?: number;
  /** An error with the same signature within this many lines of the original counts as the same error (default 5). */
  readonly lineWindow?: number;
}

export interface AppliedFix {
  readonly fixId: string;
  readonly uri: string;
  readonly languageId: string;
  readonly signatureKey: string;
  /** 0-based line of the diagnostic the fix was applied to. */
  readonly line: number;
}

export interface VerificationOutcome {
  readonly fixId: string;
  readonly uri: string;
  readonly outcome: 'succeeded' | 'failed';
}

interface Watch extends AppliedFix {
  readonly appliedAt: number;
  clearedAt?: number;
  failed?: boolean;
}

export class FixVerificationTracker {
  private watches: Watch[] = [];
  private readonly settleMs: number;
  private readonly clearTimeoutMs: number;
  private readonly lineWindow: number;
  private readonly signatures = new SignatureCache();

  constructor(options: VerificationOptions = {}) {
    this.settleMs = options.settleMs ?? 30_000;
    this.clearTimeoutMs = options.clearTimeoutMs ?? 15_000;
    this.lineWindow = options.lineWindow ?? 5;
  }

  get watching(): number {
    return this.watches.length;
  }

  applied(fix: AppliedFix, now: number): void {
    this.watches = this.watches.filter((w) => !(w.uri === fix.uri && w.fixId === fix.fixId && w.line === fix.line));
    this.watches.push({ ...fix, appliedAt: now });
  }

  /** The complete current diagnostics of one file. */
  diagnostics(uri: string, diagnostics: readonly DiagnosticInfo[], now: number): void {
    const mine = this.watches.filter((w) => w.uri === uri);
    if (mine.length === 0) return;
    const present = diagnostics.filter((d) => (d.severity ?? 'error') === 'error').map((d) => ({ line: d.range.start.line, d }));
    for (const w of mine) {
      const still = present.some(
        (p) =>
          Math.abs(p.line - w.line) <= this.lineWindow &&
          this.signatures.sign({ message: p.d.message, source: p.d.source, code: p.d.code, languageId: w.languageId, file: uri }).signature
            .key === w.signatureKey,
      );
      if (w.clearedAt === undefined) {
        if (!still) w.clearedAt = now;
      } else if (still) {
        w.failed = true;
      }
    }
  }

  /** The file closed: fixes not yet seen working can no longer be judged and are dropped. */
  closed(uri: string): void {
    this.watches = this.watches.filter((w) => w.uri !== uri || w.clearedAt !== undefined);
  }

  /** Outcomes decided by `now`; each watch yields at most one outcome. */
  takeOutcomes(now: number): VerificationOutcome[] {
    const out: VerificationOutcome[] = [];
    this.watches = this.watches.filter((w) => {
      let outcome: VerificationOutcome['outcome'] | undefined;
      if (w.failed) outcome = 'failed';
      else if (w.clearedAt !== undefined && now - w.clearedAt >= this.settleMs) outcome = 'succeeded';
      else if (w.clearedAt === undefined && now - w.appliedAt >= this.clearTimeoutMs) outcome = 'failed';
      if (outcome) out.push({ fixId: w.fixId, uri: w.uri, outcome });
      return outcome === undefined;
    });
    return out;
  }
}
