// The learned-fix tools: `known_fixes` (the fixes that match an error, best first, with their diffs,
// how often they worked and where they were learned; the ones shown count as offered, and as
// applied when the caller's task then succeeds) and `record_fix` (a fix the agent reports, checked
// and stored as agent-reported).
import { formatAge } from '../../common/format';
import { extractErrors } from '../fixes/errorExtraction';
import { compareMatches, type FixMatch } from '../fixes/fixIndex';
import { successRate, type FixRecord } from '../fixes/fixRecord';
import { ANSWER_MAX_CHARS, answer, cutText, firstLine, pageItems, refusal, type ToolAnswer } from './toolAnswer';
import type { ErrorInput } from '../fixes/signature';
import type { Caller, KnownFixesInput, RecordFixInput, ToolPorts } from './toolPorts';

/** Matches looked at per call (paged). */
const MAX_MATCHES = 30;
/** At most this many errors recognized in the text are looked up. */
const MAX_ERRORS = 5;
/** A fix's diff is shown up to this many characters. */
const MAX_DIFF_SHOWN = 3000;

const ORIGIN_WORDS: Readonly<Record<string, string>> = {
  diagnostic: 'an edit that cleared the error in the editor',
  agent: "an agent task's edit",
  manual: 'a fix remembered by hand',
  'agent-reported': 'a fix an agent reported',
};

export function knownFixes(ports: ToolPorts, caller: Caller, input: KnownFixesInput): ToolAnswer {
  const ctx = ports.fixes.lookupContext();
  if ('unavailable' in ctx) return refusal(`No learned fixes to look in: ${ctx.unavailable}.`);
  const matches = lookupAll(ctx.store, errorsIn(input), ctx.threshold);
  if (matches.length === 0)
    return answer(
      `No learned fix matches this error (${ctx.store.size} fixes stored; a near match needs ${Math.round(ctx.threshold * 100)}% similarity). When you fix it, call record_fix so that other sessions get your fix.`,
    );
  const now = ports.now();
  const head = `${matches.length}${matches.length === MAX_MATCHES ? '+' : ''} learned fix${matches.length === 1 ? '' : 'es'} for this error, best first (check that a fix applies before using it):\n`;
  const page = pageItems(matches, input.page ?? 1, (m, i) => renderMatch(ports, m, i, now), ANSWER_MAX_CHARS - head.length - 100);
  const shown = matches.slice(page.start, page.start + page.shown);
  ports.fixes.givenToAgent(
    caller.sessionId,
    caller.taskId,
    shown.map((m) => m.record.id),
  );
  return answer(`${head}\n${page.text}`);
}

/**
 * The errors to look up: those recognized in the text (compiler, linter and test output, as an
 * agent pastes it: `src/a.ts(3,5): error TS2304: …` gives the source, code and file), else the text
 * itself as one message; the caller's file and language fill in what the text does not say.
 */
function errorsIn(input: KnownFixesInput): ErrorInput[] {
  const extra = { ...(input.file ? { file: input.file } : {}), ...(input.language ? { languageId: input.language } : {}) };
  const found = extractErrors(input.error).slice(0, MAX_ERRORS);
  if (found.length === 0) return [{ message: input.error, ...extra }];
  return found.map((e) => ({ ...extra, ...e, ...(e.file === undefined && input.file ? { file: input.file } : {}) }));
}

/** Every error's matches, each fix once (its best match), best first. */
function lookupAll(
  store: { lookup(e: ErrorInput, o: { threshold: number; limit: number }): FixMatch[] },
  errors: ErrorInput[],
  threshold: number,
): FixMatch[] {
  const best = new Map<string, FixMatch>();
  for (const e of errors) {
    for (const m of store.lookup(e, { threshold, limit: MAX_MATCHES })) {
      const known = best.get(m.record.id);
      if (!known || compareMatches(m, known) < 0) best.set(m.record.id, m);
    }
  }
  return [...best.values()].sort(compareMatches).slice(0, MAX_MATCHES);
}

function renderMatch(ports: ToolPorts, m: FixMatch, i: number, now: number): string {
  const r = m.record;
  const c = r.counts;
  const verified = c.succeeded + c.failed;
  const quality = m.kind === 'exact' ? 'exact match' : `${Math.round(m.similarity * 100)}% similar error`;
  const record =
    verified > 0 ? `worked ${c.succeeded} of ${verified} times (${Math.round(successRate(c) * 100)}% est.)` : 'not verified yet';
  return [
    `${i + 1}. "${r.title}" (fix ${r.id}): ${quality}; ${record}; offered ${c.offered}, applied ${c.applied}.`,
    `   Learned from ${where(ports, r)}, ${formatAge(now - r.createdAt)}. Its error: ${firstLine(r.message, 200)}`,
    '```diff',
    cutText(r.diff.trimEnd(), MAX_DIFF_SHOWN, 'the diff is longer'),
    '```',
  ].join('\n');
}

function where(ports: ToolPorts, r: FixRecord): string {
  const session = r.sessionId ? (ports.sessions.get(r.sessionId)?.name ?? r.sessionId) : undefined;
  return [
    ORIGIN_WORDS[r.origin] ?? r.origin,
    session ? `in session "${session}"${r.taskId ? ` (task ${r.taskId})` : ''}` : '',
    r.file ? `in ${r.file}` : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
}

export async function recordFix(ports: ToolPorts, caller: Caller, input: RecordFixInput): Promise<ToolAnswer> {
  const result = await ports.fixes.report({
    error: input.error,
    file: input.file,
    diff: input.diff,
    ...(input.note !== undefined ? { note: input.note } : {}),
    ...(caller.sessionId !== undefined ? { sessionId: caller.sessionId } : {}),
    ...(caller.taskId !== undefined ? { taskId: caller.taskId } : {}),
  });
  if (!result.ok) return refusal(`The fix was not recorded (${result.field}): ${result.error}`);
  const f = result.fix;
  return answer(
    `${result.known ? 'Already known; recorded again' : 'Recorded'} as fix ${f.id}, "${f.title}" (agent-reported${caller.sessionName ? `, from session "${caller.sessionName}"` : ''}). Every session and the user's editor are offered it for this error from now on.`,
  );
}
