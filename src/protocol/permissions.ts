// Permission consolidation over the wire (issue 4): plan the workspace's folders, apply the chosen
// file plans, undo the last consolidation, and the last consolidation per folder for the views.
// The orchestrator does all reading, consolidating and writing; the host only shows and asks.
import { notificationType, requestType } from './rpc';

export type PermissionListName = 'allow' | 'ask' | 'deny';
export type PermissionScope = 'user' | 'project' | 'local' | 'managed' | 'other';
export type PermissionAgent = 'claude' | 'gemini' | 'roo' | 'codex';

/** Why a pruned rule was an approval of one moment (mirrors the engine's OneOffEvidence). */
export interface PermissionPruneEvidence {
  kind: string;
  text: string;
  why: string;
}

/** One rewrite of one list, with its reason (mirrors the engine's Change). */
export interface PermissionChange {
  tier: 'exact' | 'generalize' | 'prune';
  kind: string;
  list: PermissionListName;
  removed: string[];
  added: string[];
  reason: string;
  coveredBy?: string;
  /** Generalizations: what the new rule allows that the old ones did not. */
  extraCoverage?: string;
  /** Pruning: why the removed rule was a one-off approval. */
  evidence?: PermissionPruneEvidence[];
}

/** Something worth knowing about the rules (conflict, credential, personal rule, cross-scope duplicate…). */
export interface PermissionFinding {
  kind: string;
  severity: 'info' | 'warning' | 'error';
  message: string;
  list?: PermissionListName;
  rule?: string;
  files?: string[];
}

/** One file of a plan: readable (with its proposed text) or not (with the reason; never written). */
export type PermissionFilePlan =
  | { ok: false; folder: string; path: string; scope: PermissionScope; error: string }
  | {
      ok: true;
      folder: string;
      path: string;
      agent: PermissionAgent;
      scope: PermissionScope;
      /** Managed settings and Codex files: findings only, never rewritten. */
      reportOnly: boolean;
      /** True when applying would change the file. */
      changed: boolean;
      before: number;
      after: number;
      originalText: string;
      newText: string;
      changes: PermissionChange[];
      findings: PermissionFinding[];
    };

export interface PermissionFolderPlan {
  folder: string;
  before: number;
  after: number;
  /** Findings across the folder's files (the same rule in several scopes). */
  findings: PermissionFinding[];
}

export interface PlanPermissionsParams {
  /** Absolute folder paths; the workspace's folders when absent. */
  folders?: string[];
  /** Opt into the generalizing tier. */
  generalize?: boolean;
  /** Opt into the pruning tier (one-off allow rules removed; never widens). */
  prune?: boolean;
  /** The risk policy: commands never widened (the setting agentAffinity.permissions.neverGeneralize). */
  neverGeneralize?: string[];
}

export interface PermissionsPlan {
  /** Names this plan in ApplyPermissionsRequest (the orchestrator keeps the texts it read). */
  planId: string;
  createdAt: number;
  generalize: boolean;
  /** The pruning tier was on. */
  prune?: boolean;
  folders: PermissionFolderPlan[];
  files: PermissionFilePlan[];
  /** A Markdown report of every file's changes and findings. */
  report: string;
}

export interface ApplyPermissionsParams {
  planId: string;
  /** The files to rewrite; every changed, writable file of the plan when absent. */
  paths?: string[];
}

export interface AppliedPermissionFile {
  path: string;
  scope: PermissionScope;
  backupPath: string;
  before: number;
  after: number;
}

export interface ApplyPermissionsResult {
  applied: AppliedPermissionFile[];
  /**
   * The index of the backups (JSON: original path, backup path, time, SHA-256), in the extension's
   * storage: backups never go into a repository. Set when a file was written.
   */
  backupIndex?: string;
  /** Files not written, each with why (changed on disk since the scan, read-only, unreadable, …). */
  refused: { path: string; reason: string }[];
}

export interface UndoPermissionsParams {
  /** The folder whose last consolidation to undo; the most recent one in any folder when absent. */
  folder?: string;
}

export interface UndoPermissionsResult {
  folder?: string;
  restored: { path: string; backupPath: string }[];
  refused: { path: string; reason: string }[];
}

/** The last consolidation applied in a folder, persisted in the workspace store. */
export interface ConsolidationRecord {
  folder: string;
  at: number;
  generalize: boolean;
  /** The pruning tier was on (one-off approvals removed). */
  prune?: boolean;
  files: (AppliedPermissionFile & { writtenSha256: string })[];
  before: number;
  after: number;
  findings: number;
  /** Set when the consolidation was undone (its backups restored). */
  undoneAt?: number;
}

/** Host → orchestrator: scan and plan (nothing is written). */
export const PlanPermissionsRequest = requestType<PlanPermissionsParams, PermissionsPlan>('affinity/permissions/plan');
/** Host → orchestrator: rewrite the chosen files of a plan, each atomically with a backup. */
export const ApplyPermissionsRequest = requestType<ApplyPermissionsParams, ApplyPermissionsResult>('affinity/permissions/apply');
/** Host → orchestrator: restore the backups of a folder's last consolidation. */
export const UndoPermissionsRequest = requestType<UndoPermissionsParams, UndoPermissionsResult>('affinity/permissions/undo');
/** Host → orchestrator: the last consolidation of each folder. */
export const LastConsolidationsRequest = requestType<void, ConsolidationRecord[]>('affinity/permissions/last');
/** Orchestrator → host: a folder's last consolidation changed (applied or undone). */
export const ConsolidationsChangedNotification = notificationType<{ records: ConsolidationRecord[] }>('affinity/permissions/changed');
