// The context pack for a task: candidate files from the task's own mentions, the caller's list, the
// session's working set and the open editors under its folder, scored by those signals (and the
// session's specialty globs), counted with tiktoken, and the most relevant that fit the headroom.
import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { minimatch } from 'minimatch';
import { selectContextPack, type PackCandidate } from './headroom';
import type { SessionRecord } from '../sessions/sessionTypes';
import type { ContextPackFile, ContextPackResult } from './budgetSummary';
import { isBelow } from '../workspace/paths';

export interface PackInputs {
  record: Pick<SessionRecord, 'id' | 'folder' | 'workingSet' | 'specialty'>;
  task: string;
  taskTokens: number;
  headroomTokens: number;
  /** Extra candidates from the caller (absolute paths). */
  files?: readonly string[];
  /** Absolute paths of the open editors. */
  openFiles: readonly string[];
  now: number;
  /** Token count of a file (open document or disk; `stat`: the file's, just taken); rejects when it cannot be read. */
  countFile(path: string, stat: Stats): Promise<number>;
  /** Folders whose files may be read (the workspace); a candidate elsewhere, or a link leading
   *  elsewhere, is skipped unread. */
  allowedFolders: readonly string[];
}

const PATH_MENTION = /(?:^|[\s`'"(])((?:\.{0,2}\/)?[\w@.-]+(?:\/[\w@.-]+)*\.[A-Za-z][A-Za-z0-9]{0,7})(?=$|[\s`'"),:;!?])/g;

/** Relative or absolute file paths the task text names. */
export function mentionedPaths(task: string): string[] {
  const out = new Set<string>();
  for (const m of task.matchAll(PATH_MENTION)) if (m[1]) out.add(m[1].replace(/[.]+$/, ''));
  return [...out];
}

/** Candidates looked up together (each a stat and a realpath on the thread pool): a pack waits for
 *  the slowest of a few rather than the sum of all, and a task naming thousands of paths still
 *  queues only this many at a time. Files are then counted one at a time (a read holds up to
 *  4 MB of text), most of them from the count remembered while they are unchanged. */
const LOOKUPS_AT_ONCE = 8;

type Looked = { kind: 'file'; stat: Stats } | { kind: 'outside' } | { kind: 'not-file' } | { kind: 'failed' };

/** What a candidate is: a file in the folders (given already resolved), one whose real path lies
 *  outside them, not a file, or not there. */
async function lookUp(abs: string, roots: readonly string[]): Promise<Looked> {
  try {
    const [st, real] = await Promise.all([stat(abs), realpath(abs).catch(() => undefined)]);
    if (!st.isFile()) return { kind: 'not-file' };
    if (real === undefined || !roots.some((root) => isBelow(root, real))) return { kind: 'outside' };
    return { kind: 'file', stat: st };
  } catch {
    return { kind: 'failed' };
  }
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function buildContextPack(inputs: PackInputs): Promise<ContextPackResult> {
  const { record } = inputs;
  const folder = resolve(record.folder);
  const scores = new Map<string, { relevance: number; why: string[] }>();
  const bump = (path: string, by: number, why: string): void => {
    const abs = isAbsolute(path) ? resolve(path) : join(folder, path);
    const e = scores.get(abs) ?? { relevance: 0, why: [] };
    e.relevance += by;
    if (!e.why.includes(why)) e.why.push(why);
    scores.set(abs, e);
  };
  for (const p of mentionedPaths(inputs.task)) bump(p, 3, 'named in the task');
  for (const p of inputs.files ?? []) bump(p, 2.5, 'given');
  for (const w of record.workingSet) {
    const ageHours = Math.max(0, (inputs.now - w.lastAt) / 3_600_000);
    const decay = Math.pow(0.5, ageHours / 24);
    bump(w.path, (1 + Math.min(1, 0.5 * w.edits + 0.25 * w.reads)) * decay, w.edits > 0 ? 'edited by the session' : 'read by the session');
  }
  for (const p of inputs.openFiles) if (isBelow(folder, p)) bump(p, 1, 'open in the editor');
  const globs = record.specialty?.globs ?? [];
  if (globs.length) {
    for (const [abs, e] of scores) {
      const rel = relative(folder, abs).split(sep).join('/');
      if (globs.some((g) => minimatch(rel, g, { dot: true }))) {
        e.relevance += 0.5;
        e.why.push('in the specialty');
      }
    }
  }

  const candidates: PackCandidate[] = [];
  const why = new Map<string, string>();
  const skipped: ContextPackResult['skipped'] = [];
  // The folders resolved once per pack (links followed), not once per candidate.
  const roots = await Promise.all(inputs.allowedFolders.map((f) => realpath(f).catch(() => resolve(f))));
  const scored = [...scores];
  const looked = await mapLimited(scored, LOOKUPS_AT_ONCE, ([abs]) => lookUp(abs, roots));
  for (const [i, [abs, e]] of scored.entries()) {
    const l = looked[i];
    if (l?.kind === 'outside') skipped.push({ path: abs, reason: 'outside the workspace (not read)' });
    const tokens = l?.kind === 'file' ? await inputs.countFile(abs, l.stat).catch(() => undefined) : undefined;
    if (tokens !== undefined) {
      candidates.push({ path: abs, relevance: e.relevance, tokens });
      why.set(abs, e.why.join(', '));
    } else if ((l?.kind === 'failed' || l?.kind === 'file') && (e.why.includes('named in the task') || e.why.includes('given')))
      skipped.push({ path: abs, reason: 'not found' });
  }
  const budget = Math.max(0, inputs.headroomTokens - inputs.taskTokens);
  const pack = selectContextPack(candidates, budget, { maxFiles: 25 });
  const files: ContextPackFile[] = pack.files.map((f) => ({
    path: f.path,
    tokens: f.tokens,
    relevance: Math.round(f.relevance * 100) / 100,
    why: why.get(f.path) ?? '',
  }));
  return {
    sessionId: record.id,
    budgetTokens: pack.budgetTokens,
    taskTokens: inputs.taskTokens,
    files,
    totalTokens: pack.totalTokens,
    skipped: [
      ...skipped,
      ...pack.skipped.map((s) => ({
        path: s.path,
        reason: s.reason === 'too-large' ? 'larger than the headroom' : s.reason === 'budget-full' ? 'no room left' : s.reason,
      })),
    ],
    estimate: true,
  };
}
