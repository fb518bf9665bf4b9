// Codex's context figures from its session log (`$CODEX_HOME/sessions/YYYY/MM/DD/rollout-*-<thread>.jsonl`):
// the last `token_count` event's `last_token_usage` and `model_context_window` give the fill, its
// cumulative `total_token_usage` the totals; `turn_context` names the model.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { codexContextFill, type CodexTokenInfo } from './contextMeter';
import { codexTotals, type CodexTokenTotals } from './agentTotals';
import { forEachLine } from './lineReader';
import type { ContextFill, UsageTotals } from './usageTypes';

export interface CodexRolloutBudget {
  threadId: string | null;
  cwd: string | null;
  model: string | null;
  fill: ContextFill;
  totals: UsageTotals;
  /** Lines that were not JSON objects. */
  garbageLines: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Reads a rollout file line by line; tolerant of garbage and of `info: null` token events. */
export async function readCodexRollout(path: string): Promise<CodexRolloutBudget> {
  let threadId: string | null = null;
  let cwd: string | null = null;
  let model: string | null = null;
  let info: CodexTokenInfo | null = null;
  let total: CodexTokenTotals | null = null;
  let garbageLines = 0;
  await forEachLine(path, (line) => {
    if (line == null || !/\S/.test(line)) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      garbageLines++;
      return;
    }
    if (!isObj(json) || !isObj(json.payload)) return;
    const p = json.payload;
    if (json.type === 'session_meta') {
      if (typeof p.id === 'string') threadId = p.id;
      if (typeof p.cwd === 'string') cwd = p.cwd;
    } else if (json.type === 'turn_context') {
      if (typeof p.model === 'string') model = p.model;
      if (typeof p.cwd === 'string') cwd = p.cwd;
    } else if (json.type === 'event_msg' && p.type === 'token_count' && isObj(p.info)) {
      info = p.info as CodexTokenInfo;
      if (isObj(p.info.total_token_usage)) total = p.info.total_token_usage as CodexTokenTotals;
    }
  });
  return { threadId, cwd, model, fill: codexContextFill(info, model), totals: codexTotals(total), garbageLines };
}

/** `sessions/YYYY/MM/DD` folders a rollout written around `near` can be in (local and UTC dates, that day and the one before). */
function dayFolders(codexHome: string, near: Date): string[] {
  const out = new Set<string>();
  const pad = (n: number): string => String(n).padStart(2, '0');
  for (const back of [0, 1]) {
    const d = new Date(near.getTime() - back * 86_400_000);
    out.add(join(codexHome, 'sessions', String(d.getFullYear()), pad(d.getMonth() + 1), pad(d.getDate())));
    out.add(join(codexHome, 'sessions', String(d.getUTCFullYear()), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())));
  }
  return [...out];
}

/**
 * The rollout file of a thread under `codexHome` (sessions/ and archived_sessions/), the newest if
 * several; null if none. With `near` (when the thread last ran) the day folders around it are looked
 * at first, so a long history is walked only when the file is elsewhere.
 */
export async function findCodexRollout(codexHome: string, threadId: string, near?: Date): Promise<string | null> {
  const suffix = `-${threadId}.jsonl`;
  if (near) {
    const hits: string[] = [];
    for (const dir of dayFolders(codexHome, near)) {
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const n of names) if (n.startsWith('rollout-') && n.endsWith(suffix)) hits.push(join(dir, n));
    }
    if (hits.length > 0) return hits.sort().at(-1) ?? null;
  }
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory() && depth < 4) await walk(p, depth + 1);
      else if (e.isFile() && e.name.startsWith('rollout-') && e.name.endsWith(suffix)) found.push(p);
    }
  };
  await walk(join(codexHome, 'sessions'), 0);
  await walk(join(codexHome, 'archived_sessions'), 0);
  found.sort();
  return found.at(-1) ?? null;
}
