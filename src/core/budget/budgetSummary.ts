// A session's context budget as the budget engine reports it (the orchestrator sends the same
// shape to the host; src/server/budget checks at compile time that the two stay identical).
import type { AgentKind } from '../agents/agentEvents';

export type BudgetLevelName = 'unknown' | 'ok' | 'warn' | 'critical';

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
  agent: AgentKind;
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
