// Affinity scoring of one session for one task: how much of the task's estimated files and area
// the session's context holds, plus specialty, folder, success history and load. A decision
// scores every eligible session, so this allocates one object per session (more only for a
// session holding one of the task's files or covering its area); the words come from it later.

import type { TaskTerms } from './codeTerms';
import type { GlobMatcher } from './globMatcher';
import type { RoutingKnowledge } from './routingKnowledge';
import { folderOf } from './paths';
import type { SuccessRate } from './outcomes';
import type { TargetEstimate, TargetFile, TargetSource } from './targets';
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
  /** Per likely file no session holds, for a session whose specialty covers it (× the file's weight). */
  readonly unheldSpecialty: number;
  /** Words of the task against the words of the session's past work (× the relative match, best = 1). */
  readonly profile: number;
  /** The session's share of recently finished tasks (a prior when nothing else tells sessions apart). */
  readonly prior: number;
}

export const DEFAULT_SCORING_WEIGHTS: ScoringWeights = {
  presence: 0.85,
  specialty: 0.1,
  folder: 0.03,
  lead: 0.5,
  success: 0.04,
  load: 0.02,
  unheldSpecialty: 0.25,
  profile: 0.2,
  prior: 0.2,
};

export interface HeldTarget extends HeldFile {
  readonly source: TargetSource;
  readonly targetWeight: number;
  /** The identifier of the task's text that this file defines, when the symbol index said so. */
  readonly symbol?: string;
  /** For a learned target: what made it likely, and its knowledge id. */
  readonly via?: TargetFile['via'];
  readonly learnedId?: number;
}

/** What the reasons of a decision need of the learned knowledge (one per decision, shared). */
export interface LearnedContext {
  readonly knowledge: RoutingKnowledge;
  readonly terms: TaskTerms;
  /** The knowledge's change clock at decision time (reasons read later cite what was known then). */
  readonly clock: number;
}

/** Per decision, computed once for all sessions: who leads each target file, profile matches. */
export interface DecisionContext {
  /** Per target file held by an eligible session, the one that touched it last. */
  readonly leaders: ReadonlyMap<string, string>;
  readonly areas: readonly AreaInfo[];
  /** Per session, its profile match relative to the best session's (0..1). */
  readonly profiles: ReadonlyMap<string, number>;
  /** Per session, which of the task's terms its profile matched (bit i for term i). */
  readonly profileTerms: ReadonlyMap<string, number>;
  readonly learned: LearnedContext | undefined;
}

/** What a decision needs of each estimated area, computed once for all sessions. */
export interface AreaInfo {
  readonly dir: string;
  readonly share: number;
  /** Known files in the directory (at least 1). */
  readonly known: number;
  readonly folder: string;
}

/** The parts of a session's score, before they are put into words. */
export interface SessionScore {
  readonly sessionId: string;
  /** The session's workspace folder at decision time (for explanations). */
  readonly folder: string;
  /** Context held: expected number of the task's files the session holds (files + open + area). */
  readonly affinity: number;
  readonly total: number;
  /** The task's held files, likeliest first, then most recent first (a shared empty array when none). */
  readonly heldTargets: readonly HeldTarget[];
  readonly openHeld: number;
  readonly openTotal: number;
  /** Context held of the task's named files, of its open files and of its area (parts of `affinity`). */
  readonly files: number;
  readonly open: number;
  readonly area: number;
  /** The area with the largest share (the first of equal ones) in which the session holds files. */
  readonly topArea: AreaInfo | undefined;
  /** Files the session holds directly in `topArea`. */
  readonly topAreaHeld: number;
  /** Share of the task's area covered by the session's specialty globs (0..1). */
  readonly specialtyCover: number;
  /** The specialty globs that cover the task's area (a shared empty array when none). */
  readonly specialtyGlobs: readonly string[];
  /** Share of the task's area in the session's workspace folder (0..1). */
  readonly folderShare: number;
  /** The success history it was scored with (per area when known there, else per session). */
  readonly history: SuccessRate;
  /** The session's own success figure, as the metrics show it (what the reasons say). */
  readonly sessionHistory: SuccessRate;
  readonly inFlight: number;
  /** Weight of likely files no eligible session holds that the session's specialty covers. */
  readonly unheldCover: number;
  /** The likeliest of those files (for reasons). */
  readonly unheldFile: TargetFile | undefined;
  /** Profile match relative to the best session's (0..1). */
  readonly profile: number;
  /** Which of the task's terms the profile matched (bit i for term i). */
  readonly profileTerms: number;
  /** Share of the recently finished tasks that the session did (0..1). */
  readonly prior: number;
  readonly learned: LearnedContext | undefined;
  readonly weights: ScoringWeights;
}

const NONE: readonly never[] = Object.freeze([]);

/** Held targets lighter than these are not put into words (reasons.ts), so not kept either. */
export const MIN_WORDED = 0.3;
export const MIN_WORDED_LEARNED = 0.1;

export function areaInfo(est: TargetEstimate, tracker: AffinityTracker): AreaInfo[] {
  const out: AreaInfo[] = [];
  est.areas.forEach((share, dir) => {
    out.push({ dir, share, known: Math.max(1, tracker.files.countInDir(dir)), folder: folderOf(dir) });
  });
  return out;
}

// The parts of `total` besides the context held (`files + open + area`), for scoring and words.
export const specialtyPart = (w: ScoringWeights, cover: number): number => w.specialty * cover;
export const folderPart = (w: ScoringWeights, share: number): number => w.folder * share;
export const successPart = (w: ScoringWeights, rate: number): number => w.success * (rate - 0.5) * 2;
export const loadPart = (w: ScoringWeights, inFlight: number): number => -w.load * inFlight;
export const unheldPart = (w: ScoringWeights, cover: number): number => w.unheldSpecialty * cover;
export const profilePart = (w: ScoringWeights, profile: number): number => w.profile * profile;
export const priorPart = (w: ScoringWeights, prior: number): number => w.prior * prior;

