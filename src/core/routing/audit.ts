// The audit record of one routing decision (task, candidates, scores, reasons, chosen, by whom),
// as appended to the workspace store's audit log.

import type { RouteDecision, RouteTask, SessionProbability } from './types';

export const AUDIT_SCHEMA_VERSION = 1;

export type DecidedBy = 'router' | 'user' | 'sticky' | 'fan-out';

export interface AuditCandidate {
  readonly sessionId: string;
  readonly score: number;
  readonly reasons: readonly string[];
}

export interface RoutingAuditRecord {
  readonly v: typeof AUDIT_SCHEMA_VERSION;
  /** ISO time of the decision. */
  readonly at: string;
  readonly taskId: string;
  readonly task: string;
  readonly strategy: string;
  readonly candidates: readonly AuditCandidate[];
  readonly excluded: readonly { readonly sessionId: string; readonly why: string }[];
  /** Session id, or 'new'. */
  readonly chosen: string;
  /** What the router proposed, when the user chose something else. */
  readonly proposed?: string;
  readonly by: DecidedBy;
  readonly independent: boolean;
  readonly newSession?: { readonly specialty: string; readonly globs: readonly string[] };
  /** The router's calibrated probability that its choice was right (absent for strategies that do not score). */
  readonly confidence?: number;
  /** The leading sessions' probabilities, and whether it was a close call. */
  readonly leaders?: readonly SessionProbability[];
  readonly closeCall?: boolean;
}

export interface AuditOptions {
  readonly at: Date;
  readonly by?: DecidedBy;
  /** The session finally used, when it differs from the router's choice (user override). */
  readonly chosen?: string;
  /** Candidates kept in the record (the rest are counted in `excluded` only when ineligible). */
  readonly maxCandidates?: number;
}

export function auditRecord(task: RouteTask, decision: RouteDecision, opts: AuditOptions): RoutingAuditRecord {
  const chosen = opts.chosen ?? decision.chosen;
  const overridden = chosen !== decision.chosen;
  const sticky = decision.ranked[0]?.components.some((c) => c.kind === 'sticky') === true;
  return {
    v: AUDIT_SCHEMA_VERSION,
    at: opts.at.toISOString(),
    taskId: task.id,
    task: task.text,
    strategy: decision.strategy,
    candidates: decision.ranked
      .slice(0, opts.maxCandidates ?? 10)
      .map((r) => ({ sessionId: r.sessionId, score: r.score, reasons: r.reasons })),
    excluded: decision.excluded,
    chosen,
    ...(overridden ? { proposed: decision.chosen } : {}),
    by: opts.by ?? (overridden ? 'user' : sticky ? 'sticky' : 'router'),
    independent: decision.independent,
    ...(decision.newSession && chosen === 'new'
      ? { newSession: { specialty: decision.newSession.specialty, globs: decision.newSession.globs } }
      : {}),
    ...(decision.confidence !== undefined
      ? { confidence: decision.confidence.value, leaders: decision.confidence.leaders, closeCall: decision.confidence.closeCall }
      : {}),
  };
}
