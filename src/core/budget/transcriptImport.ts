// Imports Claude Code transcripts (`<claude dir>/projects/**.jsonl`) as sessions with their usage
// totals, estimated cost and current context fill. Files are streamed line by line, scanned
// concurrently, then deduplicated across files in ccusage 18.0.11's order (files by earliest
// timestamp, first `messageId:requestId` wins) so totals equal `ccusage session` on the same files.

import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ccusageSessionKey } from './ccusageEntry';
import { listTranscriptFiles, type SkippedPath, type TranscriptFile, type WalkLimits } from './claudeDirs';
import { scanTranscriptFile, type FileScan } from './transcriptScan';
import { addTotals, emptyTotals, type ContextFill, type UsageTotals } from './usageTypes';
import { resolveContextWindow } from './modelWindows';

export interface ImportOptions {
  /** Bounds of the folder walk (depth, files, folders); see `listTranscriptFiles`. */
  limits?: WalkLimits;
  /** Claude config dirs (each holding `projects/`); see `defaultClaudeDirs`. */
  claudeDirs: readonly string[];
  /** Only these workspace folders' transcripts; all when absent. */
  folders?: readonly string[];
  /** Files scanned at once (default 4). */
  concurrency?: number;
  /**
   * Scans kept between imports: a file whose size and mtime are unchanged is not read again
   * (transcripts only grow, so a periodic refresh re-reads just the active ones).
   */
  cache?: TranscriptScanCache;
}

/** Per-file scans by path, reused while the file's size and mtime are unchanged. */
export type TranscriptScanCache = Map<string, { size: number; mtimeMs: number; scan: FileScan }>;

/** Usage of one transcript file after cross-file dedup. */
export interface TranscriptFileUsage {
  path: string;
  /** Path below `projects/`, `/`-separated. */
  relativePath: string;
  /** The group ccusage's `session` report puts this file in. */
  ccusageKey: { sessionId: string; projectPath: string };
  totals: UsageTotals;
  costUsd: number;
  /** Usage entries counted here (after dedup) and dropped as duplicates of earlier files' entries. */
  counted: number;
  duplicates: number;
  garbageLines: number;
}

/** One conversation: its main `<id>.jsonl` plus any subagent files under `<id>/`. */
export interface ImportedSession {
  sessionId: string;
  /** Encoded `projects/` dir name. */
  projectDir: string;
  /** The working folder (`cwd` of its lines), when recorded. */
  projectPath: string | null;
  title: string | null;
  files: string[];
  firstTimestamp: string | null;
  lastTimestamp: string | null;
  totals: UsageTotals;
  costUsd: number;
  /** Model of the last main-chain request. */
  model: string | null;
  models: string[];
  fill: ContextFill;
  compactions: number;
  garbageLines: number;
}

export interface ImportResult {
  sessions: ImportedSession[];
  files: TranscriptFileUsage[];
  /** Unreadable files or folders, each naming the path and the cause. */
  errors: string[];
  /** Folders and files the walk did not enter or count: link loops, second links to one file, limits. */
  skipped: SkippedPath[];
}

interface Scanned {
  file: TranscriptFile;
  order: number;
  scan: FileScan;
}

