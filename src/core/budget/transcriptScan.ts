// One pass over one Claude Code transcript file: the ccusage-accepted usage entries (deduplicated
// later, across files), time range, working folder, title, and the current context fill from the
// last main-chain assistant request (compaction boundaries reset it). Garbage lines are counted, skipped.

import { ClaudeContextMeter } from './contextMeter';
import { lineTimeMs, parseUsageEntry, usageDedupKey } from './ccusageEntry';
import { forEachLine } from './lineReader';
import { requestCost } from './pricing';
import type { ContextFill } from './usageTypes';

/** A usage entry kept for the cross-file dedup pass. */
export interface ScannedEntry {
  key: string | null;
  input: number;
  output: number;
  cacheCreation: number;
  cacheRead: number;
  /** ccusage "auto" cost mode: the line's `costUSD` when present, else the pricing table. */
  cost: number;
  model: string | undefined;
}

export interface FileScan {
  entries: ScannedEntry[];
  /** ccusage's file order key: the earliest parseable top-level `timestamp`, in ms. */
  earliestMs: number | null;
  firstTimestamp: string | null;
  lastTimestamp: string | null;
  /** `sessionId` of the lines (the file name is the fallback). */
  sessionId: string | null;
  /** Last `cwd` seen: the folder the session ran in. */
  cwd: string | null;
  title: string | null;
  fill: ContextFill;
  lines: number;
  garbageLines: number;
  compactions: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const NON_BLANK = /\S/;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Scans one file. Throws only when the file cannot be opened or read. */
export async function scanTranscriptFile(filePath: string | Buffer): Promise<FileScan> {
  const meter = new ClaudeContextMeter();
  const scan: FileScan = {
    entries: [],
    earliestMs: null,
    firstTimestamp: null,
    lastTimestamp: null,
    sessionId: null,
    cwd: null,
    title: null,
    fill: meter.fill(),
    lines: 0,
    garbageLines: 0,
    compactions: 0,
  };
  let firstMs = Infinity;
  let lastMs = -Infinity;
  let customTitle: string | null = null;
  let otherTitle: string | null = null;

  await forEachLine(filePath, (line) => {
    scan.lines++;
    if (line == null) {
      scan.garbageLines++;
      return;
    }
    // ccusage skips blank lines (`trim()` empty); \S stops at the first visible character, no copy.
    if (!NON_BLANK.test(line)) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      scan.garbageLines++;
      return;
    }
    const ms = lineTimeMs(json);
    if (ms != null) {
      if (scan.earliestMs == null || ms < scan.earliestMs) scan.earliestMs = ms;
      if (ms < firstMs) {
        firstMs = ms;
        scan.firstTimestamp = (json as Obj).timestamp as string;
      }
      if (ms > lastMs) {
        lastMs = ms;
        scan.lastTimestamp = (json as Obj).timestamp as string;
      }
    }
    if (!isObj(json)) {
      scan.garbageLines++;
      return;
    }
    const entry = parseUsageEntry(json);
    if (entry != null) {
      scan.entries.push({
        key: usageDedupKey(entry),
        input: entry.inputTokens,
        output: entry.outputTokens,
        cacheCreation: entry.cacheCreationTokens,
        cacheRead: entry.cacheReadTokens,
        cost:
          entry.costUSD ??
          requestCost(
            entry.model,
            {
              input_tokens: entry.inputTokens,
              output_tokens: entry.outputTokens,
              cache_creation_input_tokens: entry.cacheCreationTokens,
              cache_read_input_tokens: entry.cacheReadTokens,
            },
            entry.speed,
          ),
        model: entry.model,
      });
    }
    if (typeof json.sessionId === 'string' && json.sessionId !== '') scan.sessionId = json.sessionId;
    if (typeof json.cwd === 'string' && json.cwd !== '') scan.cwd = json.cwd;
    const type = json.type;
    if (type === 'assistant') {
      const message = json.message;
      if (isObj(message) && isObj(message.usage) && typeof message.usage.input_tokens === 'number') {
        const u = message.usage;
        meter.recordUsage({
          messageId: typeof message.id === 'string' ? message.id : '',
          model: typeof message.model === 'string' ? message.model : '',
          input_tokens: num(u.input_tokens),
          output_tokens: num(u.output_tokens),
          cache_creation_input_tokens: num(u.cache_creation_input_tokens),
          cache_read_input_tokens: num(u.cache_read_input_tokens),
          isSidechain: json.isSidechain === true,
        });
      }
    } else if (type === 'system' && json.subtype === 'compact_boundary') {
      scan.compactions++;
      const meta = isObj(json.compactMetadata) ? json.compactMetadata : isObj(json.compact_metadata) ? json.compact_metadata : null;
      const pre =
        meta == null
          ? undefined
          : typeof meta.preTokens === 'number'
            ? meta.preTokens
            : typeof meta.pre_tokens === 'number'
              ? meta.pre_tokens
              : undefined;
      meter.recordCompaction(pre);
    } else if (type === 'custom-title' && typeof json.customTitle === 'string') {
      customTitle = json.customTitle;
    } else if (type === 'ai-title' && typeof json.aiTitle === 'string') {
      otherTitle = json.aiTitle;
    } else if (type === 'summary' && typeof json.summary === 'string' && otherTitle == null) {
      otherTitle = json.summary;
    }
  });
  scan.fill = meter.fill();
  scan.title = customTitle ?? otherTitle;
  return scan;
}
