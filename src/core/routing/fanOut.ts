// Fan-out planning (pure): split one context-independent task over the files matching a glob
// into per-group subtasks, spread over idle sessions, or new ones up to the parallel limit.

import { minimatch } from 'minimatch';
import { dirOf, normalizePath } from './paths';
import type { AffinityTracker } from './tracker';
import { NEW_SESSION } from './types';

export interface FanOutRequest {
  readonly taskId: string;
  readonly text: string;
  /** Workspace-relative files to choose from (e.g. the workspace file list). */
  readonly files: readonly string[];
  /** Minimatch pattern selecting the files the task applies to. */
  readonly glob: string;
  /** Idle sessions, best first. */
  readonly idleSessions: readonly string[];
  /** At most this many sessions work on the fan-out at once (idle ones plus new ones). */
  readonly parallelLimit: number;
  /** A group (directory) larger than this is split. Default 25. */
  readonly maxFilesPerGroup?: number;
}

export interface FanOutSubtask {
  readonly id: string;
  readonly text: string;
  readonly files: readonly string[];
  /** An idle session id, or NEW_SESSION for a session to start. */
  readonly session: string;
  /** The groups (directories) it covers. */
  readonly groups: readonly string[];
}

export interface FanOutPlan {
  readonly taskId: string;
  readonly subtasks: readonly FanOutSubtask[];
  readonly matchedFiles: number;
  readonly idleUsed: readonly string[];
  readonly newSessions: number;
  /** Why the plan is empty or smaller than asked, in plain words. */
  readonly note?: string;
}

/** Sessions with nothing running or queued and not stopped, least context first (they lose the least). */
export function idleSessionIds(tracker: AffinityTracker): string[] {
  return tracker
    .sessions()
    .filter((s) => !s.stopped && s.rolledOverTo === undefined && s.load.running + s.load.queued === 0)
    .sort((a, b) => a.workingSet.size - b.workingSet.size)
    .map((s) => s.session.id);
}

interface Group {
  readonly name: string;
  readonly files: string[];
}

export function planFanOut(req: FanOutRequest): FanOutPlan {
  const matched = [...new Set(req.files.map(normalizePath))].filter((f) => minimatch(f, req.glob, { dot: true })).sort();
  if (matched.length === 0)
    return { taskId: req.taskId, subtasks: [], matchedFiles: 0, idleUsed: [], newSessions: 0, note: `no file matches ${req.glob}` };
  const limit = Math.max(1, Math.floor(req.parallelLimit));
  const groups = splitGroups(groupByDirectory(matched), Math.max(1, req.maxFilesPerGroup ?? 25));
  const workers = Math.min(limit, groups.length);
  const bins = packGroups(groups, workers);
  const idleUsed = req.idleSessions.slice(0, workers);
  const subtasks = bins.map((bin, i): FanOutSubtask => {
    const files = bin.flatMap((g) => g.files);
    return {
      id: `${req.taskId}.${i + 1}`,
      text: `${req.text}\n\nOnly these files (part ${i + 1} of ${bins.length}):\n${files.map((f) => `- ${f}`).join('\n')}`,
      files,
      session: idleUsed[i] ?? NEW_SESSION,
      groups: bin.map((g) => g.name),
    };
  });
  const newSessions = subtasks.filter((s) => s.session === NEW_SESSION).length;
  const note = groups.length > limit ? `${groups.length} groups packed into ${workers} subtasks (parallel limit ${limit})` : undefined;
  return { taskId: req.taskId, subtasks, matchedFiles: matched.length, idleUsed, newSessions, ...(note ? { note } : {}) };
}

function groupByDirectory(files: readonly string[]): Group[] {
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    const d = dirOf(f) || '.';
    const list = byDir.get(d);
    if (list) list.push(f);
    else byDir.set(d, [f]);
  }
  return [...byDir].map(([name, fs]) => ({ name, files: fs }));
}

