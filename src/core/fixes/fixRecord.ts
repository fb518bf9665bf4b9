// The learned-fix record: an error signature paired with the change that fixed it, its origin and
// its counters. Pure helpers to create records, count uses and rank them.
import { shortHash } from './hash';
import type { ErrorInput, ErrorSignature } from './signature';
import { signError } from './signature';

/** Where a fix was learned: an edit that cleared a diagnostic, an agent task that did, a fix
 *  remembered by hand, or one an agent reported itself (the MCP tool `record_fix`). */
export type FixOrigin = 'diagnostic' | 'agent' | 'manual' | 'agent-reported';

/** How often a fix was offered, applied, and confirmed (succeeded) or refuted (failed) after applying. */
export interface FixCounts {
  offered: number;
  applied: number;
  succeeded: number;
  failed: number;
}

export type FixHistoryEvent = 'created' | 'applied' | 'succeeded' | 'failed' | 'edited' | 'merged';

export interface FixHistoryEntry {
  readonly at: number;
  readonly event: FixHistoryEvent;
}

/** One learned fix, as stored (plain JSON; times are epoch milliseconds). */
export interface FixRecord {
  /** Hash of the signature key and the diff's changed lines: the same fix learned twice has the same id. */
  readonly id: string;
  /** Incremented on every change, so caches can tell a record changed. */
  readonly rev: number;
  readonly signature: ErrorSignature;
  /** The example message the fix was learned from. */
  readonly message: string;
  /** Names the signature took out of `message`, in order (for adaptation). */
  readonly identifiers: readonly string[];
  /** A unified diff of the change that cleared the error. */
  readonly diff: string;
  /** 0-based line of the error in the diff's "before" text, when known. */
  readonly anchorLine?: number;
  /** The file the fix was learned in (workspace-relative or absolute), when known. */
  readonly file?: string;
  readonly title: string;
  readonly origin: FixOrigin;
  readonly sessionId?: string;
  readonly taskId?: string;
  readonly createdAt: number;
  readonly lastUsedAt: number;
  readonly counts: Readonly<FixCounts>;
  /** Recent notable events, newest last, capped at HISTORY_LIMIT. */
  readonly history: readonly FixHistoryEntry[];
}

export const HISTORY_LIMIT = 20;

export interface NewFix {
  readonly error: ErrorInput;
  readonly diff: string;
  readonly origin: FixOrigin;
  readonly anchorLine?: number | undefined;
  readonly file?: string | undefined;
  readonly title?: string | undefined;
  readonly sessionId?: string | undefined;
  readonly taskId?: string | undefined;
  readonly now: number;
}

/** The id of a fix: signature key plus the changed lines of the diff, whitespace-trimmed. */
export function fixId(signatureKey: string, diff: string): string {
  const changed = diff
    .split(/\r?\n/)
    .filter((l) => (l.startsWith('+') || l.startsWith('-')) && !l.startsWith('+++') && !l.startsWith('---'))
    .map((l) => l[0] + l.slice(1).trim());
  return shortHash(signatureKey, ...changed);
}

/** Builds a new record from an error and the diff that fixed it. */
export function createFixRecord(input: NewFix): FixRecord {
  const { signature, identifiers } = signError(input.error);
  const title = input.title ?? defaultTitle(input.error.message);
  return {
    id: fixId(signature.key, input.diff),
    rev: 1,
    signature,
    message: input.error.message,
    identifiers,
    diff: input.diff,
    ...(input.anchorLine !== undefined ? { anchorLine: input.anchorLine } : {}),
    ...(input.file !== undefined ? { file: input.file } : {}),
    title,
    origin: input.origin,
    ...(input.sessionId !== undefined ? { sessionId: input.sessionId } : {}),
    ...(input.taskId !== undefined ? { taskId: input.taskId } : {}),
    createdAt: input.now,
    lastUsedAt: input.now,
    counts: { offered: 0, applied: 0, succeeded: 0, failed: 0 },
    history: [{ at: input.now, event: 'created' }],
  };
}

function defaultTitle(message: string): string {
  const line =
    message
      .split(/\r?\n/)
      .find((l) => l.trim().length > 0)
      ?.trim() ?? 'fix';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/** Appends to the history, keeping only the newest HISTORY_LIMIT entries. */
export function withHistory(history: readonly FixHistoryEntry[], entry: FixHistoryEntry): FixHistoryEntry[] {
  const next = [...history, entry];
  return next.length > HISTORY_LIMIT ? next.slice(next.length - HISTORY_LIMIT) : next;
}

/**
 * Success rate with a Laplace prior ((succeeded+1)/(verified+2)): an untried fix rates 0.5, one
 * that failed repeatedly sinks towards 0. Applied-but-unverified uses count as neither.
 */
export function successRate(counts: Readonly<FixCounts>): number {
  return (counts.succeeded + 1) / (counts.succeeded + counts.failed + 2);
}

export interface PruneOptions {
  /** Only fixes verified at least this many times are judged (default 3). */
  readonly minVerified?: number;
  /** Fixes at or under this success rate are pruned (default 0.25). */
  readonly maxSuccessRate?: number;
  /** Fixes not used since this time (epoch ms) are pruned too, when given. */
  readonly unusedSince?: number;
}

/** Whether a fix has failed often enough (or been idle long enough) to be removed. */
export function shouldPrune(record: FixRecord, options: PruneOptions = {}): boolean {
  const minVerified = options.minVerified ?? 3;
  const maxRate = options.maxSuccessRate ?? 0.25;
  const verified = record.counts.succeeded + record.counts.failed;
  if (verified >= minVerified && successRate(record.counts) <= maxRate) return true;
  return options.unusedSince !== undefined && record.lastUsedAt < options.unusedSince;
}
