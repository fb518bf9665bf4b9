// Which current errors belong to a task being dispatched: errors in files the task text names
// (by relative path or file name) or that the session has edited, then the learned fixes that
// match them, formatted briefly for the agent. Pure.
import type { DiagnosticInfo } from './textTypes';
import type { ErrorInput } from './signature';
import { findKnownFixes, formatKnownFixes, type FixLookup, type KnownFix } from './knownFixes';

export interface FileErrors {
  /** Absolute path of the file. */
  readonly path: string;
  readonly languageId?: string | undefined;
  readonly diagnostics: readonly DiagnosticInfo[];
}

export interface TaskFilesInput {
  readonly text: string;
  /** Where the session works; relative paths are taken from here. */
  readonly folder: string;
  /** Paths the session read or edited (relative to the folder, or absolute). */
  readonly workingSet: readonly string[];
  readonly files: readonly FileErrors[];
}

function norm(p: string): string {
  return p.replace(/\\/g, '/');
}

/** The errors (at most `max`) in the files this task is about. */
export function taskErrors(input: TaskFilesInput, max = 20): ErrorInput[] {
  const folder = norm(input.folder).replace(/\/+$/, '');
  const text = input.text;
  const working = new Set(
    input.workingSet.map((p) => (norm(p).startsWith('/') || /^[A-Za-z]:/.test(p) ? norm(p) : `${folder}/${norm(p)}`)),
  );
  const out: ErrorInput[] = [];
  for (const f of input.files) {
    const path = norm(f.path);
    const rel = path.startsWith(`${folder}/`) ? path.slice(folder.length + 1) : undefined;
    const base = path.split('/').pop() ?? path;
    const named =
      (rel !== undefined && text.includes(rel)) ||
      new RegExp(`(^|[^\\w.-])${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`).test(text);
    if (!named && !working.has(path)) continue;
    for (const d of f.diagnostics) {
      if ((d.severity ?? 'error') !== 'error') continue;
      out.push({ message: d.message, source: d.source, code: d.code, languageId: f.languageId, file: rel ?? path });
      if (out.length >= max) return out;
    }
  }
  return out;
}

/** The learned fixes (best first, at most three) for the errors in the files this task is about. */
export function taskKnownFixes(store: FixLookup, input: TaskFilesInput, minSimilarity: number): KnownFix[] {
  const errors = taskErrors(input);
  return errors.length === 0 ? [] : findKnownFixes(store, errors, { maxFixes: 3, minSimilarity: Math.max(minSimilarity, 0.75) });
}

/** The task text with a short "known fixes" section appended, or the text unchanged when none apply. */
export function withKnownFixes(store: FixLookup, input: TaskFilesInput, minSimilarity: number): string {
  const section = formatKnownFixes(taskKnownFixes(store, input, minSimilarity), 1500);
  return section === '' ? input.text : `${input.text}\n\n${section}`;
}
