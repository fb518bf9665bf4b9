// Routing strategies behind one interface: `affinity` (default), `round-robin`, `least-loaded`
// and `manual`. Each ranks the eligible sessions and chooses one, or proposes a new session.

import type { GlobMatcher } from './globMatcher';
import { ExplainedSession } from './explainedSession';
import type { TaskTerms } from './codeTerms';
import { areaInfo, scoreSession, DEFAULT_SCORING_WEIGHTS, type DecisionContext, type ScoringWeights, type SessionScore } from './scoring';
import type { StrategyName } from './settings';
import type { TargetEstimate } from './targets';
import type { AffinityTracker, TrackedSession } from './tracker';
import { NEW_SESSION, type NewSessionProposal, type RankedSession, type RouteTask } from './types';
import { proposeNewSession } from './newSession';
import { sortDescending } from './stableSort';

export interface StrategyInput {
  readonly task: RouteTask;
  readonly tracker: AffinityTracker;
  /** Eligible sessions in creation order. */
  readonly eligible: readonly TrackedSession[];
  readonly estimate: TargetEstimate;
  readonly independent: boolean;
  readonly independentWhy?: string;
  readonly now: number;
  readonly globs: GlobMatcher;
  /** The task's terms (codeTerms.taskTerms), for the learned signals; none in older callers. */
  readonly terms?: TaskTerms;
}

export interface StrategyOutput {
  readonly ranked: readonly RankedSession[];
  /** A session id, or NEW_SESSION. */
  readonly chosen: string;
  readonly newSession?: NewSessionProposal;
}

export interface RoutingStrategy {
  readonly name: StrategyName;
  /** Ranks and chooses. `commit` is false for explanations, so stateful strategies do not advance. */
  rank(input: StrategyInput, commit: boolean): StrategyOutput;
}

const inFlight = (s: TrackedSession): number => s.load.running + s.load.queued;

/** Scores of every eligible session, best first (stable on creation order). */
export function affinityScores(input: StrategyInput, weights: ScoringWeights = DEFAULT_SCORING_WEIGHTS): SessionScore[] {
  const leaders = new Map<string, string>();
  for (const f of input.estimate.files) {
    let bestAt = -Infinity;
    for (const s of input.eligible) {
      const at = s.workingSet.touchedAt(f.path);
      if (at !== undefined && at > bestAt) {
        bestAt = at;
        leaders.set(f.path, s.session.id);
      }
    }
  }
  const profiles = new Map<string, number>();
  const profileTerms = new Map<string, number>();
  const knowledge = input.tracker.knowledge;
  const terms = input.terms;
  if (terms !== undefined && terms.terms.length > 0) {
    let best = 0;
    for (const s of input.eligible) {
      const v = knowledge.profileScore(s.session.id, terms);
      if (v > 0) {
        profiles.set(s.session.id, v);
        profileTerms.set(s.session.id, knowledge.profiles.lastMatched);
      }
      if (v > best) best = v;
    }
    if (best > 0) profiles.forEach((v, id) => profiles.set(id, v / best));
  }
  const ctx: DecisionContext = {
    leaders,
    areas: areaInfo(input.estimate, input.tracker),
    profiles,
    profileTerms,
    learned: terms === undefined ? undefined : { knowledge, terms, clock: knowledge.changeClock },
  };
  const scores: SessionScore[] = [];
  for (const s of input.eligible) scores.push(scoreSession(s, input.estimate, input.tracker, input.globs, input.now, weights, ctx));
  return sortByTotal(scores);
}

/** Highest total first, equal totals in creation order. */
function sortByTotal(scores: SessionScore[]): SessionScore[] {
  return sortDescending(scores, totalOf);
}

function totalOf(score: SessionScore): number {
  return score.total;
}

/** Idle sessions first (least loaded, then least context to lose), for context-independent work. */
function rankIndependent(input: StrategyInput): StrategyOutput {
  const order = input.eligible
    .map((s, i) => ({ s, i }))
    .sort((a, b) => inFlight(a.s) - inFlight(b.s) || a.s.workingSet.size - b.s.workingSet.size || a.i - b.i)
    .map((x) => x.s);
  const why = input.independentWhy ?? 'context-independent';
  const ranked = order.map((s, i): RankedSession => {
    const n = inFlight(s);
    const reason = n === 0 ? `idle; ${why} task needs no context` : `${n} task${n === 1 ? '' : 's'} in flight; ${why} task`;
    return {
      sessionId: s.session.id,
      score: round(1 / (1 + n) - i * 1e-3),
      reasons: [reason],
      components: [{ kind: 'idle', value: n === 0 ? 1 : 0, reason }],
    };
  });
  const first = order[0];
  if (first && inFlight(first) === 0) return { ranked, chosen: first.session.id };
  return {
    ranked,
    chosen: NEW_SESSION,
    newSession: { specialty: why, globs: [], folder: '', reason: `no idle session for a ${why} task` },
  };
}

