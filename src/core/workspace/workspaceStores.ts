// The workspace's stores, declared once as a key→spec map (STYLE.md: typed storage keys): for each
// store its file, schema version, defaults, whole-document check, the record lists checked entry
// by entry (one bad entry is set aside, not the whole file) and its file mode. Every feature opens
// its store through `openWorkspaceStore`. All are private (0600): sessions and the routing
// audit hold task texts, and the others have no reason to be readable by other users.
import { defineStore, openStoreIn, type StoreSpecs } from '../store/storeSpec';
import {
  isBoolean,
  isNumber,
  isPlainObject,
  isString,
  listOf,
  mapOf,
  nullable,
  oneOf,
  optional,
  shape,
  type Check,
} from '../store/recordChecks';
import { type JsonObject, type JsonStore, type StoreProblem } from '../store/storeTypes';
import type { BudgetsDocument, PersistedBudget } from '../budget/budgetDocument';
import type { BudgetCategorySummary, BudgetTotals, SessionBudgetSummary } from '../budget/budgetSummary';
import type { AppliedPermissionFile, ConsolidationRecord, ConsolidationsDocument } from '../permissions/consolidationRecord';
import type { AnswerRecord, AnswersDocument } from '../approvals/ruleSuggestions';
import type { AuditCandidate, RoutingAuditRecord } from '../routing/audit';
import type { RoutingDocument } from '../routing/routingDocument';
import { checkSessionRecord } from '../sessions/sessionRecordCheck';
import type { SessionsDocument, WorktreeRecord } from '../sessions/sessionTypes';

export interface WorkspaceStores {
  sessions: SessionsDocument;
  routing: RoutingDocument;
  budgets: BudgetsDocument;
  consolidations: ConsolidationsDocument;
  answers: AnswersDocument;
}

const PRIVATE = 0o600;

/** `undefined` when every named field holds the container it should; else why not (the whole file is then unusable). */
function containers(data: JsonObject, lists: readonly string[], maps: readonly string[]): string | undefined {
  for (const field of lists) if (!Array.isArray(data[field])) return `${field} is not a list`;
  for (const field of maps) if (!isPlainObject(data[field])) return `${field} is not an object`;
  return undefined;
}

const worktreeRecord = shape<WorktreeRecord>({
  workspaceFolder: isString,
  repoRoot: isString,
  path: isString,
  branch: isString,
  claudeTrustIn: optional(isString),
});

const auditRecord = shape<RoutingAuditRecord>({
  v: isNumber,
  at: isString,
  taskId: isString,
  task: isString,
  strategy: isString,
  candidates: listOf(shape<AuditCandidate>({ sessionId: isString, score: isNumber, reasons: listOf(isString) })),
  excluded: listOf(shape<RoutingAuditRecord['excluded'][number]>({ sessionId: isString, why: isString })),
  chosen: isString,
  proposed: optional(isString),
  by: isString,
  independent: isBoolean,
  newSession: optional(shape<NonNullable<RoutingAuditRecord['newSession']>>({ specialty: isString, globs: listOf(isString) })),
  confidence: optional(isNumber),
  leaders: optional(listOf(shape<NonNullable<RoutingAuditRecord['leaders']>[number]>({ sessionId: isString, probability: isNumber }))),
  closeCall: optional(isBoolean),
});

const budgetLevel: Check = oneOf('unknown', 'ok', 'warn', 'critical');

const budgetSummary = shape<SessionBudgetSummary>({
  sessionId: isString,
  agent: isString,
  usedTokens: nullable(isNumber),
  window: isNumber,
  fraction: nullable(isNumber),
  source: isString,
  model: nullable(isString),
  level: budgetLevel,
  totals: shape<BudgetTotals>({ inputTokens: isNumber, outputTokens: isNumber, cacheCreationTokens: isNumber, cacheReadTokens: isNumber }),
  costUsd: isNumber,
  breakdown: listOf(shape<BudgetCategorySummary>({ name: isString, tokens: isNumber, estimate: isBoolean })),
  headroomTokens: isNumber,
  trend: listOf(isNumber),
  updatedAt: isNumber,
  imported: optional(isBoolean),
});

const consolidationRecord = shape<ConsolidationRecord>({
  folder: isString,
  at: isNumber,
  generalize: isBoolean,
  prune: optional(isBoolean),
  files: listOf(
    shape<AppliedPermissionFile & { writtenSha256: string }>({
      path: isString,
      scope: isString,
      backupPath: isString,
      before: isNumber,
      after: isNumber,
      writtenSha256: isString,
    }),
  ),
  before: isNumber,
  after: isNumber,
  findings: isNumber,
  undoneAt: optional(isNumber),
});

const answerRecord = shape<AnswerRecord>({
  id: isString,
  folder: isString,
  rules: listOf(isString),
  extraCoverage: isString,
  allows: listOf(isNumber),
  denies: listOf(isNumber),
  examples: listOf(isString),
  state: oneOf('open', 'suggested', 'notNow', 'never', 'added'),
  suggestedAt: optional(isNumber),
});

export const workspaceStoreSpecs: StoreSpecs<WorkspaceStores> = {
  sessions: defineStore<SessionsDocument>({
    fileName: 'sessions.json',
    schemaVersion: 1,
    defaults: () => ({ sessions: [], worktrees: {} }),
    validate: (d) => containers(d, ['sessions'], ['worktrees']),
    records: [
      { field: 'sessions', noun: 'session', check: checkSessionRecord },
      { field: 'worktrees', noun: 'worktree of session', check: worktreeRecord },
    ],
    mode: PRIVATE,
  }),
  routing: defineStore<RoutingDocument>({
    fileName: 'routing.json',
    schemaVersion: 1,
    defaults: () => ({ audit: [], tracker: null }),
    validate: (d) => containers(d, ['audit'], []),
    // The tracker snapshot is checked by restoreTracker, which reports what it skips.
    records: [{ field: 'audit', noun: 'routing audit entry', check: auditRecord }],
    mode: PRIVATE,
    debounceMs: 500,
  }),
  budgets: defineStore<BudgetsDocument>({
    fileName: 'budgets.json',
    schemaVersion: 1,
    defaults: () => ({ budgets: {} }),
    validate: (d) => containers(d, [], ['budgets']),
    records: [
      {
        field: 'budgets',
        noun: 'budget of session',
        check: shape<PersistedBudget>({ summary: budgetSummary, notified: budgetLevel, windows: optional(mapOf(isNumber)) }),
      },
    ],
    mode: PRIVATE,
  }),
  consolidations: defineStore<ConsolidationsDocument>({
    fileName: 'permissions.json',
    schemaVersion: 1,
    defaults: () => ({ last: {} }),
    validate: (d) => containers(d, [], ['last']),
    records: [{ field: 'last', noun: 'consolidation record of', check: consolidationRecord }],
    mode: PRIVATE,
  }),
  answers: defineStore<AnswersDocument>({
    fileName: 'permission-answers.json',
    schemaVersion: 1,
    defaults: () => ({ answers: {} }),
    validate: (d) => containers(d, [], ['answers']),
    records: [{ field: 'answers', noun: 'permission answers of', check: answerRecord }],
    mode: PRIVATE,
    debounceMs: 500,
  }),
};

/** Opens the workspace store `key` in the workspace storage folder. */
export function openWorkspaceStore<K extends keyof WorkspaceStores>(
  storageDir: string,
  key: K,
  onProblem: (problem: StoreProblem) => void,
): Promise<JsonStore<WorkspaceStores[K]>> {
  const spec = workspaceStoreSpecs[key];
  return openStoreIn(storageDir, spec, { onProblem });
}
