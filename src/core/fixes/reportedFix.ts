// A fix an agent reports ("this change fixed that error", the MCP tool `record_fix`): checked by the
// same rules as a fix edited by hand on the dashboard (a one-line title, a unified diff with at
// least one changed line, within the same sizes), then stored as agent-reported, with the session
// and task that reported it. An error pasted as a tool printed it (`src/a.ts(3,5): error TS2304:
// …`) is stored as the error it names (message, source, code), as an editor's diagnostic would be,
// so the same error finds the fix whichever way it is asked about.
import { extractErrors } from './errorExtraction';
import { checkFixEdit } from './fixEdits';
import type { NewFix } from './fixRecord';

/** As for imported fixes: a longer message is not an error message. */
export const MAX_REPORTED_MESSAGE = 10_000;

export interface ReportedFixInput {
  error: string;
  file: string;
  diff: string;
  /** One line: what the fix does (its title). */
  note?: string;
  sessionId?: string;
  taskId?: string;
  now: number;
}

/** Which input a report was refused for, and why, in words an agent can act on. */
export type ReportedFixCheck = { ok: true; fix: NewFix } | { ok: false; field: 'error' | 'file' | 'diff' | 'note'; error: string };

export function checkReportedFix(input: ReportedFixInput): ReportedFixCheck {
  const message = input.error.trim();
  if (message === '') return { ok: false, field: 'error', error: 'The error message is empty.' };
  if (message.length > MAX_REPORTED_MESSAGE)
    return {
      ok: false,
      field: 'error',
      error: `The error message is too long (${message.length} characters; at most ${MAX_REPORTED_MESSAGE}).`,
    };
  const file = input.file.trim();
  if (file === '' || /[\r\n\0]/.test(file)) return { ok: false, field: 'file', error: 'The file must be one path.' };
  const note = input.note?.trim();
  const checked = checkFixEdit({ id: 'reported', diff: input.diff, ...(note ? { title: note } : {}) });
  if (!checked.ok) return { ok: false, field: checked.field === 'title' ? 'note' : 'diff', error: checked.error };
  const [named] = extractErrors(message);
  const error = named
    ? { message: named.message, source: named.source, code: named.code, languageId: named.languageId, file }
    : { message, file };
  return {
    ok: true,
    fix: {
      error,
      diff: checked.changes.diff ?? input.diff,
      origin: 'agent-reported',
      file,
      ...(checked.changes.title !== undefined ? { title: checked.changes.title } : {}),
      ...(input.sessionId !== undefined ? { sessionId: input.sessionId } : {}),
      ...(input.taskId !== undefined ? { taskId: input.taskId } : {}),
      now: input.now,
    },
  };
}
