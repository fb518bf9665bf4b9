// What the fixes and metrics features need from a running agent task: its tool results (errors
// the agent saw), the text of each file it edited as it was before the first edit, and the tokens
// it used. The text before is read when the tool_use event arrives; the CLI may already have run
// the tool by then (it does not wait for us), so the agent's own report of the file before the
// call (Claude Code's `originalFile`) replaces that read when it comes. Pure but for the injected
// file reader.
import { isAbsolute, resolve } from 'node:path';
import type { AgentEvent } from '../agents/agentEvents';
import type { AgentTaskEvent } from './agentCapture';

/** Reads a file's text; undefined when it does not exist or cannot be read (too big, binary). */
export type ReadText = (path: string) => string | undefined;

export interface FinishedActivity {
  readonly events: AgentTaskEvent[];
  /** Absolute path → text before the agent's first edit ('' for files it created). */
  readonly before: ReadonlyMap<string, string>;
  /** Input + output tokens, when the agent reported usage. */
  readonly tokens?: number;
}

interface Running {
  readonly cwd: string;
  readonly events: AgentTaskEvent[];
  readonly before: Map<string, string>;
  /** Path → the tool call whose edit `before` was read for (the file's first edit). */
  readonly firstEdit: Map<string, string>;
  readonly toolNames: Map<string, string>;
  /** messageId → tokens of that request (Claude repeats a message's usage per content block). */
  readonly usage: Map<string, number>;
  cumulativeFirst?: number;
  cumulativeLast?: number;
}

/** At most this many tool results are kept per task (later ones replace the oldest). */
const MAX_EVENTS = 400;
/** Tool results are kept up to this many characters (errors are near the start or the end). */
const MAX_RESULT_CHARS = 20_000;

export class TaskActivity {
  private readonly running = new Map<string, Running>();

  constructor(private readonly readText: ReadText) {}

  started(sessionId: string, taskId: string, cwd: string): void {
    this.running.set(key(sessionId, taskId), {
      cwd,
      events: [],
      before: new Map(),
      firstEdit: new Map(),
      toolNames: new Map(),
      usage: new Map(),
    });
  }

  event(sessionId: string, taskId: string, event: AgentEvent): void {
    const r = this.running.get(key(sessionId, taskId));
    if (!r) return;
    if (event.type === 'tool_use') {
      r.toolNames.set(event.toolId, event.toolName);
      for (const f of event.files) {
        if (f.access !== 'edit') continue;
        const path = isAbsolute(f.path) ? f.path : resolve(r.cwd, f.path);
        if (r.before.has(path)) continue;
        r.before.set(path, this.readText(path) ?? '');
        r.firstEdit.set(path, event.toolId);
      }
    } else if (event.type === 'tool_result') {
      const original = event.originalFile;
      if (original && !event.isError) {
        const path = isAbsolute(original.path) ? original.path : resolve(r.cwd, original.path);
        const first = r.firstEdit.get(path);
        if (first === undefined ? !r.before.has(path) : first === event.toolId) {
          r.before.set(path, original.text ?? '');
          r.firstEdit.set(path, event.toolId);
        }
      }
      const text =
        event.text.length > MAX_RESULT_CHARS
          ? `${event.text.slice(0, MAX_RESULT_CHARS / 2)}\n…\n${event.text.slice(-MAX_RESULT_CHARS / 2)}`
          : event.text;
      const toolName = r.toolNames.get(event.toolId);
      r.events.push({ kind: 'toolResult', text, isError: event.isError, ...(toolName !== undefined ? { toolName } : {}) });
      if (r.events.length > MAX_EVENTS) r.events.splice(0, r.events.length - MAX_EVENTS);
    } else if (event.type === 'usage' && !event.isSidechain) {
      const tokens = event.input_tokens + event.cache_creation_input_tokens + event.cache_read_input_tokens + event.output_tokens;
      if (event.cumulative) {
        r.cumulativeFirst ??= tokens;
        r.cumulativeLast = tokens;
      } else {
        r.usage.set(event.messageId, tokens);
      }
    }
  }

  /** Ends the task's recording; undefined when it was not recorded. */
  finished(sessionId: string, taskId: string, success: boolean): FinishedActivity | undefined {
    const k = key(sessionId, taskId);
    const r = this.running.get(k);
    if (!r) return undefined;
    this.running.delete(k);
    let tokens: number | undefined;
    if (r.usage.size > 0) tokens = [...r.usage.values()].reduce((a, b) => a + b, 0);
    if (r.cumulativeLast !== undefined) {
      // A running total for the conversation: this task's share is the growth while it ran.
      const growth = r.cumulativeLast - (r.cumulativeFirst ?? 0);
      tokens = (tokens ?? 0) + (growth > 0 ? growth : r.cumulativeLast);
    }
    return { events: [...r.events, { kind: 'outcome', success }], before: r.before, ...(tokens !== undefined ? { tokens } : {}) };
  }

  forgetSession(sessionId: string): void {
    for (const k of [...this.running.keys()]) if (k.startsWith(`${sessionId}\u0000`)) this.running.delete(k);
  }
}

function key(sessionId: string, taskId: string): string {
  return `${sessionId}\u0000${taskId}`;
}
