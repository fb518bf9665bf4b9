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
