// Context-window sizes of known models, used when the agent does not report the window itself
// (Claude Code's `modelUsage[model].contextWindow` and Codex's `model_context_window` win over this table).

/** Claude Code assumes this window for any model id it does not recognise; so do we. */
export const DEFAULT_CONTEXT_WINDOW = 200_000;

interface WindowRule {
  test: RegExp;
  window: number;
}

// Order matters: the first matching rule wins. Sources: Anthropic model overview (200k standard;
// 1M only when the `[1m]` long-context variant is selected, as Claude Code reports it), OpenAI model
// pages (GPT-5 family in Codex: 272k input), Google Gemini model pages (1,048,576) — checked 2026-11.
const RULES: readonly WindowRule[] = [
  { test: /\[1m\]|-1m\b/i, window: 1_000_000 },
  { test: /claude/i, window: 200_000 },
  { test: /gpt-5|codex/i, window: 272_000 },
  { test: /gpt-4\.1/i, window: 1_047_576 },
  { test: /gpt-4o|gpt-4-turbo/i, window: 128_000 },
  { test: /\bo[134](-mini|-pro)?\b/i, window: 200_000 },
  { test: /gemini/i, window: 1_048_576 },
];

/** The window of `model` from the table, or null when the model is unknown. */
export function knownContextWindow(model: string | null | undefined): number | null {
  if (model == null || model === '') return null;
  for (const rule of RULES) if (rule.test.test(model)) return rule.window;
  return null;
}

/** The best window for a session: the agent's figure, else the table, else the 200k default. */
export function resolveContextWindow(
  model: string | null | undefined,
  reported?: number | null,
): { window: number; source: 'agent' | 'table' | 'default' } {
  if (reported != null && Number.isFinite(reported) && reported > 0) return { window: reported, source: 'agent' };
  const known = knownContextWindow(model);
  if (known != null) return { window: known, source: 'table' };
  return { window: DEFAULT_CONTEXT_WINDOW, source: 'default' };
}
