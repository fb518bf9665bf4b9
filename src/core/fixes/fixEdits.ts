// The dashboard's "edit a fix" request: validates the new title and diff field by field, saves
// through the fix store, and answers with the saved fix or the reason nothing was saved. Bad input
// is an answer, not an exception, so the dashboard can show it beside the field it concerns.
import type { FixRecord } from './fixRecord';
import type { FixEdit } from './fixMutations';
import type { FixStore } from './fixStore';
import { changedLineCount, parseUnifiedDiff } from './unifiedDiff';

/** Which input an edit was refused for (the dashboard shows the error beside it). */
export type EditFixField = 'id' | 'title' | 'diff';

/** The saved fix, or why nothing was saved (the stored fix is then unchanged). */
export type EditFixResult = { ok: true; fix: FixRecord } | { ok: false; error: string; field: EditFixField };

export const MAX_FIX_TITLE = 200;
/** As for imported fixes: far beyond the short edits that fix an error. */
export const MAX_FIX_DIFF = 200_000;

type Refusal = Extract<EditFixResult, { ok: false }>;

function refuse(field: EditFixField, error: string): Refusal {
  return { ok: false, error, field };
}

/** Checks an edit's parameters as they came over the wire (anything may be missing or mistyped). */
export function checkFixEdit(raw: unknown): { ok: true; id: string; changes: FixEdit } | Refusal {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof p.id !== 'string' || p.id === '') return refuse('id', 'No fix was named to edit.');
  const changes: { title?: string; diff?: string } = {};
  if (p.title !== undefined) {
    if (typeof p.title !== 'string') return refuse('title', 'The title must be text.');
    const title = p.title.trim();
    if (title === '') return refuse('title', 'The title cannot be empty.');
    if (/[\r\n]/.test(title)) return refuse('title', 'The title must be one line.');
    if (title.length > MAX_FIX_TITLE)
      return refuse('title', `The title is too long (${title.length} characters; at most ${MAX_FIX_TITLE}).`);
    changes.title = title;
  }
  if (p.diff !== undefined) {
    if (typeof p.diff !== 'string') return refuse('diff', 'The diff must be text.');
    if (p.diff.length > MAX_FIX_DIFF) return refuse('diff', `The diff is too long (${p.diff.length} characters; at most ${MAX_FIX_DIFF}).`);
    const diff = p.diff.replace(/\r\n?/g, '\n');
    if (diff.trim() === '') return refuse('diff', 'The diff cannot be empty.');
    const parsed = parseUnifiedDiff(diff);
    if (!parsed.ok)
      return refuse('diff', `The diff is not a unified diff: ${parsed.error}. Each @@ header's line counts must match the lines below it.`);
    if (changedLineCount(parsed.hunks) === 0)
      return refuse('diff', 'The diff changes no lines: it needs at least one line starting with + or -.');
    changes.diff = diff.endsWith('\n') ? diff : `${diff}\n`;
  }
  if (changes.title === undefined && changes.diff === undefined) return refuse('title', 'Nothing to save: give a new title or diff.');
  return { ok: true, id: p.id, changes };
}

/** Applies an edit to a stored fix; the stored fix is unchanged unless the answer is `ok`. */
export async function editFix(store: FixStore, raw: unknown, now: number): Promise<EditFixResult> {
  const checked = checkFixEdit(raw);
  if (!checked.ok) return checked;
  const { id, changes } = checked;
  const before = store.get(id);
  if (!before) return refuse('id', `The fix ${id} no longer exists (deleted here or in another window).`);
  const unchanged =
    (changes.title === undefined || changes.title === before.title) && (changes.diff === undefined || changes.diff === before.diff);
  if (!unchanged) {
    try {
      await store.edit(id, changes, now);
    } catch (e) {
      return refuse('diff', e instanceof Error ? e.message : String(e));
    }
  }
  const after = store.get(id);
  return after ? { ok: true, fix: after } : refuse('id', `The fix ${id} was deleted while it was being saved.`);
}