export class AffinityStrategy implements RoutingStrategy {
  readonly name = 'affinity' as const;

  constructor(private readonly weights: ScoringWeights = DEFAULT_SCORING_WEIGHTS) {}

  rank(input: StrategyInput): StrategyOutput {
    if (input.independent) return rankIndependent(input);
    const scores = affinityScores(input, this.weights);
    const ranked: RankedSession[] = [];
    for (const s of scores) ranked.push(new ExplainedSession(round(s.total), s, input.now));
    const threshold = input.tracker.settings.confidenceThreshold;
    const confident = scores.find((s) => s.affinity >= threshold || s.specialtyCover >= 0.5);
    const best = scores[0];
    if (best && confident) return { ranked, chosen: best.sessionId };
    const proposal = proposeNewSession(
      input.estimate,
      best === undefined
        ? 'no eligible session'
        : `no session holds this task's files or covers its area (best affinity ${round(best.affinity)} by ${best.sessionId}, under ${threshold})`,
    );
    if (best && !proposal) return { ranked, chosen: best.sessionId };
    return proposal ? { ranked, chosen: NEW_SESSION, newSession: proposal } : { ranked, chosen: NEW_SESSION };
  }
}

export class RoundRobinStrategy implements RoutingStrategy {
  readonly name = 'round-robin' as const;
  private lastIndex = -1;

  rank(input: StrategyInput, commit: boolean): StrategyOutput {
    const all = input.tracker.sessions();
    const eligible = new Set(input.eligible.map((s) => s.session.id));
    const ranked: RankedSession[] = [];
    let nextIndex = -1;
    for (let k = 1; k <= all.length; k++) {
      const i = (this.lastIndex + k) % all.length;
      const s = all[i];
      if (!s || !eligible.has(s.session.id)) continue;
      if (nextIndex < 0) nextIndex = i;
      const reason = ranked.length === 0 ? 'next in rotation' : `${ranked.length + 1} places later in rotation`;
      ranked.push({
        sessionId: s.session.id,
        score: round(1 - ranked.length / all.length),
        reasons: [reason],
        components: [{ kind: 'order', value: 1, reason }],
      });
    }
    if (commit && nextIndex >= 0) this.lastIndex = nextIndex;
    const first = ranked[0];
    return first ? { ranked, chosen: first.sessionId } : { ranked, chosen: NEW_SESSION };
  }
}

export class LeastLoadedStrategy implements RoutingStrategy {
  readonly name = 'least-loaded' as const;

  rank(input: StrategyInput): StrategyOutput {
    const order = input.eligible
      .map((s, i) => ({ s, i }))
      .sort((a, b) => inFlight(a.s) - inFlight(b.s) || a.i - b.i)
      .map((x) => x.s);
    const ranked = order.map((s): RankedSession => {
      const n = inFlight(s);
      const reason = n === 0 ? 'idle' : `${n} task${n === 1 ? '' : 's'} in flight`;
      return { sessionId: s.session.id, score: round(1 / (1 + n)), reasons: [reason], components: [{ kind: 'load', value: -n, reason }] };
    });
    const first = ranked[0];
    return first ? { ranked, chosen: first.sessionId } : { ranked, chosen: NEW_SESSION };
  }
}

/**
 * The user chooses. The ranking is the affinity one (to show reasons in the quick pick); the
 * choice is the task's preferred session when given and eligible, else the preselected best.
 */
export class ManualStrategy implements RoutingStrategy {
  readonly name = 'manual' as const;
  private readonly affinity: AffinityStrategy;

  constructor(weights: ScoringWeights = DEFAULT_SCORING_WEIGHTS) {
    this.affinity = new AffinityStrategy(weights);
  }

  rank(input: StrategyInput): StrategyOutput {
    const base = this.affinity.rank(input);
    const eligible = new Set(input.eligible.map((s) => s.session.id));
    const picked = (input.task.preferredSessions ?? []).find((id) => id === NEW_SESSION || eligible.has(id));
    if (picked === undefined) return base;
    const reason = 'chosen by the user';
    const ranked = base.ranked.map((r) =>
      r.sessionId === picked
        ? { ...r, reasons: [reason, ...r.reasons], components: [{ kind: 'manual' as const, value: 1, reason }, ...r.components] }
        : r,
    );
    ranked.sort((a, b) => (a.sessionId === picked ? -1 : b.sessionId === picked ? 1 : 0));
    return picked === NEW_SESSION ? { ...base, ranked, chosen: NEW_SESSION } : { ranked, chosen: picked };
  }
}

export function createStrategy(name: StrategyName, weights: ScoringWeights = DEFAULT_SCORING_WEIGHTS): RoutingStrategy {
  switch (name) {
    case 'affinity':
      return new AffinityStrategy(weights);
    case 'round-robin':
      return new RoundRobinStrategy();
    case 'least-loaded':
      return new LeastLoadedStrategy();
    case 'manual':
      return new ManualStrategy(weights);
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
