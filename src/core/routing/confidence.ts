// How sure a decision is: a calibrated probability that the chosen session is the right one, from
// the score margin between the first and second session and from how well the router's signals
// have matched finished tasks in this workspace; the leading sessions' probabilities, for a UI
// to say "close call: backend 0.41, api 0.38".

import type { SignalReliability } from './signalReliability';
import { SIGNAL_NAMES } from './signalReliability';
import type { RankedSession, RouteConfidence, SessionProbability } from './types';

/**
 * Logistic calibration P(right) = σ(INTERCEPT + MARGIN × margin + EVIDENCE × evidence), fitted by
 * maximum likelihood on the 3,400 decisions of the generated traces of `npm run bench:routing`, where
 * `evidence` is the best precision any signal has shown on finished tasks here (0.5 before any).
 * `npm run bench:routing` refits it and prints accuracy by confidence bucket on the real traces.
 */
export const CONFIDENCE_CALIBRATION = { intercept: 0.028, margin: 1.192, evidence: 0.778 } as const;

/** The runner-up is this close to the leader (in probability) for a close call. */
const CLOSE_CALL_RATIO = 0.75;
const LEADERS = 3;

/** The best precision any signal has shown (what the router's evidence is worth here). */
export function evidenceQuality(reliability: SignalReliability): number {
  let best = 0;
  for (const s of SIGNAL_NAMES) best = Math.max(best, reliability.precision(s));
  return best;
}

/** The confidence of a ranking whose first session was chosen (ranked best first). */
export function rankingConfidence(ranked: readonly RankedSession[], evidence: number): RouteConfidence | undefined {
  const first = ranked[0];
  if (first === undefined) return undefined;
  const second = ranked[1];
  const margin = second === undefined ? Math.max(0, first.score) : first.score - second.score;
  const c = CONFIDENCE_CALIBRATION;
  const value = sigmoid(c.intercept + c.margin * margin + c.evidence * evidence);
  // Which session is the one: shares ∝ exp(MARGIN × score), the odds the calibration gives two
  // sessions that far apart (computed from the first's score, so nothing overflows).
  let total = 0;
  for (const r of ranked) total += Math.exp(c.margin * (r.score - first.score));
  const leaders: SessionProbability[] = [];
  for (let i = 0; i < ranked.length && i < LEADERS; i++) {
    const r = ranked[i] as RankedSession;
    leaders.push({ sessionId: r.sessionId, probability: round(Math.exp(c.margin * (r.score - first.score)) / total) });
  }
  const lead = leaders[0]?.probability ?? 0;
  const runnerUp = leaders[1]?.probability ?? 0;
  return {
    value: round(value),
    level: value >= 0.8 ? 'high' : value >= 0.6 ? 'medium' : 'low',
    margin: round(margin),
    closeCall: runnerUp > 0 && runnerUp >= CLOSE_CALL_RATIO * lead,
    leaders,
  };
}

/** "close call: backend 0.41, api 0.38" (with the caller's names for the sessions). */
export function closeCallText(c: RouteConfidence, nameOf: (sessionId: string) => string = (id) => id): string {
  const lead = c.leaders
    .slice(0, 2)
    .map((l) => `${nameOf(l.sessionId)} ${l.probability.toFixed(2)}`)
    .join(', ');
  return c.closeCall ? `close call: ${lead}` : `${c.level} confidence: ${lead}`;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
