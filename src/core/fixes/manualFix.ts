// Building fixes from explicit input: a diagnostic-capture candidate, or a fix remembered by hand
// (the "Remember Fix for This Error" command gives the error and the text before and after).
import type { DiagnosticFixCandidate } from './diagnosticCapture';
import type { NewFix } from './fixRecord';
import type { ErrorInput } from './signature';
import { makeUnifiedDiff } from './unifiedDiff';

/** The NewFix for a confirmed diagnostic-capture candidate (FixStore.learn takes it). */
export function newFixFromCandidate(c: DiagnosticFixCandidate, file?: string): NewFix {
  return {
    error: { message: c.message, source: c.source, code: c.code, languageId: c.languageId, file: file ?? c.uri },
    diff: c.diff,
    origin: 'diagnostic',
    anchorLine: c.anchorLine,
    file: file ?? c.uri,
    now: c.clearedAt,
  };
}

export interface ManualFixInput {
  readonly error: ErrorInput;
  /** The file's text with the error, and after fixing it. */
  readonly before: string;
  readonly after: string;
  /** 0-based line of the error in `before`. */
  readonly line?: number;
  readonly title?: string;
  readonly now: number;
}

/** A NewFix from a fix remembered by hand, or undefined when before and after are the same. */
export function newManualFix(input: ManualFixInput): NewFix | undefined {
  const name = input.error.file?.split(/[\\/]/).pop() ?? 'file';
  const diff = makeUnifiedDiff(input.before, input.after, { fromFile: `a/${name}`, toFile: `b/${name}` });
  if (diff === '') return undefined;
  return {
    error: input.error,
    diff,
    origin: 'manual',
    ...(input.line !== undefined ? { anchorLine: input.line } : {}),
    ...(input.error.file !== undefined ? { file: input.error.file } : {}),
    ...(input.title !== undefined ? { title: input.title } : {}),
    now: input.now,
  };
}
