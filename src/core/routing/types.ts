// Shared value types of the routing engine: sessions as the router sees them, decisions, reasons.

/** A session as known to the router. `globs` are workspace-relative minimatch patterns. */
export interface RoutingSession {
  readonly id: string;
  /** Workspace folder name (first path segment of workspace-relative paths), or '' when unknown. */
  readonly folder: string;
  /** A short human label of the specialty, e.g. "auth+billing". */
  readonly specialty: string;
  readonly globs: readonly string[];
}

/** Tasks running and queued on a session. */
export interface SessionLoad {
  readonly running: number;
  readonly queued: number;
}

/** Optional context headroom of a session, in tokens (from the budget engine once it lands). */
export type HeadroomLookup = (sessionId: string) => number | undefined;

/** A task to route. */
export interface RouteTask {
  readonly id: string;
  readonly text: string;
  /** Marked context-independent by hand (fan-out candidate); overrides recognition when set. */
  readonly independent?: boolean;
  /** Estimated size of the task in tokens, checked against each session's headroom. */
  readonly estimatedTokens?: number;
  /** Sessions explicitly chosen by the user (manual strategy), best first. */
  readonly preferredSessions?: readonly string[];
}

/** One numbered component of a session's score, kept for explanations and audit. */
export interface ScoreComponent {
  readonly kind: ScoreComponentKind;
  readonly value: number;
  /** Plain-words explanation of the component, e.g. "edited api/auth/session.ts 4 min ago". */
  readonly reason: string;
}

export type ScoreComponentKind =
  | 'mentioned-files'
  | 'recent-edits'
  | 'open-files'
  | 'area'
  | 'specialty'
  | 'folder'
  | 'success'
  | 'load'
  | 'idle'
  | 'order'
  | 'manual'
  | 'sticky'
  | 'learned-files'
  | 'unheld-specialty'
  | 'profile'
  | 'prior'
  | 'context'
  | 'note';

/**
 * A session scored for a task. The affinity strategy words `reasons` and `components` on first
 * read (getters, the same words whenever they are read); `JSON.stringify` includes them, a spread
 * (`{ ...r }`) does not: copy them by name.
 */
export interface RankedSession {
  readonly sessionId: string;
  readonly score: number;
  /** The reasons in plain words, joined with "; " for display. */
  readonly reasons: readonly string[];
  readonly components: readonly ScoreComponent[];
}

/** A session that could not take the task, and why. */
export interface ExcludedSession {
  readonly sessionId: string;
  readonly why: string;
}

/** The proposal of a new session when none clears the confidence threshold. */
export interface NewSessionProposal {
  /** Suggested specialty label, e.g. "api/src/auth". */
  readonly specialty: string;
  /** Suggested specialty globs, e.g. ["api/src/auth/**"]. */
  readonly globs: readonly string[];
  readonly folder: string;
  readonly reason: string;
}

export interface SessionProbability {
  readonly sessionId: string;
  /** This session's share of the choice among all ranked ones (shares sum to 1 over every session). */
  readonly probability: number;
}

export type ConfidenceLevel = 'high' | 'medium' | 'low';

export interface RouteConfidence {
  /** Calibrated probability (0..1) that the chosen session is the right one. */
  readonly value: number;
  /** `high` from 0.8, `medium` from 0.6, `low` under it. */
  readonly level: ConfidenceLevel;
  /** Score of the first session minus score of the second (the first alone: its score). */
  readonly margin: number;
  /** The second session is nearly as likely as the first: worth a look before sending. */
  readonly closeCall: boolean;
  /**
   * The chosen session and the next ones (up to three in all), with how the choice splits between
   * them: "close call: backend 0.41, api 0.38". (More than one session can be right for a task,
   * so `value` is not the first share.)
   */
  readonly leaders: readonly SessionProbability[];
}

/** The router's answer for one task. */
export interface RouteDecision {
  readonly taskId: string;
  readonly strategy: string;
  /** The chosen session id, or 'new' when a new session is proposed. */
  readonly chosen: string;
  readonly ranked: readonly RankedSession[];
  readonly excluded: readonly ExcludedSession[];
  readonly newSession?: NewSessionProposal;
  readonly independent: boolean;
  /** Files the router believes the task is about, most likely first. */
  readonly targetFiles: readonly string[];
  /**
   * How sure the choice is (affinity and manual strategies, when a session was chosen for a task
   * that depends on context): a calibrated probability and the leading sessions' probabilities.
   */
  readonly confidence?: RouteConfidence;
  /** Notes about the decision in words (e.g. that only the start of a huge task text was read). */
  readonly notes: readonly string[];
}

export const NEW_SESSION = 'new';
