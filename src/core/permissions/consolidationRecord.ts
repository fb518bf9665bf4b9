// A permission consolidation as it is kept: the files rewritten (each with its backup) and the
// last consolidation per folder (the orchestrator sends the same shape to the host; the server
// checks at compile time that the two stay identical).
import type { RuleScope } from './consolidationTypes';

export interface AppliedPermissionFile {
  path: string;
  scope: RuleScope;
  backupPath: string;
  before: number;
  after: number;
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

/** permissions.json: the last consolidation per folder. */
export interface ConsolidationsDocument {
  /** Keyed by folder path. */
  last: Record<string, ConsolidationRecord>;
}
