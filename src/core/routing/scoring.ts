// Affinity scoring of one session for one task: how much of the task's estimated files and area
// the session's context holds, plus specialty, folder, success history and load.

import type { GlobMatcher } from './globMatcher';
import { folderOf } from './paths';
import type { TargetEstimate, TargetSource } from './targets';
import type { AffinityTracker, TrackedSession } from './tracker';
import type { HeldFile } from './workingSet';

export interface ScoringWeights {
  /** Presence of a held file counts this much; the rest of 1 is its decayed recency. */
  readonly presence: number;
  readonly specialty: number;
  readonly folder: number;
  readonly success: number;
  /** Bonus, per target file, for the session that touched it most recently among its holders. */
  readonly lead: number;
  /** Penalty per task in flight. */
  readonly load: number;
}

export const DEFAULT_SCORING_WEIGHTS: ScoringWeights = {
  presence: 0.85,
  specialty: 0.3,
  folder: 0.03,
  lead: 0.5,
  success: 0.04,
  load: 0.02,
};

export interface HeldTarget extends HeldFile {
  readonly source: TargetSource;
  readonly targetWeight: number;
  /** The identifier of the task's text that this file defines, when the symbol index said so. */
  readonly symbol?: string;
}

export interface AreaHolding {
  readonly dir: string;
  readonly held: number;
  readonly known: number;
  readonly share: number;
}

/** The parts of a session's score, before they are put into words. */
export interface SessionScore {
  readonly sessionId: string;
  /** Context held: expected number of the task's files the session holds. */
  readonly affinity: number;
  readonly total: number;
  readonly heldTargets: readonly HeldTarget[];
  readonly openHeld: number;
  readonly openTotal: number;
  readonly areaHoldings: readonly AreaHolding[];
  readonly parts: {
    readonly files: number;
    readonly open: number;
    readonly area: number;
    readonly specialty: number;
    readonly folder: number;
    readonly success: number;
    readonly load: number;
  };
  /** Share of the task's area covered by the session's specialty globs (0..1). */
  readonly specialtyCover: number;
  /** The specialty globs that cover the task's area. */
  readonly specialtyGlobs: readonly string[];
  /** Share of the task's area in the session's workspace folder (0..1). */
  readonly folderShare: number;
  readonly successRate: number;
  readonly successSamples: number;
  readonly inFlight: number;
}

/** What a decision needs of each estimated area, computed once for all sessions. */
export interface AreaInfo {
  readonly dir: string;
  readonly share: number;
  /** Known files in the directory (at least 1). */
  readonly known: number;
  readonly folder: string;
}

export function areaInfo(est: TargetEstimate, tracker: AffinityTracker): AreaInfo[] {
  return [...est.areas].map(([dir, share]) => ({ dir, share, known: Math.max(1, tracker.files.countInDir(dir)), folder: folderOf(dir) }));
}

export function scoreSession(
  ts: TrackedSession,
  est: TargetEstimate,
  tracker: AffinityTracker,
  globs: GlobMatcher,
  now: number,
  w: ScoringWeights = DEFAULT_SCORING_WEIGHTS,
  leaders?: ReadonlyMap<string, string>,
  areas?: readonly AreaInfo[],
): SessionScore {
  const ws = ts.workingSet;
  const heldTargets: HeldTarget[] = [];
  let files = 0;
  let open = 0;
  let openHeld = 0;
  let openTotal = 0;
  for (const f of est.files) {
    if (f.source === 'opened') openTotal++;
    const e = ws.entry(f.path, now);
    if (!e || e.weight <= 0) continue;
    const lead = f.source !== 'opened' && leaders?.get(f.path) === ts.session.id ? w.lead : 0;
    const v = f.weight * (w.presence + (1 - w.presence) * e.weight + lead);
    if (f.source === 'opened') {
      open += v;
      openHeld++;
    } else files += v;
    heldTargets.push(f.symbol === undefined ? { ...e, source: f.source, targetWeight: f.weight } : { ...e, source: f.source, targetWeight: f.weight, symbol: f.symbol });
  }

  let area = 0;
  let specialtyCover = 0;
  let folderShare = 0;
  const areaHoldings: AreaHolding[] = [];
  const specialtyGlobs: string[] = [];
  for (const a of areas ?? areaInfo(est, tracker)) {
    const held = ws.countInDir(a.dir);
    if (held > 0) {
      area += (a.share * Math.min(a.known, ws.holdingIn(a.dir, now, w.presence))) / a.known;
      areaHoldings.push({ dir: a.dir, held, known: a.known, share: a.share });
    }
    const covering = globs.globsCovering(ts.session.globs, a.dir);
    if (covering.length > 0) {
      specialtyCover += a.share;
      for (const g of covering) if (!specialtyGlobs.includes(g)) specialtyGlobs.push(g);
    }
    if (ts.session.folder !== '' && a.folder === ts.session.folder) folderShare += a.share;
  }
  area *= est.unnamed;

  const area0 = est.areas.keys().next().value; // areas are sorted, largest share first
  const areaRate = area0 === undefined ? undefined : tracker.outcomes.area(ts.session.id, area0);
  const rate = areaRate && areaRate.samples > 0 ? areaRate : tracker.outcomes.session(ts.session.id);
  const inFlight = ts.load.running + ts.load.queued;

  const affinity = files + open + area;
  const parts = {
    files,
    open,
    area,
    specialty: w.specialty * specialtyCover,
    folder: w.folder * folderShare,
    success: w.success * (rate.rate - 0.5) * 2,
    load: -w.load * inFlight,
  };
  const total = affinity + parts.specialty + parts.folder + parts.success + parts.load;
  heldTargets.sort((a, b) => b.targetWeight - a.targetWeight || b.at - a.at);
  areaHoldings.sort((a, b) => b.share - a.share);
  return {
    sessionId: ts.session.id,
    affinity,
    total,
    heldTargets,
    openHeld,
    openTotal,
    areaHoldings,
    parts,
    specialtyCover,
    specialtyGlobs,
    folderShare,
    successRate: rate.rate,
    successSamples: rate.samples,
    inFlight,
  };
}
