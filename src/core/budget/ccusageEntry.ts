// The transcript-line rules of ccusage 18.0.11 (node_modules/ccusage/dist/data-loader-*.js:
// `usageDataSchema`, `createUniqueHash`, `loadSessionData`), reproduced exactly so our per-session
// token totals equal its report on the same files: which lines count, the dedup key, and the
// session/project key it groups by.

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;
const VERSION = /^\d+\.\d+\.\d+/;

/** One usage-bearing transcript line that ccusage accepts. */
export interface UsageLineEntry {
  timestamp: string;
  sessionId: string | undefined;
  model: string | undefined;
  messageId: string | undefined;
  requestId: string | undefined;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  speed: string | undefined;
  costUSD: number | undefined;
}

type Obj = Record<string, unknown>;

// valibot's object(): any non-null value with typeof "object" (arrays included).
function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object';
}
function isNum(v: unknown): v is number {
  return typeof v === 'number' && !Number.isNaN(v);
}
function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.length >= 1;
}
/** valibot optional(): the key may be absent; present with any value (null included) it must validate. */
function optionalOk(o: Obj, key: string, ok: (v: unknown) => boolean): boolean {
  return !(key in o) || ok(o[key]);
}

function contentOk(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (const item of v) {
    if (!isObj(item)) return false;
    if ('text' in item && typeof item.text !== 'string') return false;
  }
  return true;
}

/** ccusage's `usageDataSchema`, as a validator: the entry, or null when ccusage would skip the line. */
export function parseUsageEntry(json: unknown): UsageLineEntry | null {
  if (!isObj(json)) return null;
  const message = json.message;
  if (!isObj(message)) return null;
  const usage = message.usage;
  if (!isObj(usage)) return null;
  if (!isNum(usage.input_tokens) || !isNum(usage.output_tokens)) return null;
  if (!optionalOk(usage, 'cache_creation_input_tokens', isNum)) return null;
  if (!optionalOk(usage, 'cache_read_input_tokens', isNum)) return null;
  if (!optionalOk(usage, 'speed', (v) => v === 'standard' || v === 'fast')) return null;
  if (!optionalOk(message, 'model', isNonEmptyString)) return null;
  if (!optionalOk(message, 'id', isNonEmptyString)) return null;
  if (!optionalOk(message, 'content', contentOk)) return null;
  const ts = json.timestamp;
  if (typeof ts !== 'string' || !TIMESTAMP.test(ts)) return null;
  if (!optionalOk(json, 'cwd', (v) => typeof v === 'string')) return null;
  if (!optionalOk(json, 'sessionId', isNonEmptyString)) return null;
  if (!optionalOk(json, 'version', (v) => typeof v === 'string' && VERSION.test(v))) return null;
  if (!optionalOk(json, 'costUSD', isNum)) return null;
  if (!optionalOk(json, 'requestId', isNonEmptyString)) return null;
  if (!optionalOk(json, 'isApiErrorMessage', (v) => typeof v === 'boolean')) return null;
  return {
    timestamp: ts,
    sessionId: json.sessionId as string | undefined,
    model: message.model as string | undefined,
    messageId: message.id as string | undefined,
    requestId: json.requestId as string | undefined,
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cacheCreationTokens: (usage.cache_creation_input_tokens as number | undefined) ?? 0,
    cacheReadTokens: (usage.cache_read_input_tokens as number | undefined) ?? 0,
    speed: usage.speed as string | undefined,
    costUSD: json.costUSD as number | undefined,
  };
}

/** ccusage's dedup key: `messageId:requestId`, or null (never deduplicated) when either is missing. */
export function usageDedupKey(e: Pick<UsageLineEntry, 'messageId' | 'requestId'>): string | null {
  if (e.messageId == null || e.requestId == null) return null;
  return `${e.messageId}:${e.requestId}`;
}

/**
 * The (sessionId, projectPath) ccusage's `session` report groups a file under, from the file's path
 * segments relative to `projects/`: the parent folder's name and the folders above it. For the usual
 * `projects/<project>/<uuid>.jsonl` layout that is ("<project>", "Unknown Project"): ccusage 18 sums all
 * conversations of a project folder into one "session".
 */
export function ccusageSessionKey(relativeSegments: readonly string[]): { sessionId: string; projectPath: string } {
  const sessionId = relativeSegments[relativeSegments.length - 2] ?? 'unknown';
  const joined = relativeSegments.slice(0, -2).join('/');
  return { sessionId, projectPath: joined.length > 0 ? joined : 'Unknown Project' };
}

/** ccusage's getEarliestTimestamp rule for one parsed line: a top-level string `timestamp` that Date accepts. */
export function lineTimeMs(json: unknown): number | null {
  if (!isObj(json)) return null;
  const ts = json.timestamp;
  if (typeof ts !== 'string') return null;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? null : ms;
}
