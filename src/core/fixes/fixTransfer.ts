// Export and import of learned fixes as JSON. Import validates every entry on its own, recomputes
// signatures and ids (they are content hashes), and reports each entry it skipped with the reason.
import type { FixHistoryEntry, FixHistoryEvent, FixOrigin, FixRecord } from './fixRecord';
import { HISTORY_LIMIT, fixId } from './fixRecord';
import { signError } from './signature';
import { parseUnifiedDiff } from './unifiedDiff';

export const EXPORT_FORMAT = 'agent-affinity-fixes';
export const EXPORT_VERSION = 1;

export interface FixExportFile {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: number;
  readonly exportedAt: string;
  readonly fixes: readonly FixRecord[];
}

export interface SkippedEntry {
  /** 0-based position in the imported list. */
  readonly index: number;
  readonly id?: string;
  readonly reason: string;
}

export interface ImportPlan {
  /** Entries that are new to the store. */
  readonly added: FixRecord[];
  /** Entries the store already has: merged (counters max, earliest creation), never duplicated. */
  readonly merged: FixRecord[];
  readonly skipped: SkippedEntry[];
  /** Set when the whole file is unusable (then all lists are empty). */
  readonly error?: string;
}

const ORIGINS: readonly FixOrigin[] = ['diagnostic', 'agent', 'manual', 'agent-reported'];
const EVENTS: readonly FixHistoryEvent[] = ['created', 'applied', 'succeeded', 'failed', 'edited', 'merged'];
const MAX_MESSAGE = 10_000;
const MAX_DIFF = 200_000;
const DAY_MS = 86_400_000;

export function exportFixes(records: readonly FixRecord[], now: number): FixExportFile {
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date(now).toISOString(), fixes: records };
}

export function serializeFixExport(records: readonly FixRecord[], now: number): string {
  return JSON.stringify(exportFixes(records, now), null, 2) + '\n';
}

/** Validates an export file's text against the ids already stored; nothing is written. */
export function planFixImport(text: string, has: (id: string) => boolean, now: number): ImportPlan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { added: [], merged: [], skipped: [], error: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  let entries: unknown[];
  if (Array.isArray(data)) entries = data;
  else if (isObject(data) && data['format'] === EXPORT_FORMAT) {
    const version = data['version'];
    if (typeof version !== 'number' || version > EXPORT_VERSION)
      return {
        added: [],
        merged: [],
        skipped: [],
        error: `export version ${String(version)} is not supported (this version reads up to ${EXPORT_VERSION})`,
      };
    if (!Array.isArray(data['fixes'])) return { added: [], merged: [], skipped: [], error: '"fixes" is not a list' };
    entries = data['fixes'];
  } else
    return {
      added: [],
      merged: [],
      skipped: [],
      error: `not an Agent Affinity fix export (expected {"format":"${EXPORT_FORMAT}",…} or a list of fixes)`,
    };

  const plan: { added: FixRecord[]; merged: FixRecord[]; skipped: SkippedEntry[] } = { added: [], merged: [], skipped: [] };
  const firstAt = new Map<string, number>();
  entries.forEach((entry, index) => {
    const v = validateFixEntry(entry, now);
    if (!v.ok) {
      plan.skipped.push({ index, ...(v.id !== undefined ? { id: v.id } : {}), reason: v.reason });
      return;
    }
    const earlier = firstAt.get(v.record.id);
    if (earlier !== undefined) {
      plan.skipped.push({ index, id: v.record.id, reason: `duplicate of entry ${earlier} in this file` });
      return;
    }
    firstAt.set(v.record.id, index);
    (has(v.record.id) ? plan.merged : plan.added).push(v.record);
  });
  return plan;
}

type Validation = { ok: true; record: FixRecord } | { ok: false; reason: string; id?: string };

