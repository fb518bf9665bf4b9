// What is done with the journal lines that cannot be used, and what the person is told: a line
// cut off at the end of the journal (the process writing it was stopped) is kept in a copy and
// cut from the journal, so the next change does not land on it; a damaged line elsewhere is kept
// in a copy and skipped (the next compaction leaves it out of the journal). Without the lock (or
// where no copy can be written) nothing is changed on disk and the lines are only skipped.
import type { StoreProblem } from '../store/storeTypes';
import { writeSetAsideRecords, type SetAsideRecord } from '../store/badRecords';
import { errorText } from '../store/storeErrors';
import type { BadLineIn, JournalRead, JournalTail } from './fixJournal';

export interface JournalProblemContext {
  readonly journalFile: string;
  /** The store's lock is held and the store is writable: copies may be written and the tail cut. */
  readonly canSetAside: boolean;
  readonly now: () => Date;
  readonly report: (problem: StoreProblem) => void;
  readonly cut: (tail: JournalTail) => Promise<void>;
}

/** Reports (and, when it may, sets aside) the read's bad lines and cut-off tail; says whether bad lines were set aside. */
export async function reportJournalProblems(read: JournalRead, ctx: JournalProblemContext): Promise<{ setAside: boolean }> {
  let setAside = false;
  if (read.bad.length > 0) setAside = await badLines(read.bad, ctx);
  if (read.tail !== undefined && ctx.canSetAside) await cutOff(read.tail, ctx);
  return { setAside };
}

async function badLines(bad: readonly BadLineIn[], ctx: JournalProblemContext): Promise<boolean> {
  const reasons = bad.map((b) => `line ${b.line} of "${b.file}": ${b.reason}`);
  const shown = reasons.slice(0, 3).join('; ') + (reasons.length > 3 ? `; and ${reasons.length - 3} more` : '');
  const count = bad.length === 1 ? 'a damaged entry' : `${bad.length} damaged entries`;
  let copy: string | undefined;
  let why = '';
  if (ctx.canSetAside) {
    try {
      copy = await writeSetAsideRecords(ctx.journalFile, bad.map(asRecord), ctx.now());
    } catch (error) {
      why = ` (they could not be copied aside: ${errorText(error)})`;
    }
  }
  if (copy !== undefined) {
    ctx.report({
      kind: 'recordsQuarantined',
      file: ctx.journalFile,
      quarantinePath: copy,
      reasons,
      message: `Agent Affinity skipped ${count} of the learned-fix journal (${shown}); ${bad.length === 1 ? 'it is' : 'they are'} kept in "${copy}". Every other learned fix and change loaded.`,
    });
    return true;
  }
  ctx.report({
    kind: 'entriesSkipped',
    file: ctx.journalFile,
    reasons,
    message: `Agent Affinity skipped ${count} of the learned-fix journal (${shown})${why}. Every other learned fix and change loaded; the file is left as it is.`,
  });
  return false;
}

async function cutOff(tail: JournalTail, ctx: JournalProblemContext): Promise<void> {
  const reason = 'cut off: the process writing it was stopped before it finished';
  let copy: string;
  try {
    copy = await writeSetAsideRecords(ctx.journalFile, [asRecord({ ...tail, reason })], ctx.now());
    await ctx.cut(tail);
  } catch (error) {
    ctx.report({
      kind: 'entriesSkipped',
      file: tail.file,
      reasons: [`line ${tail.line}: ${reason}`],
      message: `The last change in "${tail.file}" (line ${tail.line}) was cut off by a crash and could not be set aside (${errorText(error)}); changes are not saved until it is. Every other learned fix loaded.`,
    });
    return;
  }
  ctx.report({
    kind: 'recordsQuarantined',
    file: tail.file,
    quarantinePath: copy,
    reasons: [`line ${tail.line}: ${reason}`],
    message: `The last change in "${tail.file}" (line ${tail.line}) was cut off by a crash and was dropped (its text is kept in "${copy}"). Every other learned fix and change loaded.`,
  });
}

function asRecord(line: { readonly file: string; readonly line: number; readonly reason: string; readonly text: string }): SetAsideRecord {
  return { field: 'journal', key: `${line.file}:${line.line}`, label: `line ${line.line}`, reason: line.reason, entry: line.text };
}
