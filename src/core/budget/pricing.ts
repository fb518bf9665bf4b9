// Estimated cost of model requests from a per-model list-price table (USD per million tokens).
//
// Prices: Anthropic's public pricing page (claude.com/pricing, "API" section) and the LiteLLM
// table `model_prices_and_context_window.json` that ccusage 18.0.11 ships offline, both read
// 2026-11-22; OpenAI and Google list prices from their pricing pages on the same date. Claude Code's
// own `total_cost_usd` is the same kind of list-price estimate, not a bill (subscriptions differ).
// The per-request tier rule ("above 200k tokens" prices for a category whose count in one request
// exceeds 200k) and the `costUSD` precedence follow ccusage so costs agree with it.

export interface ModelPrice {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
  /** Prices applied to the part of a category above 200k tokens in one request, when the model has them. */
  above200k?: { input: number; output: number; cacheWrite: number; cacheRead: number };
  /** Multiplier for `usage.speed === "fast"` requests. */
  fastMultiplier?: number;
}

interface PriceRule {
  test: RegExp;
  price: ModelPrice;
}

const SONNET_LONG = { input: 6, output: 22.5, cacheWrite: 7.5, cacheRead: 0.6 };

// First match wins; ids are normalised first (provider prefixes and version suffixes removed).
const RULES: readonly PriceRule[] = [
  { test: /opus-4-[5-9]|opus-[5-9]/, price: { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5, fastMultiplier: 6 } },
  { test: /opus/, price: { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 } },
  { test: /sonnet-4-[6-9]|sonnet-[5-9]/, price: { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 } },
  { test: /sonnet-4|4-sonnet/, price: { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, above200k: SONNET_LONG } },
  { test: /sonnet/, price: { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 } },
  { test: /haiku-4|4-haiku|haiku-[5-9]/, price: { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 } },
  { test: /3-5-haiku|haiku-3-5/, price: { input: 0.8, output: 4, cacheWrite: 1, cacheRead: 0.08 } },
  { test: /haiku/, price: { input: 0.25, output: 1.25, cacheWrite: 0.3, cacheRead: 0.03 } },
  { test: /gpt-5.*mini|codex-mini/, price: { input: 0.25, output: 2, cacheWrite: 0, cacheRead: 0.025 } },
  { test: /gpt-5|codex/, price: { input: 1.25, output: 10, cacheWrite: 0, cacheRead: 0.125 } },
  { test: /gemini-[0-9.]+-pro|gemini-3/, price: { input: 1.25, output: 10, cacheWrite: 0, cacheRead: 0.31 } },
  { test: /gemini.*flash/, price: { input: 0.3, output: 2.5, cacheWrite: 0, cacheRead: 0.075 } },
];

/** Lower-cased id without provider prefixes (`anthropic/`, `us.anthropic.`) or Bedrock/Vertex version suffixes. */
export function normalizeModelId(model: string): string {
  return model
    .toLowerCase()
    .replace(/\[1m\]$/, '')
    .replace(/^(?:[a-z]{2}\.)?anthropic[./]/, '')
    .replace(/^(?:openai|google|openrouter\/[a-z]+)\//, '')
    .replace(/(?:-v\d+(?::\d+)?|@\d{8})$/, '');
}

/** The list price of `model`, or null for an unknown model (its cost is then counted as 0, like ccusage). */
export function priceFor(model: string | null | undefined): ModelPrice | null {
  if (model == null || model === '' || model === '<synthetic>') return null;
  const id = normalizeModelId(model);
  for (const rule of RULES) if (rule.test.test(id)) return rule.price;
  return null;
}

export interface PricedUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

const THRESHOLD = 200_000;
const PER_TOKEN = 1e-6;

function tiered(tokens: number, base: number, above: number | undefined): number {
  if (tokens <= 0) return 0;
  if (above != null && tokens > THRESHOLD) return (tokens - THRESHOLD) * above * PER_TOKEN + THRESHOLD * base * PER_TOKEN;
  return tokens * base * PER_TOKEN;
}

/** Estimated USD cost of one request. */
export function requestCost(model: string | null | undefined, usage: PricedUsage, speed?: string): number {
  const price = priceFor(model);
  if (price == null) return 0;
  const a = price.above200k;
  const cost =
    tiered(usage.input_tokens, price.input, a?.input) +
    tiered(usage.output_tokens, price.output, a?.output) +
    tiered(usage.cache_creation_input_tokens, price.cacheWrite, a?.cacheWrite) +
    tiered(usage.cache_read_input_tokens, price.cacheRead, a?.cacheRead);
  return speed === 'fast' ? cost * (price.fastMultiplier ?? 1) : cost;
}
