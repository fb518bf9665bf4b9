// A per-session context breakdown in the spirit of Claude Code's `/context`: memory files, files
// attached or read, conversation, free space and the reserve the agent keeps before it auto-compacts.
// Agent figures are exact; every category derived from tiktoken counts is flagged `estimate`.

import type { AgentKind } from './memoryFiles';
import type { ContextFill } from './usageTypes';

export interface BreakdownCategory {
  name: 'System & tools' | 'Memory files' | 'Files attached/read' | 'Conversation' | 'Free' | 'Auto-compact reserve';
  tokens: number;
  /** True when the figure is a tiktoken estimate (or derived from one), not the agent's own number. */
  estimate: boolean;
}

export interface ContextBreakdown {
  window: number;
  usedTokens: number;
  /** True when no agent figure exists yet (everything is estimated). */
  usedIsEstimate: boolean;
  categories: BreakdownCategory[];
  /** used / (window − reserve): how close the session is to auto-compacting. */
  fractionOfUsable: number;
}

export interface BreakdownInput {
  fill: ContextFill;
  agent: AgentKind;
  memoryTokens: number;
  attachedFileTokens: number;
  /** System prompt and tool definitions, when known (e.g. from `get_context_usage`); else the agent default. */
  systemTokens?: number;
  /** Estimated conversation tokens, used only when there is no agent figure. */
  conversationEstimate?: number;
  /** Overrides `autoCompactReserve`. */
  reserveTokens?: number;
}

/**
 * Tokens an agent keeps free before it compacts. Claude Code's `/context` shows a 33k autocompact
 * buffer on a 200k window (≈16.5 %); Codex reserves BASELINE_TOKENS = 12 000; Gemini CLI compresses
 * at 70 % of the window by default (chatCompression threshold). GUESS for windows other than 200k:
 * the same proportion.
 */
export function autoCompactReserve(agent: AgentKind, window: number): number {
  if (agent === 'claude') return Math.round(window * 0.165);
  if (agent === 'codex') return Math.min(12_000, window);
  return Math.round(window * 0.3);
}

/** Typical system prompt + tool definitions (Claude Code `/context`: 2.6k + 17.6k); an estimate. */
export function defaultSystemTokens(agent: AgentKind): number {
  if (agent === 'claude') return 20_000;
  if (agent === 'codex') return 8_000;
  return 10_000;
}

export function contextBreakdown(input: BreakdownInput): ContextBreakdown {
  const { fill } = input;
  const window = fill.window;
  const reserve = Math.min(input.reserveTokens ?? autoCompactReserve(input.agent, window), window);
  const system = input.systemTokens ?? defaultSystemTokens(input.agent);
  const known = system + input.memoryTokens + input.attachedFileTokens;
  const usedIsEstimate = fill.usedTokens == null;
  const used = fill.usedTokens ?? known + (input.conversationEstimate ?? 0);
  // With a real figure, the conversation is what remains after the estimated fixed parts.
  const conversation = Math.max(0, used - known);
  const free = Math.max(0, window - used - reserve);
  const categories: BreakdownCategory[] = [
    { name: 'System & tools', tokens: system, estimate: input.systemTokens == null },
    { name: 'Memory files', tokens: input.memoryTokens, estimate: true },
    { name: 'Files attached/read', tokens: input.attachedFileTokens, estimate: true },
    { name: 'Conversation', tokens: conversation, estimate: true },
    { name: 'Free', tokens: free, estimate: usedIsEstimate },
    { name: 'Auto-compact reserve', tokens: reserve, estimate: true },
  ];
  return { window, usedTokens: used, usedIsEstimate, categories, fractionOfUsable: window - reserve > 0 ? used / (window - reserve) : 1 };
}