/** Checks one imported entry and rebuilds it as a clean record. */
export function validateFixEntry(entry: unknown, now: number): Validation {
  if (!isObject(entry)) return { ok: false, reason: 'not an object' };
  const claimedId = typeof entry['id'] === 'string' ? entry['id'] : undefined;
  const fail = (reason: string): Validation => ({ ok: false, reason, ...(claimedId !== undefined ? { id: claimedId } : {}) });
  const message = entry['message'];
  if (typeof message !== 'string' || message.trim() === '') return fail('"message" is missing or empty');
  if (message.length > MAX_MESSAGE) return fail(`"message" is longer than ${MAX_MESSAGE} characters`);
  const diff = entry['diff'];
  if (typeof diff !== 'string') return fail('"diff" is missing');
  if (diff.length > MAX_DIFF) return fail(`"diff" is longer than ${MAX_DIFF} characters`);
  const parsed = parseUnifiedDiff(diff);
  if (!parsed.ok) return fail(`"diff" is not a unified diff: ${parsed.error}`);
  const origin = entry['origin'] ?? 'manual';
  if (typeof origin !== 'string' || !ORIGINS.includes(origin as FixOrigin)) return fail(`"origin" must be one of ${ORIGINS.join(', ')}`);
  const sig = isObject(entry['signature']) ? entry['signature'] : {};
  for (const k of ['language', 'source', 'code'] as const)
    if (sig[k] !== undefined && typeof sig[k] !== 'string') return fail(`"signature.${k}" is not a string`);
  const counts = readCounts(entry['counts']);
  if (typeof counts === 'string') return fail(counts);
  const createdAt = readTime(entry['createdAt'], now, 'createdAt');
  if (typeof createdAt === 'string') return fail(createdAt);
  const lastUsedAt = readTime(entry['lastUsedAt'] ?? createdAt, now, 'lastUsedAt');
  if (typeof lastUsedAt === 'string') return fail(lastUsedAt);
  for (const k of ['title', 'file', 'sessionId', 'taskId'] as const)
    if (entry[k] !== undefined && typeof entry[k] !== 'string') return fail(`"${k}" is not a string`);
  const anchor = entry['anchorLine'];
  if (anchor !== undefined && !(Number.isInteger(anchor) && (anchor as number) >= 0))
    return fail('"anchorLine" is not a non-negative integer');

  const { signature, identifiers } = signError({
    message,
    source: typeof sig['source'] === 'string' ? sig['source'] : undefined,
    code: typeof sig['code'] === 'string' ? sig['code'] : undefined,
    languageId: typeof sig['language'] === 'string' ? sig['language'] : undefined,
    file: typeof entry['file'] === 'string' ? entry['file'] : undefined,
  });
  const str = (k: string): string | undefined => (typeof entry[k] === 'string' ? entry[k] : undefined);
  const title = str('title') ?? message.split(/\r?\n/)[0]?.slice(0, 80) ?? 'fix';
  const record: FixRecord = {
    id: fixId(signature.key, diff),
    rev: 1,
    signature,
    message,
    identifiers,
    diff,
    ...(typeof anchor === 'number' ? { anchorLine: anchor } : {}),
    ...(str('file') !== undefined ? { file: str('file') ?? '' } : {}),
    title,
    origin: origin as FixOrigin,
    ...(str('sessionId') !== undefined ? { sessionId: str('sessionId') ?? '' } : {}),
    ...(str('taskId') !== undefined ? { taskId: str('taskId') ?? '' } : {}),
    createdAt,
    lastUsedAt: Math.max(lastUsedAt, createdAt),
    counts,
    history: readHistory(entry['history'], createdAt),
  };
  return { ok: true, record };
}

function readCounts(value: unknown): FixRecord['counts'] | string {
  if (value === undefined) return { offered: 0, applied: 0, succeeded: 0, failed: 0 };
  if (!isObject(value)) return '"counts" is not an object';
  const out = { offered: 0, applied: 0, succeeded: 0, failed: 0 };
  for (const k of Object.keys(out) as Array<keyof typeof out>) {
    const n = value[k] ?? 0;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return `"counts.${k}" is not a non-negative integer`;
    out[k] = n;
  }
  return out;
}

function readTime(value: unknown, now: number, name: string): number | string {
  if (value === undefined) return now;
  const t = typeof value === 'string' ? Date.parse(value) : value;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) return `"${name}" is not a time`;
  if (t > now + DAY_MS) return `"${name}" is in the future`;
  return t;
}

function readHistory(value: unknown, createdAt: number): FixHistoryEntry[] {
  if (!Array.isArray(value)) return [{ at: createdAt, event: 'created' }];
  const out = value
    .filter(
      (h): h is FixHistoryEntry =>
        isObject(h) &&
        typeof h['at'] === 'number' &&
        Number.isFinite(h['at']) &&
        typeof h['event'] === 'string' &&
        EVENTS.includes(h['event'] as FixHistoryEvent),
    )
    .map((h) => ({ at: h.at, event: h.event }));
  return out.slice(Math.max(0, out.length - HISTORY_LIMIT));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
