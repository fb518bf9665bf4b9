// Learned fixes and metrics over the wire: the host forwards diagnostics and fix settings, asks for
// the dashboard's fix list and metrics, remembers fixes by hand, imports and exports; the
// orchestrator says when fixes or metrics changed and asks the host to show a fix beside the code.
import { notificationType, requestType } from './rpc';

/** A diagnostic as the host forwards it (0-based, LSP-shaped). */
export interface WireDiagnostic {
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  source?: string;
  code?: string | number;
  severity: 'error' | 'warning' | 'information' | 'hint';
}

export interface FileDiagnostics {
  /** The document URI as the language client sends it (`file:///…`). */
  uri: string;
  /** The file's complete current diagnostics (errors only are forwarded; an empty list clears). */
  diagnostics: WireDiagnostic[];
}

export type FixSortName = 'success' | 'recency' | 'uses';

export interface FixCountsView {
  offered: number;
  applied: number;
  succeeded: number;
  failed: number;
}

/** One row of the dashboard's fix list. */
export interface FixSummaryView {
  id: string;
  title: string;
  language: string;
  source: string;
  code: string;
  origin: 'diagnostic' | 'agent' | 'manual' | 'agent-reported';
  successRate: number;
  counts: FixCountsView;
  createdAt: number;
  lastUsedAt: number;
}

/** One fix in full: its diff and history. */
export interface FixDetailView extends FixSummaryView {
  message: string;
  normalized: string;
  diff: string;
  file?: string;
  sessionId?: string;
  taskId?: string;
  history: { at: number; event: string }[];
}

export interface FixListQuery {
  text?: string;
  sort?: FixSortName;
  limit?: number;
}

export interface FixList {
  items: FixSummaryView[];
  /** Fixes matching the query (items may be fewer when limited). */
  matching: number;
  /** All stored fixes. */
  total: number;
  /** Why the store is not available (untrusted workspace, fixes disabled, unreadable file). */
  unavailable?: string;
}

export interface SkippedImportView {
  index: number;
  id?: string;
  reason: string;
}

export interface FixImportReportView {
  added: number;
  merged: number;
  skipped: SkippedImportView[];
  error?: string;
}

export interface RememberFixParams {
  uri: string;
  diagnostic: WireDiagnostic;
}

export interface RememberFixResult {
  /** Watching: the fix is learned when this error clears after an edit. */
  watching: boolean;
  /** Why not (file not open, fixes disabled). */
  reason?: string;
}

/** Host → orchestrator: new text for a fix's editable parts; an absent field is left as it is. */
export interface EditFixParams {
  id: string;
  /** One line, trimmed; not empty. */
  title?: string;
  /** A unified diff with at least one changed line. */
  diff?: string;
}

/** Which input an edit was refused for (the dashboard shows the error beside it). */
export type EditFixField = 'id' | 'title' | 'diff';

/** The saved fix, or why nothing was saved (the stored fix is then unchanged). */
export type EditFixResult = { ok: true; fix: FixDetailView } | { ok: false; error: string; field: EditFixField };

/** Orchestrator → host: what to show for "Show learned fix". */
export interface ShowFixParams {
  uri: string;
  fix: FixDetailView;
}

/** Host → orchestrator: a file's current error diagnostics (from vscode.languages.onDidChangeDiagnostics). */
export const FileDiagnosticsNotification = notificationType<FileDiagnostics>('affinity/fixes/diagnostics');
export const ListFixesRequest = requestType<FixListQuery, FixList>('affinity/fixes/list');
export const GetFixRequest = requestType<{ id: string }, FixDetailView | null>('affinity/fixes/get');
export const DeleteFixesRequest = requestType<{ ids: string[] }, number>('affinity/fixes/delete');
/** Edits a fix's title or diff; bad input is answered with the reason, never thrown. */
export const EditFixRequest = requestType<EditFixParams, EditFixResult>('affinity/fixes/edit');
/** The export file's text (all fixes). */
export const ExportFixesRequest = requestType<void, string>('affinity/fixes/export');
export const ImportFixesRequest = requestType<{ text: string }, FixImportReportView>('affinity/fixes/import');
/** Starts watching a diagnostic: the edit that clears it is learned as a manual fix. */
export const RememberFixRequest = requestType<RememberFixParams, RememberFixResult>('affinity/fixes/remember');

/** Orchestrator → host: fixes were learned, changed or removed (debounced). */
export const FixesChangedNotification = notificationType<{ total: number }>('affinity/fixes/changed');
/** Orchestrator → host: a fix was learned by hand (after Remember Fix). */
export const FixRememberedNotification = notificationType<{ uri: string; title: string }>('affinity/fixes/remembered');
/** Orchestrator → host: open the fix's diff beside the code. */
export const ShowFixNotification = notificationType<ShowFixParams>('affinity/fixes/show');

/** Commands the orchestrator declares (executeCommandProvider); code actions carry them. */
export const FixServerCommands = {
  /** Arguments: [AppliedFixArgs]. Counts the use and starts verification. */
  applied: 'agentAffinity.learnedFix.applied',
  /** Arguments: [{ fixId, uri }]. Asks the host to show the fix. */
  show: 'agentAffinity.learnedFix.show',
} as const;

export interface AppliedFixArgs {
  fixId: string;
  uri: string;
  languageId: string;
  signatureKey: string;
  line: number;
}
