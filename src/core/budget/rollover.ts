// Roll Over Session: a handoff summary of the old session (from the agent's own Claude Code
// transcript under the HOME / CLAUDE_CONFIG_DIR the agent ran with, else from the session's own
// transcript), a new session in the same folder and specialty seeded with it, the old one stopped.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { defaultClaudeDirs, encodeProjectDir } from './claudeDirs';
import { extractHandoffSummaryFromFile, formatHandoffSummary, type HandoffSummary } from './handoffSummary';
import type { SessionManager } from '../sessions/sessionManager';
import type { SessionRecord } from '../sessions/sessionTypes';
import type { TranscriptEntry } from '../sessions/transcriptStore';

/** Where the agent's own transcript of a Claude session lives, given the environment it ran with. */
export function claudeTranscriptCandidates(
  record: Pick<SessionRecord, 'folder' | 'conversationId'>,
  agentEnv: Readonly<Record<string, string>>,
  processEnv: Readonly<Record<string, string | undefined>>,
  home: string,
): string[] {
  if (!record.conversationId) return [];
  let dirs: string[];
  if (agentEnv.CLAUDE_CONFIG_DIR)
    dirs = agentEnv.CLAUDE_CONFIG_DIR.split(',')
      .map((d) => d.trim())
      .filter(Boolean);
  else if (agentEnv.HOME) dirs = [join(agentEnv.HOME, '.claude')];
  else dirs = defaultClaudeDirs(processEnv, home);
  return dirs.map((d) => join(d, 'projects', encodeProjectDir(record.folder), `${record.conversationId}.jsonl`));
}

/** A handoff summary from the session's own transcript (any agent). */
export function summaryFromSessionTranscript(entries: readonly TranscriptEntry[], folder: string): HandoffSummary {
  const s: HandoffSummary = {
    title: null,
    cwd: folder,
    requests: [],
    earlierSummary: null,
    filesEdited: [],
    filesRead: [],
    commands: [],
    decisions: [],
    openProblems: [],
    lastAnswer: null,
  };
  const add = (list: string[], v: string, max: number): void => {
    const i = list.indexOf(v);
    if (i !== -1) list.splice(i, 1);
    list.push(v);
    if (list.length > max) list.shift();
  };
  const clip = (t: string, n = 300): string => {
    const one = t.replace(/\s+/g, ' ').trim();
    return one.length > n ? `${one.slice(0, n - 1)}…` : one;
  };
  for (const { item } of entries) {
    if (item.type === 'task_start') {
      s.title ??= clip(item.text, 80);
      add(s.requests, clip(item.text), 6);
    } else if (item.type === 'task_end' && item.status === 'failed' && item.error) {
      add(s.openProblems, clip(item.error), 6);
    } else if (item.type === 'tool_use') {
      for (const f of item.files) add(f.access === 'edit' ? s.filesEdited : s.filesRead, f.path, 30);
      const cmd = item.input.command;
      if (typeof cmd === 'string') add(s.commands, clip(cmd, 120), 10);
    } else if (item.type === 'text' && !item.isSidechain) {
      s.lastAnswer = clip(item.text, 1200);
    } else if (item.type === 'tool_result' && item.isError) {
      add(s.openProblems, clip(item.text, 200), 6);
    }
  }
  return s;
}

export interface HandoffText {
  text: string;
  source: string;
}

/** The handoff of a session: the agent's own JSONL when it exists (richer: compaction summaries, decisions), else ours. */
export async function handoffFor(
  manager: SessionManager,
  record: SessionRecord,
  agentEnv: Readonly<Record<string, string>>,
): Promise<HandoffText> {
  if (record.agent === 'claude') {
    for (const path of claudeTranscriptCandidates(record, agentEnv, process.env, homedir())) {
      if (!existsSync(path)) continue;
      const summary = await extractHandoffSummaryFromFile(path);
      if (summary.requests.length > 0 || summary.lastAnswer != null) return { text: formatHandoffSummary(summary), source: path };
    }
  }
  const entries = await manager.transcript(record.id);
  return { text: formatHandoffSummary(summaryFromSessionTranscript(entries, record.folder)), source: 'session transcript' };
}

/** `backend` → `backend (2)`, `backend (2)` → `backend (3)`, avoiding names in use. */
export function rolloverName(name: string, taken: ReadonlySet<string>): string {
  const m = /^(.*) \((\d+)\)$/.exec(name);
  const base = m?.[1] ?? name;
  let n = m ? Number(m[2]) + 1 : 2;
  while (taken.has(`${base} (${n})`)) n += 1;
  return `${base} (${n})`;
}

/** The first task of the new session: the handoff and what to do with it. */
export function seedTaskText(handoff: string, oldName: string): string {
  return `${handoff}\n\n---\nYou are taking over from the session "${oldName}", whose context window was nearly full. The handoff above summarises its work. Keep it in mind for the next tasks; for now reply with one short line confirming you have read it.`;
}
