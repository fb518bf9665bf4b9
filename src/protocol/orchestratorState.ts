// The orchestrator's lifecycle as the extension host sees it; shared by the status bar, the
// dashboard and the test API.

export type OrchestratorState = 'restricted' | 'starting' | 'ready' | 'crashed' | 'stopped';

/** A snapshot of the orchestrator for display. */
export interface OrchestratorStatus {
  state: OrchestratorState;
  version?: string;
  pid?: number;
  /** Epoch milliseconds when the running orchestrator started. */
  startedAt?: number;
  /** Why it crashed or stopped, in words. */
  detail?: string;
}

/** How quickly the orchestrator answers, measured by the host's periodic health request. */
export interface OrchestratorPulse {
  /** Health round trips answered since this orchestrator started. */
  checks: number;
  /** The last answered round trip, in ms. */
  lastMs?: number;
  /** The slowest answered round trip since this orchestrator started, in ms. */
  slowestMs?: number;
  /** When the last answer came (epoch ms). */
  answeredAt?: number;
  /** Set while a health request has gone unanswered longer than the stall threshold (epoch ms it was sent). */
  waitingSince?: number;
}
