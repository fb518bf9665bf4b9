// Typed messages between the dashboard webview and the extension host, with guards for the
// receiving side: nothing is trusted until a guard accepts it.
import type { OrchestratorPulse, OrchestratorStatus } from './orchestratorState';
import type { SessionSummary } from './sessions';
import type { SessionBudgetSummary } from './budget';
import type { EditFixField, FixDetailView, FixImportReportView, FixList, FixSortName } from './fixes';
import type { MetricsView } from './metrics';
import type { ConsolidationRecord } from './permissions';
import type { ApprovalRequest, RuleSuggestion } from './approvals';
import type { AuditEntryView, RoutingStatusView } from './routing';

/** Everything the dashboard renders; sent whole on every change (it is small). */
export interface DashboardState {
  orchestrator: OrchestratorStatus;
  /** How quickly the running orchestrator answers (absent before the first measurement). */
  orchestratorPulse?: OrchestratorPulse;
  extensionVersion: string;
  sessions: SessionSummary[];
  /** Every session's context budget (absent before the orchestrator sent any). */
  budgets?: SessionBudgetSummary[];
  /** Learned fixes: the list for the dashboard's query, the fix being viewed, the last import's report. */
  fixes?: FixesDashboardState;
  /** The orchestrator's in-memory metrics (undefined until fetched). */
  metrics?: MetricsView;
  /** The last permission consolidation per folder, newest first. */
  permissions?: ConsolidationRecord[];
  /** The last routing decisions (audit log) and the active editor's session. */
  routing?: { audit: AuditEntryView[]; activeSessionId?: string; status?: RoutingStatusView };
  /** The permission questions agents are waiting on, oldest first. */
  approvals?: ApprovalRequest[];
  /** Rules the person's repeated Allow answers suggest, newest first. */
  ruleSuggestions?: RuleSuggestion[];
}

/** Host → webview: the state to render, or a session to bring into view (status bar, tree). */
export type HostToWebviewMessage = { type: 'state'; state: DashboardState } | { type: 'focusSession'; sessionId: string };

/** Webview → host. */
export type WebviewToHostMessage =
  | { type: 'ready' }
  | { type: 'restartOrchestrator' }
  | { type: 'showLogs' }
  | { type: 'createSession' }
  | { type: 'openTranscript'; sessionId: string }
  | { type: 'answerPermission'; sessionId: string; requestId: string; allow: boolean }
  | FixesWebviewMessage
  | { type: 'consolidatePermissions' }
  | { type: 'undoPermissionConsolidation' }
  | { type: 'ruleSuggestion'; id: string; how: 'add' | 'notNow' | 'never' };

/** Dashboard actions that spawn processes or write files, by the name a person clicks: in Restricted
 *  Mode their buttons are disabled and the host refuses them (executeCommand skips `enablement`). */
export const actionsNeedingTrust = {
  createSession: 'Create Session…',
  consolidatePermissions: 'Consolidate Permissions…',
  undoPermissionConsolidation: 'Undo Permission Consolidation',
  ruleSuggestion: 'Adding a suggested rule',
  fixEdit: 'Editing a learned fix',
  fixDelete: 'Deleting a learned fix',
  fixesExport: 'Export Learned Fixes…',
  fixesImport: 'Import Learned Fixes…',
  metricsExport: 'Export Metrics…',
  restartOrchestrator: 'Restart Orchestrator',
} as const satisfies Partial<Record<WebviewToHostMessage['type'], string>>;

export type ActionNeedingTrust = keyof typeof actionsNeedingTrust;

const webviewToHostTypes = new Set<WebviewToHostMessage['type']>([
  'ready',
  'restartOrchestrator',
  'showLogs',
  'createSession',
  'openTranscript',
  'answerPermission',
  'consolidatePermissions',
  'undoPermissionConsolidation',
  'ruleSuggestion',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Accepts only the messages the webview is allowed to send. */
export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (isFixesWebviewMessage(value)) return true;
  if (!isRecord(value) || typeof value.type !== 'string' || !webviewToHostTypes.has(value.type as WebviewToHostMessage['type']))
    return false;
  if (value.type === 'answerPermission') {
    return (
      typeof value.sessionId === 'string' &&
      value.sessionId !== '' &&
      typeof value.requestId === 'string' &&
      value.requestId !== '' &&
      typeof value.allow === 'boolean'
    );
  }
  if (value.type === 'ruleSuggestion')
    return typeof value.id === 'string' && value.id !== '' && (value.how === 'add' || value.how === 'notNow' || value.how === 'never');
  return value.type !== 'openTranscript' || typeof value.sessionId === 'string';
}

/** Accepts only the messages the host sends. */
export function isHostToWebviewMessage(value: unknown): value is HostToWebviewMessage {
  if (isRecord(value) && value.type === 'focusSession') return typeof value.sessionId === 'string' && value.sessionId !== '';
  return (
    isRecord(value) &&
    value.type === 'state' &&
    isRecord(value.state) &&
    isRecord(value.state.orchestrator) &&
    Array.isArray(value.state.sessions)
  );
}

export interface FixesDashboardState {
  query: { text: string; sort: FixSortName };
  list: FixList;
  /** The fix opened from the list, with its diff and history. */
  detail?: FixDetailView;
  /** The last import (file name and report), until the next one. */
  lastImport?: { file: string; report: FixImportReportView };
  /** The answer to the dashboard's last edit of the fix being viewed: saved, or why not. */
  edit?: FixEditStatus;
}

/** Which `fixEdit` this answers (the webview's request number) and, when nothing was saved, why. */
export interface FixEditStatus {
  id: string;
  requestId: number;
  error?: { message: string; field: EditFixField };
}

/** Limits of a `fixEdit` message (the orchestrator checks the content). */
export const FIX_EDIT_LIMITS = { title: 1_000, diff: 200_000 } as const;

/** Webview → host: the fixes and metrics sections' actions. */
export type FixesWebviewMessage =
  | { type: 'fixesQuery'; text: string; sort: FixSortName }
  | { type: 'fixShow'; id: string }
  | { type: 'fixClose' }
  | { type: 'fixDelete'; id: string }
  /** Saves new text for the viewed fix's title and diff; `requestId` comes back in the state's `edit`. */
  | { type: 'fixEdit'; id: string; requestId: number; title: string; diff: string }
  | { type: 'fixesExport' }
  | { type: 'fixesImport' }
  | { type: 'metricsExport' };

const fixSorts: readonly string[] = ['success', 'recency', 'uses'];

function isFixId(id: unknown): boolean {
  return typeof id === 'string' && id.length > 0 && id.length <= 100;
}

export function isFixesWebviewMessage(value: unknown): value is FixesWebviewMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'fixesQuery':
      return typeof value.text === 'string' && value.text.length <= 500 && typeof value.sort === 'string' && fixSorts.includes(value.sort);
    case 'fixShow':
    case 'fixDelete':
      return isFixId(value.id);
    case 'fixEdit':
      return (
        isFixId(value.id) &&
        Number.isSafeInteger(value.requestId) &&
        (value.requestId as number) >= 0 &&
        typeof value.title === 'string' &&
        value.title.length <= FIX_EDIT_LIMITS.title &&
        typeof value.diff === 'string' &&
        value.diff.length <= FIX_EDIT_LIMITS.diff
      );
    case 'fixClose':
    case 'fixesExport':
    case 'fixesImport':
    case 'metricsExport':
      return true;
    default:
      return false;
  }
}
