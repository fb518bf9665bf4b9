// Builds SessionBudgetSummary values for the host-side presentation tests.
import type { SessionBudgetSummary } from '../../../src/protocol/budget';

export function budgetSummary(over: Partial<SessionBudgetSummary> = {}): SessionBudgetSummary {
  const usedTokens = over.usedTokens === undefined ? 84_000 : over.usedTokens;
  const window = over.window ?? 200_000;
  return {
    sessionId: 's-1',
    agent: 'claude',
    usedTokens,
    window,
    fraction: usedTokens == null ? null : usedTokens / window,
    source: 'usage',
    model: 'claude-sonnet-4-5',
    level: 'ok',
    totals: { inputTokens: 1000, outputTokens: 2000, cacheCreationTokens: 3000, cacheReadTokens: 40_000 },
    costUsd: 0.42,
    breakdown: [
      { name: 'System & tools', tokens: 20_000, estimate: true },
      { name: 'Memory files', tokens: 1_500, estimate: true },
      { name: 'Files attached/read', tokens: 0, estimate: true },
      { name: 'Conversation', tokens: 62_500, estimate: true },
      { name: 'Free', tokens: 83_000, estimate: false },
      { name: 'Auto-compact reserve', tokens: 33_000, estimate: true },
    ],
    headroomTokens: 83_000,
    trend: [40_000, 84_000],
    updatedAt: 0,
    ...over,
  };
}