const NO_CONTEXT: DecisionContext = { leaders: new Map(), areas: [], profiles: new Map(), profileTerms: new Map(), learned: undefined };

export function scoreSession(
  ts: TrackedSession,
  est: TargetEstimate,
  tracker: AffinityTracker,
  globs: GlobMatcher,
  now: number,
  w: ScoringWeights = DEFAULT_SCORING_WEIGHTS,
  ctx: DecisionContext = { ...NO_CONTEXT, areas: areaInfo(est, tracker) },
): SessionScore {
  const ws = ts.workingSet;
  const id = ts.session.id;
  const leaders = ctx.leaders;
  const areas = ctx.areas;
  let unheldCover = 0;
  let unheldFile: TargetFile | undefined;
  let heldTargets: HeldTarget[] | undefined;
  let files = 0;
  let open = 0;
  let openHeld = 0;
  let openTotal = 0;
  for (let i = 0; i < est.files.length; i++) {
    const f = est.files[i] as TargetFile;
    const opened = f.source === 'opened';
    if (opened) openTotal++;
    const weight = ws.held(f.path, now);
    if (weight <= 0) {
      // A likely file nobody holds goes, as the task would, to the session whose specialty covers it.
      if (!opened && !leaders.has(f.path) && ts.session.globs.length > 0 && globs.coversFile(ts.session.globs, f.path)) {
        unheldCover += f.weight;
        if (unheldFile === undefined) unheldFile = f;
      }
      continue; // not held (0), or decayed away
    }
    const at = ws.touchedAt(f.path);
    const kind = ws.touchKind(f.path);
    if (at === undefined || kind === undefined) continue;
    const lead = !opened && leaders.get(f.path) === id ? w.lead : 0;
    const v = f.weight * (w.presence + (1 - w.presence) * weight + lead);
    if (opened) {
      open += v;
      openHeld++;
    } else files += v;
    // Only held targets worth a reason are kept for the words (a decision scores every session).
    if (f.weight < (f.source === 'learned' ? MIN_WORDED_LEARNED : MIN_WORDED)) continue;
    // One object per held target (no intermediate entry to copy from).
    const p = f.path;
    const source = f.source;
    const tw = f.weight;
    const held: HeldTarget =
      f.symbol !== undefined
        ? { path: p, kind, at, weight, source, targetWeight: tw, symbol: f.symbol }
        : f.via !== undefined
          ? f.learnedId === undefined
            ? { path: p, kind, at, weight, source, targetWeight: tw, via: f.via }
            : { path: p, kind, at, weight, source, targetWeight: tw, via: f.via, learnedId: f.learnedId }
          : { path: p, kind, at, weight, source, targetWeight: tw };
    (heldTargets ??= []).push(held);
  }

  let area = 0;
  let specialtyCover = 0;
  let folderShare = 0;
  let topArea: AreaInfo | undefined;
  let topAreaHeld = 0;
  let specialtyGlobs: string[] | undefined;
  for (let i = 0; i < areas.length; i++) {
    const a = areas[i] as AreaInfo;
    const held = ws.countInDir(a.dir);
    if (held > 0) {
      area += (a.share * Math.min(a.known, ws.holdingIn(a.dir, now, w.presence))) / a.known;
      if (topArea === undefined || a.share > topArea.share) {
        topArea = a;
        topAreaHeld = held;
      }
    }
    const covering = globs.globsCovering(ts.session.globs, a.dir);
    if (covering.length > 0) {
      specialtyCover += a.share;
      for (const g of covering) if (!specialtyGlobs?.includes(g)) (specialtyGlobs ??= []).push(g);
    }
    if (ts.session.folder !== '' && a.folder === ts.session.folder) folderShare += a.share;
  }
  area *= est.unnamed;

  const area0 = areas[0]?.dir; // areas are sorted, largest share first
  const areaRate = area0 === undefined ? undefined : tracker.outcomes.area(id, area0);
  const rate = areaRate && areaRate.samples > 0 ? areaRate : (tracker.sessionSuccess?.(id) ?? tracker.outcomes.session(id));
  const inFlight = ts.load.running + ts.load.queued;

  const affinity = files + open + area;
  const profile = ctx.profiles.get(id) ?? 0;
  const prior = ctx.learned === undefined ? 0 : ctx.learned.knowledge.profiles.prior(id);
  const total =
    affinity +
    specialtyPart(w, specialtyCover) +
    folderPart(w, folderShare) +
    successPart(w, rate.rate) +
    loadPart(w, inFlight) +
    unheldPart(w, unheldCover) +
    profilePart(w, profile) +
    priorPart(w, prior);
  if (heldTargets !== undefined && heldTargets.length > 1) heldTargets.sort((a, b) => b.targetWeight - a.targetWeight || b.at - a.at);
  return {
    sessionId: id,
    folder: ts.session.folder,
    affinity,
    total,
    heldTargets: heldTargets ?? NONE,
    openHeld,
    openTotal,
    files,
    open,
    area,
    topArea,
    topAreaHeld,
    specialtyCover,
    specialtyGlobs: specialtyGlobs ?? NONE,
    folderShare,
    history: rate,
    sessionHistory: tracker.sessionSuccess?.(id) ?? tracker.outcomes.session(id),
    inFlight,
    unheldCover,
    unheldFile,
    profile,
    profileTerms: ctx.profileTerms.get(id) ?? 0,
    prior,
    learned: ctx.learned,
    weights: w,
  };
}
