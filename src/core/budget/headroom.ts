// What the router and the context pack need from a budget: the tokens a session can still take
// before it auto-compacts, whether a task would overflow it, and which candidate files fit.

import type { ContextFill } from './usageTypes';

export interface BudgetView {
  fill: ContextFill;
  /** Tokens kept free before auto-compaction (see `autoCompactReserve`); 0 when absent. */
  reserveTokens?: number;
  /** Estimated fill to assume when the agent has no figure yet (memory files, system prompt…). */
  estimatedUsedTokens?: number;
}

/** Tokens left before the reserve: window − used − reserve (never negative). */
export function headroomTokens(session: BudgetView): number {
  const used = session.fill.usedTokens ?? session.estimatedUsedTokens ?? session.fill.compactedFromTokens ?? 0;
  return Math.max(0, session.fill.window - used - (session.reserveTokens ?? 0));
}

/** True when a task of `estimatedTaskTokens` would not fit in the session's headroom. */
export function wouldOverflow(session: BudgetView, estimatedTaskTokens: number): boolean {
  return Math.max(0, estimatedTaskTokens) > headroomTokens(session);
}

export interface PackCandidate {
  path: string;
  /** Higher is more relevant (routing signals). */
  relevance: number;
  tokens: number;
}

export interface ContextPack {
  files: PackCandidate[];
  totalTokens: number;
  budgetTokens: number;
  /** Relevant files left out, with why. */
  skipped: Array<{ path: string; reason: 'too-large' | 'budget-full' | 'limit' | 'irrelevant' }>;
}

export interface PackOptions {
  maxFiles?: number;
  /** Candidates at or below this relevance are left out; default 0. */
  minRelevance?: number;
}

/**
 * The most relevant candidates that fit in `budgetTokens`: by relevance (smaller first on ties),
 * each taken if it still fits, so one huge file does not crowd out the rest.
 */
export function selectContextPack(candidates: readonly PackCandidate[], budgetTokens: number, options: PackOptions = {}): ContextPack {
  const budget = Math.max(0, Math.floor(budgetTokens));
  const minRelevance = options.minRelevance ?? 0;
  const maxFiles = options.maxFiles ?? Infinity;
  const sorted = [...candidates].sort((a, b) => b.relevance - a.relevance || a.tokens - b.tokens || a.path.localeCompare(b.path));
  const pack: ContextPack = { files: [], totalTokens: 0, budgetTokens: budget, skipped: [] };
  for (const c of sorted) {
    if (!(c.relevance > minRelevance)) {
      pack.skipped.push({ path: c.path, reason: 'irrelevant' });
    } else if (pack.files.length >= maxFiles) {
      pack.skipped.push({ path: c.path, reason: 'limit' });
    } else if (c.tokens > budget) {
      pack.skipped.push({ path: c.path, reason: 'too-large' });
    } else if (pack.totalTokens + c.tokens > budget) {
      pack.skipped.push({ path: c.path, reason: 'budget-full' });
    } else {
      pack.files.push(c);
      pack.totalTokens += c.tokens;
    }
  }
  return pack;
}
