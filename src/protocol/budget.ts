// Context budgets over the wire: each session's fill, breakdown, usage totals and trend as the
// orchestrator measures them, threshold notifications, import of Claude Code conversations,
// rollover with a handoff summary and the context pack for a task.
import { notificationType, requestType } from './rpc';
import type { AgentKindName, SessionRef, SessionSummary } from './sessions';

export type BudgetLevelName = 'unknown' | 'ok' | 'warn' | 'critical';

/** Where the fill figure came from; everything but `usage` is shown with a label. */
export type BudgetSourceName = 'usage' | 'aggregate' | 'compacted' | 'estimate' | 'none';

export interface BudgetCategorySummary {
  name: string;
  tokens: number;
  /** A tiktoken estimate (or derived from one), not the agent's own figure. */
  estimate: boolean;
}

export interface BudgetTotals {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
}

export interface SessionBudgetSummary {
  sessionId: string;
  agent: AgentKindName;
  /** Tokens in the window: the agent's figure, or an estimate when `source` is `estimate`. */
  usedTokens: number | null;
  window: number;
  /** usedTokens / window, or null when unknown. */
  fraction: number | null;
  source: BudgetSourceName;
  model: string | null;
  level: BudgetLevelName;
  totals: BudgetTotals;
  /** Estimated from list prices. */
  costUsd: number;
  breakdown: BudgetCategorySummary[];
  /** Tokens left before the agent's auto-compact reserve. */
  headroomTokens: number;
  /** Window fill after each answer (tokens), oldest first, at most 60. */
  trend: number[];
  updatedAt: number;
  /** The figures came from an imported Claude Code transcript. */
  imported?: boolean;
}

export interface BudgetThresholdEvent extends SessionRef {
  sessionName: string;
  level: 'warn' | 'critical';
  fraction: number;
}

export interface ImportClaudeParams {
  /** A Claude config dir (holding `projects/`); the defaults (CLAUDE_CONFIG_DIR, ~/.claude) when absent. */
  claudeDir?: string;
}

export interface ImportClaudeResult {
  /** New sessions created. */
  imported: number;
  /** Conversations already known as sessions (their budgets refreshed). */
  known: number;
  /** Transcripts for other folders, or without a conversation. */
  skipped: number;
  errors: string[];
  /** Folders and files under the transcript folders that were not read, each as `path: why`
   *  (links that loop back, second links to the same file, depth or count limits). */
  skippedPaths: string[];
  sessionIds: string[];
}

export interface RollOverResult {
  session: SessionSummary;
  /** Where the handoff came from: the agent's own transcript file, or the session's transcript. */
  handoffSource: string;
  handoffChars: number;
}

export interface ContextPackParams extends SessionRef {
  task: string;
  /** Extra candidate files (absolute paths) besides the task's mentions, open documents and the working set. */
  files?: string[];
}

export interface ContextPackFile {
  path: string;
  tokens: number;
  relevance: number;
  why: string;
}

export interface ContextPackResult {
  sessionId: string;
  /** Headroom the pack had to fit in, after the task text. */
  budgetTokens: number;
  taskTokens: number;
  files: ContextPackFile[];
  totalTokens: number;
  skipped: Array<{ path: string; reason: string }>;
  /** Token counts are tiktoken estimates. */
  estimate: true;
}

export const ListBudgetsRequest = requestType<void, SessionBudgetSummary[]>('affinity/budget/list');
export const ImportClaudeSessionsRequest = requestType<ImportClaudeParams, ImportClaudeResult>('affinity/budget/importClaude');
export const RollOverSessionRequest = requestType<SessionRef, RollOverResult>('affinity/budget/rollOver');
export const ContextPackRequest = requestType<ContextPackParams, ContextPackResult>('affinity/budget/contextPack');

/** Orchestrator → host: a session's budget changed. */
export const BudgetChangedNotification = notificationType<{ budget: SessionBudgetSummary }>('affinity/budget/changed');
/** Orchestrator → host: a session crossed a threshold upwards (once per crossing). */
export const BudgetThresholdNotification = notificationType<BudgetThresholdEvent>('affinity/budget/threshold');