/** Scans every transcript under the given dirs; never throws for a bad file (see `errors`). */
export async function importClaudeTranscripts(options: ImportOptions): Promise<ImportResult> {
  const listed = await listTranscriptFiles(options.claudeDirs, {
    ...options.limits,
    ...(options.folders == null ? {} : { folders: options.folders }),
  });
  const errors = [...listed.errors];
  const scanned: Scanned[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < listed.files.length) {
      const order = next++;
      const file = listed.files[order];
      if (file == null) continue;
      try {
        scanned.push({ file, order, scan: await scanCached(file, options.cache) });
      } catch (e) {
        errors.push(`${file.path}: ${(e as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  if (options.cache != null) {
    const listedPaths = new Set(listed.files.map(cacheKey));
    for (const path of options.cache.keys()) if (!listedPaths.has(path)) options.cache.delete(path);
  }

  // ccusage processes files by earliest timestamp (files without one last); the first entry with a key wins.
  scanned.sort((a, b) => {
    const ea = a.scan.earliestMs;
    const eb = b.scan.earliestMs;
    if (ea == null && eb == null) return a.order - b.order;
    if (ea == null) return 1;
    if (eb == null) return -1;
    return ea - eb || a.order - b.order;
  });
  const seen = new Set<string>();
  const files: TranscriptFileUsage[] = [];
  const sessions = new Map<string, { session: ImportedSession; models: Set<string>; hasMain: boolean }>();
  for (const { file, scan } of scanned) {
    const usage: TranscriptFileUsage = {
      path: file.path,
      relativePath: file.segments.join('/'),
      ccusageKey: ccusageSessionKey(file.segments),
      totals: emptyTotals(),
      costUsd: 0,
      counted: 0,
      duplicates: 0,
      garbageLines: scan.garbageLines,
    };
    const models = new Set<string>();
    for (const e of scan.entries) {
      if (e.key != null) {
        if (seen.has(e.key)) {
          usage.duplicates++;
          continue;
        }
        seen.add(e.key);
      }
      usage.counted++;
      usage.totals.inputTokens += e.input;
      usage.totals.outputTokens += e.output;
      usage.totals.cacheCreationTokens += e.cacheCreation;
      usage.totals.cacheReadTokens += e.cacheRead;
      usage.costUsd += e.cost;
      if (e.model != null && e.model !== '<synthetic>') models.add(e.model);
    }
    files.push(usage);
    mergeIntoSession(sessions, file, scan, usage, models);
  }
  const list = [...sessions.values()].map(({ session, models }) => ({ ...session, models: [...models].sort() }));
  list.sort((a, b) => (b.lastTimestamp ?? '').localeCompare(a.lastTimestamp ?? '') || a.sessionId.localeCompare(b.sessionId));
  return { sessions: list, files, errors, skipped: listed.skipped };
}

/** The cache key of a file: its path, or its raw bytes when the path shown is an escaped rendering. */
function cacheKey(file: TranscriptFile): string {
  return file.fsPath ? `\u0000${file.fsPath.toString('hex')}` : file.path;
}

async function scanCached(file: TranscriptFile, cache: TranscriptScanCache | undefined): Promise<FileScan> {
  const path = file.fsPath ?? file.path;
  if (cache == null) return scanTranscriptFile(path);
  const key = cacheKey(file);
  const info = await stat(path);
  const hit = cache.get(key);
  if (hit != null && hit.size === info.size && hit.mtimeMs === info.mtimeMs) return hit.scan;
  const scan = await scanTranscriptFile(path);
  cache.set(key, { size: info.size, mtimeMs: info.mtimeMs, scan });
  return scan;
}

function mergeIntoSession(
  sessions: Map<string, { session: ImportedSession; models: Set<string>; hasMain: boolean }>,
  file: TranscriptFile,
  scan: FileScan,
  usage: TranscriptFileUsage,
  models: Set<string>,
): void {
  const projectDir = file.segments.length > 1 ? (file.segments[0] ?? '') : '';
  const isMain = file.segments.length <= 2;
  const idSegment = file.segments.length >= 2 ? (file.segments[1] ?? '') : (file.segments[0] ?? '');
  const sessionId = isMain ? basename(idSegment, '.jsonl') : idSegment;
  const key = `${file.projectsDir}\u0000${projectDir}\u0000${sessionId}`;
  let slot = sessions.get(key);
  if (slot == null) {
    const { window, source } = resolveContextWindow(null, null);
    slot = {
      session: {
        sessionId,
        projectDir,
        projectPath: null,
        title: null,
        files: [],
        firstTimestamp: null,
        lastTimestamp: null,
        totals: emptyTotals(),
        costUsd: 0,
        model: null,
        models: [],
        fill: { usedTokens: null, window, windowSource: source, fraction: null, source: 'none', model: null },
        compactions: 0,
        garbageLines: 0,
      },
      models: new Set(),
      hasMain: false,
    };
    sessions.set(key, slot);
  }
  const s = slot.session;
  s.files.push(file.path);
  addTotals(s.totals, usage.totals);
  s.costUsd += usage.costUsd;
  s.garbageLines += scan.garbageLines;
  for (const m of models) slot.models.add(m);
  if (scan.firstTimestamp != null && (s.firstTimestamp == null || scan.firstTimestamp < s.firstTimestamp))
    s.firstTimestamp = scan.firstTimestamp;
  if (scan.lastTimestamp != null && (s.lastTimestamp == null || scan.lastTimestamp > s.lastTimestamp)) s.lastTimestamp = scan.lastTimestamp;
  if (isMain) {
    slot.hasMain = true;
    s.fill = scan.fill;
    s.model = scan.fill.model;
    s.compactions = scan.compactions;
    s.title = scan.title;
    s.projectPath = scan.cwd ?? s.projectPath;
  } else if (!slot.hasMain && s.projectPath == null) {
    s.projectPath = scan.cwd;
  }
}
