// Handoff (pure): when a task moves to a session that does not hold its context, a summary of
// the files involved, what the previous session did and found, and learned fixes that apply.

import { formatAge } from './decay';
import type { AffinityTracker } from './tracker';
import type { HeldFile } from './workingSet';

export interface HandoffSource {
  /** The session that holds the task's context. */
  readonly sessionId: string;
  /** Its touches of the task's files, most recent first. */
  readonly touched: readonly HeldFile[];
}

/**
 * The session that holds most of the task's files when the chosen one holds none of them;
 * undefined when no handoff is needed.
 */
export function handoffSource(
  tracker: AffinityTracker,
  chosen: string,
  files: readonly string[],
  now: number = tracker.now,
): HandoffSource | undefined {
  if (files.length === 0) return undefined;
  const target = tracker.session(chosen);
  if (target && files.some((f) => target.workingSet.held(f, now) > 0)) return undefined;
  let best: HandoffSource | undefined;
  for (const s of tracker.sessions()) {
    if (s.session.id === chosen) continue;
    const touched = files.map((f) => s.workingSet.entry(f, now)).filter((e): e is HeldFile => e !== undefined);
    if (touched.length === 0) continue;
    if (!best || touched.length > best.touched.length) best = { sessionId: s.session.id, touched: touched.sort((a, b) => b.at - a.at) };
  }
  return best;
}

export interface HandoffInput {
  readonly taskText: string;
  readonly toSession: string;
  readonly files: readonly string[];
  readonly from?: HandoffSource;
  /** What the previous session found (its last results' summaries), most recent first. */
  readonly findings?: readonly string[];
  /** Learned fixes that apply (from the fixes engine), as ready-to-read strings. */
  readonly fixes?: readonly string[];
  readonly now: number;
}

const MAX_ITEMS = 8;

/** The handoff summary attached to the task, as Markdown. Empty sections are left out. */
export function buildHandoffSummary(input: HandoffInput): string {
  const out: string[] = ['## Handoff'];
  out.push(
    input.from
      ? `This task moves from session ${input.from.sessionId} to ${input.toSession}, which has not worked on these files yet.`
      : `Session ${input.toSession} has not worked on these files yet.`,
  );
  if (input.files.length > 0) {
    out.push('', '### Files involved', ...input.files.slice(0, MAX_ITEMS).map((f) => `- ${f}`));
    if (input.files.length > MAX_ITEMS) out.push(`- and ${input.files.length - MAX_ITEMS} more`);
  }
  if (input.from && input.from.touched.length > 0) {
    out.push('', `### What ${input.from.sessionId} did`);
    for (const t of input.from.touched.slice(0, MAX_ITEMS))
      out.push(`- ${t.kind === 'edit' ? 'edited' : 'read'} ${t.path} ${formatAge(input.now - t.at)}`);
  }
  const findings = (input.findings ?? []).filter((f) => f.trim().length > 0);
  if (findings.length > 0) out.push('', '### What it found', ...findings.slice(0, MAX_ITEMS).map((f) => `- ${oneLine(f)}`));
  const fixes = (input.fixes ?? []).filter((f) => f.trim().length > 0);
  if (fixes.length > 0) out.push('', '### Learned fixes that apply', ...fixes.slice(0, MAX_ITEMS).map((f) => `- ${oneLine(f)}`));
  return out.join('\n');
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 300 ? t.slice(0, 297) + '...' : t;
}
