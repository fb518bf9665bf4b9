// Persistence of what the tracker learned (sessions' working sets and success history), so
// affinity survives a window reload. JSON-safe, versioned; a bad snapshot is reported, never fatal.

import type { SignalName } from './signalReliability';
import type { AffinityTracker } from './tracker';
import type { TouchKind } from './workingSet';

export const TRACKER_SNAPSHOT_VERSION = 1;

export interface TrackerSnapshot {
  readonly v: typeof TRACKER_SNAPSHOT_VERSION;
  readonly savedAt: number;
  readonly sessions: readonly {
    readonly id: string;
    readonly folder: string;
    readonly specialty: string;
    readonly globs: readonly string[];
    /** [path, at, kind, weight], oldest first. */
    readonly files: readonly (readonly [string, number, TouchKind, number])[];
    /** The session it was rolled over into (absent when it was not). */
    readonly rolledOverTo?: string;
  }[];
  /** [session, area ('' = the whole session), rate, samples]. */
  readonly outcomes: readonly (readonly [string, string, number, number])[];
  /**
   * What was learned from finished tasks (the git history is read again, not kept here), oldest
   * first as [session, files, terms, term weights], and the signals' measured precision as
   * [signal, hits, observed]. Absent in snapshots saved before learning existed.
   */
  readonly learned?: {
    readonly tasks: readonly (readonly [string, readonly string[], readonly string[], readonly number[]])[];
    readonly reliability: readonly (readonly [string, number, number])[];
  };
}

export function snapshotTracker(tracker: AffinityTracker, savedAt: number = tracker.now): TrackerSnapshot {
  return {
    v: TRACKER_SNAPSHOT_VERSION,
    savedAt,
    sessions: tracker.sessions().map((s) => ({
      ...s.session,
      globs: [...s.session.globs],
      files: s.workingSet.exportEntries(),
      ...(s.rolledOverTo !== undefined ? { rolledOverTo: s.rolledOverTo } : {}),
    })),
    outcomes: tracker.outcomes.exportRates(),
    learned: { tasks: tracker.knowledge.exportTasks(), reliability: tracker.reliability.export() },
  };
}

const isStr = (x: unknown): x is string => typeof x === 'string';
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Restores a snapshot into a tracker (sessions not yet known are added). Returns the problems
 * found, in plain words; whatever is valid is restored.
 */
export function restoreTracker(tracker: AffinityTracker, raw: unknown): string[] {
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null) return ['routing snapshot is not an object'];
  const o = raw as Record<string, unknown>;
  if (o['v'] !== TRACKER_SNAPSHOT_VERSION)
    return [`routing snapshot version ${String(o['v'])} is not supported (expected ${TRACKER_SNAPSHOT_VERSION})`];
  const sessions = Array.isArray(o['sessions']) ? (o['sessions'] as unknown[]) : [];
  for (const [i, rs] of sessions.entries()) {
    if (typeof rs !== 'object' || rs === null) {
      problems.push(`session #${i + 1}: not an object`);
      continue;
    }
    const s = rs as Record<string, unknown>;
    const id = s['id'];
    if (!isStr(id) || id.length === 0) {
      problems.push(`session #${i + 1}: no id`);
      continue;
    }
    const globs = Array.isArray(s['globs']) ? (s['globs'] as unknown[]).filter(isStr) : [];
    if (!tracker.session(id))
      tracker.addSession({
        id,
        folder: isStr(s['folder']) ? s['folder'] : '',
        specialty: isStr(s['specialty']) ? s['specialty'] : '',
        globs,
      });
    const tracked = tracker.session(id);
    if (tracked && isStr(s['rolledOverTo']) && s['rolledOverTo'] !== '') {
      tracked.rolledOverTo = s['rolledOverTo'];
      tracked.stopped = true;
    }
    const ws = tracked?.workingSet;
    const files = Array.isArray(s['files']) ? (s['files'] as unknown[]) : [];
    let bad = 0;
    for (const f of files) {
      if (!Array.isArray(f) || !isStr(f[0]) || !isNum(f[1]) || (f[2] !== 'read' && f[2] !== 'edit') || !isNum(f[3])) {
        bad++;
        continue;
      }
      tracker.files.add(f[0]);
      ws?.importEntry(f[0], f[1], f[2], f[3]);
    }
    if (bad > 0) problems.push(`session ${id}: ${bad} malformed working-set entries skipped`);
  }
  const outcomes = Array.isArray(o['outcomes']) ? (o['outcomes'] as unknown[]) : [];
  let badOutcomes = 0;
  for (const r of outcomes) {
    if (!Array.isArray(r) || !isStr(r[0]) || !isStr(r[1]) || !isNum(r[2]) || !isNum(r[3])) {
      badOutcomes++;
      continue;
    }
    tracker.outcomes.importRate(r[0], r[1], r[2], r[3]);
  }
  if (badOutcomes > 0) problems.push(`${badOutcomes} malformed success-history entries skipped`);
  problems.push(...restoreLearned(tracker, o['learned']));
  return problems;
}

const isStrArray = (x: unknown): x is string[] => Array.isArray(x) && x.every(isStr);

/** Restores what was learned from finished tasks and the signals' precision; returns the problems. */
function restoreLearned(tracker: AffinityTracker, raw: unknown): string[] {
  if (raw === undefined) return [];
  if (typeof raw !== 'object' || raw === null) return ['learned knowledge is not an object: skipped'];
  const o = raw as Record<string, unknown>;
  const tasks = Array.isArray(o['tasks']) ? (o['tasks'] as unknown[]) : [];
  let bad = 0;
  for (const t of tasks) {
    if (
      !Array.isArray(t) ||
      !isStr(t[0]) ||
      !isStrArray(t[1]) ||
      !isStrArray(t[2]) ||
      !Array.isArray(t[3]) ||
      !(t[3] as unknown[]).every(isNum)
    ) {
      bad++;
      continue;
    }
    const terms = t[2];
    const weights = (t[3] as number[]).map((w) => Math.max(0, Math.min(2, w)));
    if (weights.length !== terms.length) {
      bad++;
      continue;
    }
    tracker.knowledge.importTask(t[0], t[1], terms, weights);
  }
  const problems: string[] = [];
  if (bad > 0) problems.push(`${bad} malformed learned tasks skipped`);
  const reliability = Array.isArray(o['reliability']) ? (o['reliability'] as unknown[]) : [];
  for (const r of reliability) {
    if (Array.isArray(r) && isStr(r[0]) && isNum(r[1]) && isNum(r[2])) tracker.reliability.import(r[0] as SignalName, r[1], r[2]);
  }
  return problems;
}