function splitGroups(groups: readonly Group[], max: number): Group[] {
  const out: Group[] = [];
  for (const g of groups) {
    if (g.files.length <= max) {
      out.push(g);
      continue;
    }
    const parts = Math.ceil(g.files.length / max);
    for (let p = 0; p < parts; p++) out.push({ name: `${g.name} (${p + 1}/${parts})`, files: g.files.slice(p * max, (p + 1) * max) });
  }
  return out;
}

/** Largest group first into the lightest bin: balanced subtasks, groups kept whole. */
function packGroups(groups: readonly Group[], bins: number): Group[][] {
  const out: Group[][] = Array.from({ length: bins }, () => []);
  const sizes = new Array<number>(bins).fill(0);
  const order = [...groups].sort((a, b) => b.files.length - a.files.length || a.name.localeCompare(b.name));
  for (const g of order) {
    let k = 0;
    for (let i = 1; i < bins; i++) if ((sizes[i] ?? 0) < (sizes[k] ?? 0)) k = i;
    out[k]?.push(g);
    sizes[k] = (sizes[k] ?? 0) + g.files.length;
  }
  return out.filter((b) => b.length > 0);
}

export interface SubtaskResult {
  readonly subtaskId: string;
  readonly ok: boolean;
  readonly summary?: string;
}

export interface FanOutReport {
  readonly done: boolean;
  readonly succeeded: number;
  readonly failed: number;
  readonly pending: readonly string[];
  /** The combined result in plain words, one line per subtask. */
  readonly text: string;
  /** The full report as Markdown: each subtask with its files and its whole result. */
  readonly markdown: string;
}

/** A subtask's result is clipped to this on its line of `text` (the Markdown report has it all). */
const LINE_SUMMARY = 300;
const FILES_LISTED = 20;

/** Combines the subtasks' results into one report for the fanned-out task. */
export function combineFanOut(plan: FanOutPlan, results: readonly SubtaskResult[]): FanOutReport {
  const byId = new Map(results.map((r) => [r.subtaskId, r]));
  const pending = plan.subtasks.filter((s) => !byId.has(s.id)).map((s) => s.id);
  let succeeded = 0;
  let failed = 0;
  const lines: string[] = [];
  for (const s of plan.subtasks) {
    const r = byId.get(s.id);
    if (!r) continue;
    if (r.ok) succeeded++;
    else failed++;
    const summary = r.summary?.replace(/\s+/g, ' ').trim();
    lines.push(`${s.id} (${s.files.length} files): ${r.ok ? 'done' : 'failed'}${summary ? ` - ${clip(summary, LINE_SUMMARY)}` : ''}`);
  }
  const head = `${plan.taskId}: ${succeeded} of ${plan.subtasks.length} subtasks done${failed > 0 ? `, ${failed} failed` : ''}${pending.length > 0 ? `, ${pending.length} pending` : ''}`;
  return {
    done: pending.length === 0,
    succeeded,
    failed,
    pending,
    text: [head, ...lines].join('\n'),
    markdown: reportMarkdown(plan, byId, head),
  };
}

function reportMarkdown(plan: FanOutPlan, byId: ReadonlyMap<string, SubtaskResult>, head: string): string {
  const out = [`# Fan-out ${head}`];
  for (const s of plan.subtasks) {
    const r = byId.get(s.id);
    out.push(
      '',
      `## ${s.id}: ${r ? (r.ok ? 'done' : 'failed') : 'pending'} (${s.files.length} file${s.files.length === 1 ? '' : 's'})`,
      '',
    );
    out.push(...s.files.slice(0, FILES_LISTED).map((f) => `- \`${f}\``));
    if (s.files.length > FILES_LISTED) out.push(`- and ${s.files.length - FILES_LISTED} more`);
    const summary = r?.summary?.trim();
    if (summary) out.push('', summary);
  }
  return `${out.join('\n')}\n`;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
