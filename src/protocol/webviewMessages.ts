// Typed messages between the dashboard webview and the extension host, with guards for the
// receiving side: nothing is trusted until a guard accepts it.
import type { OrchestratorStatus } from './orchestratorState';
import type { SessionSummary } from './sessions';
import type { ConsolidationRecord } from './permissions';

/** Everything the dashboard renders; sent whole on every change (it is small). */
export interface DashboardState {
  orchestrator: OrchestratorStatus;
  extensionVersion: string;
  sessions: SessionSummary[];
  /** The last permission consolidation per folder, newest first. */
  permissions?: ConsolidationRecord[];
}

/** Host → webview. */
export type HostToWebviewMessage = { type: 'state'; state: DashboardState };

/** Webview → host. */
export type WebviewToHostMessage =
  | { type: 'ready' }
  | { type: 'restartOrchestrator' }
  | { type: 'showLogs' }
  | { type: 'createSession' }
  | { type: 'openTranscript'; sessionId: string }
  | { type: 'consolidatePermissions' }
  | { type: 'undoPermissionConsolidation' };

const webviewToHostTypes = new Set<WebviewToHostMessage['type']>(['ready', 'restartOrchestrator', 'showLogs', 'createSession', 'openTranscript', 'consolidatePermissions', 'undoPermissionConsolidation']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Accepts only the messages the webview is allowed to send. */
export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (!isRecord(value) || typeof value.type !== 'string' || !webviewToHostTypes.has(value.type as WebviewToHostMessage['type'])) return false;
  return value.type !== 'openTranscript' || typeof value.sessionId === 'string';
}

/** Accepts only the messages the host sends. */
export function isHostToWebviewMessage(value: unknown): value is HostToWebviewMessage {
  return isRecord(value) && value.type === 'state' && isRecord(value.state) && isRecord(value.state.orchestrator) && Array.isArray(value.state.sessions);
}
