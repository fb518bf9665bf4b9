// A heuristic handoff summary of a Claude Code transcript, to seed the session that takes over on
// rollover: what was asked, files edited and read, commands run, decisions stated, open problems
// (failed tool results and "still failing / TODO" remarks near the end) and the last answer.

import { forEachLine } from './lineReader';

export interface HandoffSummary {
  title: string | null;
  cwd: string | null;
  /** User requests, oldest first (first one and the most recent ones). */
  requests: string[];
  /** Text of the last compaction summary, if the session was compacted. */
  earlierSummary: string | null;
  filesEdited: string[];
  filesRead: string[];
  commands: string[];
  decisions: string[];
  openProblems: string[];
  lastAnswer: string | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

const EDIT_TOOLS = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);
const DECISION =
  /\b(decided|decision|i'll use|we'll use|will use|going with|instead of|chose|choosing|prefer|the approach|the fix is|root cause)\b/i;
const PROBLEM =
  /\b(todo|still (?:fail|broken|red)|not yet|remaining|unresolved|doesn't work|does not work|blocked|could not|couldn't|next step|open question|failing)\b/i;
const MAX_TEXT = 300;

function clip(s: string, n = MAX_TEXT): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 12);
}

function pushRecent(list: string[], item: string, max: number): void {
  const i = list.indexOf(item);
  if (i !== -1) list.splice(i, 1);
  list.push(item);
  if (list.length > max) list.shift();
}

/** Incremental extractor: feed transcript lines, then `result()`. Garbage lines are ignored. */
export class HandoffExtractor {
  private title: string | null = null;
  private cwd: string | null = null;
  private firstRequest: string | null = null;
  private readonly recentRequests: string[] = [];
  private earlierSummary: string | null = null;
  private readonly edited: string[] = [];
  private readonly read: string[] = [];
  private readonly commands: string[] = [];
  private readonly decisions: string[] = [];
  private readonly problems: string[] = [];
  private lastAnswer: string | null = null;
  private readonly toolNames = new Map<string, string>();

  addLine(line: string): void {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return;
    }
    if (!isObj(json) || json.isSidechain === true) return;
    if (typeof json.cwd === 'string') this.cwd = json.cwd;
    if (json.type === 'custom-title' && typeof json.customTitle === 'string') this.title = json.customTitle;
    else if (json.type === 'summary' && typeof json.summary === 'string' && this.title == null) this.title = json.summary;
    const message = json.message;
    if (!isObj(message)) return;
    if (json.type === 'user') this.addUser(json, message);
    else if (json.type === 'assistant') this.addAssistant(message);
  }

  result(): HandoffSummary {
    const requests = this.firstRequest == null ? [] : [this.firstRequest, ...this.recentRequests.filter((r) => r !== this.firstRequest)];
    return {
      title: this.title,
      cwd: this.cwd,
      requests,
      earlierSummary: this.earlierSummary,
      filesEdited: [...this.edited],
      filesRead: this.read.filter((f) => !this.edited.includes(f)),
      commands: [...this.commands],
      decisions: [...this.decisions],
      openProblems: [...this.problems],
      lastAnswer: this.lastAnswer,
    };
  }

  private relative(path: string): string {
    return this.cwd != null && path.startsWith(`${this.cwd}/`) ? path.slice(this.cwd.length + 1) : path;
  }

  private addUser(json: Obj, message: Obj): void {
    const content = message.content;
    const texts: string[] = [];
    if (typeof content === 'string') texts.push(content);
    else if (Array.isArray(content)) {
      for (const block of content) {
        if (!isObj(block)) continue;
        if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
        if (block.type === 'tool_result') this.addToolResult(block);
      }
    }
    const text = texts.join('\n').trim();
    if (text === '') return;
    if (json.isCompactSummary === true) {
      this.earlierSummary = clip(text, 1200);
      return;
    }
    // Slash-command wrappers, hook output and meta lines are not requests.
    if (json.isMeta === true || /^<(command-|local-command|system-reminder)/.test(text)) return;
    const req = clip(text);
    this.firstRequest ??= req;
    pushRecent(this.recentRequests, req, 4);
  }

  private addToolResult(block: Obj): void {
    if (block.is_error !== true) return;
    const c = block.content;
    const text =
      typeof c === 'string' ? c : Array.isArray(c) ? c.map((x) => (isObj(x) && typeof x.text === 'string' ? x.text : '')).join(' ') : '';
    const tool = typeof block.tool_use_id === 'string' ? this.toolNames.get(block.tool_use_id) : undefined;
    if (text.trim() !== '') pushRecent(this.problems, clip(`${tool ?? 'Tool'} failed: ${text}`, 200), 6);
  }

  private addAssistant(message: Obj): void {
    const content = message.content;
    if (!Array.isArray(content)) return;
    for (const block of content) {
      if (!isObj(block)) continue;
      if (block.type === 'text' && typeof block.text === 'string' && block.text.trim() !== '') {
        this.lastAnswer = clip(block.text, 600);
        for (const s of sentences(block.text)) {
          if (DECISION.test(s)) pushRecent(this.decisions, clip(s, 200), 8);
          if (PROBLEM.test(s)) pushRecent(this.problems, clip(s, 200), 6);
        }
      } else if (block.type === 'tool_use' && typeof block.name === 'string' && isObj(block.input)) {
        if (typeof block.id === 'string') this.toolNames.set(block.id, block.name);
        const input = block.input;
        const file =
          typeof input.file_path === 'string' ? input.file_path : typeof input.notebook_path === 'string' ? input.notebook_path : null;
        if (file != null && EDIT_TOOLS.has(block.name)) pushRecent(this.edited, this.relative(file), 40);
        else if (file != null && block.name === 'Read') pushRecent(this.read, this.relative(file), 40);
        else if (block.name === 'Bash' && typeof input.command === 'string') pushRecent(this.commands, clip(input.command, 160), 10);
      }
    }
  }
}

/** Extracts the summary of a transcript given as lines. */
export function extractHandoffSummary(lines: Iterable<string>): HandoffSummary {
  const x = new HandoffExtractor();
  for (const line of lines) x.addLine(line);
  return x.result();
}

/** Extracts the summary of a transcript file, streamed line by line. */
export async function extractHandoffSummaryFromFile(path: string): Promise<HandoffSummary> {
  const x = new HandoffExtractor();
  await forEachLine(path, (line) => {
    if (line != null) x.addLine(line);
  });
  return x.result();
}

/** The summary as Markdown, to prepend to the new session's first prompt. */
export function formatHandoffSummary(s: HandoffSummary): string {
  const out: string[] = ['# Handoff from a previous session'];
  const section = (title: string, items: readonly string[]): void => {
    if (items.length === 0) return;
    out.push('', `## ${title}`, ...items.map((i) => `- ${i}`));
  };
  if (s.title != null) out.push('', `Topic: ${s.title}`);
  if (s.cwd != null) out.push(`Folder: ${s.cwd}`);
  if (s.earlierSummary != null) out.push('', '## Earlier context (compacted)', s.earlierSummary);
  section('What it was asked', s.requests);
  section('Files edited', s.filesEdited);
  section('Files read', s.filesRead.slice(-15));
  section(
    'Commands run',
    s.commands.map((c) => `\`${c}\``),
  );
  section('Decisions', s.decisions);
  section('Open problems', s.openProblems);
  if (s.lastAnswer != null) out.push('', '## Last answer', s.lastAnswer);
  return out.join('\n');
}
