// Parser for `codex exec --json` lines (AGENT-PROTOCOLS.md §3): thread.started gives the
// resumable thread id; turn.completed ends the run with the thread's cumulative usage.
import type { AgentEvent, AgentLineParser } from './agentEvents';
import { asArray, asNumber, asObject, asString, parseJsonObject, type JsonObject } from './jsonFields';

/** The model name on Codex's usage events: `codex exec --json` never names the model (its session
 *  log does, read after each turn). */
export const CODEX_STREAM_MODEL = 'codex';

export class CodexJsonParser implements AgentLineParser {
  private threadId: string | undefined;
  private turns = 0;
  private readonly started = new Set<string>();
  private lastText: string | undefined;

  parseLine(line: string): AgentEvent[] {
    if (line.trim().length === 0) return [];
    const o = parseJsonObject(line);
    if (!o) return [{ type: 'garbage', line }];
    switch (o.type) {
      case 'thread.started': {
        const id = asString(o.thread_id);
        if (!id) return [{ type: 'raw', data: o }];
        this.threadId = id;
        return [{ type: 'init', conversationId: id, tools: [] }];
      }
      case 'item.started':
        return this.itemStarted(o);
      case 'item.completed':
        return this.itemCompleted(o);
      case 'turn.completed':
        return this.turnCompleted(o);
      case 'turn.failed': {
        const message = asString(asObject(o.error)?.message) ?? 'turn failed';
        return [{ type: 'done', ok: false, errorMessage: message, ...this.idField() }];
      }
      case 'error': {
        const message = asString(o.message) ?? 'error';
        return [{ type: 'error', message, transient: /^Reconnecting/i.test(message) }];
      }
      default:
        return [{ type: 'raw', data: o }];
    }
  }

  private idField(): { conversationId?: string } {
    return this.threadId !== undefined ? { conversationId: this.threadId } : {};
  }

  private toolUse(item: JsonObject, id: string): AgentEvent {
    const kind = asString(item.type) ?? 'unknown';
    if (kind === 'file_change') {
      const files = asArray(item.changes)
        .map(asObject)
        .map((c) => asString(c?.path))
        .filter((p): p is string => p !== undefined)
        .map((path) => ({ path, access: 'edit' as const }));
      return { type: 'tool_use', toolId: id, toolName: 'file_change', input: { changes: item.changes }, files, isSidechain: false };
    }
    if (kind === 'mcp_tool_call') {
      const name = `mcp__${asString(item.server) ?? '?'}__${asString(item.tool) ?? '?'}`;
      return { type: 'tool_use', toolId: id, toolName: name, input: asObject(item.arguments) ?? {}, files: [], isSidechain: false };
    }
    return { type: 'tool_use', toolId: id, toolName: kind, input: { command: item.command }, files: [], isSidechain: false };
  }

  private itemStarted(o: JsonObject): AgentEvent[] {
    const item = asObject(o.item);
    const id = asString(item?.id);
    if (!item || !id || !isToolItem(item)) return [{ type: 'raw', data: o }];
    this.started.add(id);
    return [this.toolUse(item, id)];
  }

  private itemCompleted(o: JsonObject): AgentEvent[] {
    const item = asObject(o.item);
    if (!item) return [{ type: 'raw', data: o }];
    const id = asString(item.id) ?? '';
    if (item.type === 'agent_message') {
      const text = asString(item.text) ?? '';
      this.lastText = text;
      return text ? [{ type: 'text', text, isSidechain: false }] : [];
    }
    // An error *item* is a non-fatal notice (e.g. "Model metadata for `x` not found…"): the turn goes on.
    if (item.type === 'error') return [{ type: 'error', message: asString(item.message) ?? 'error', transient: true }];
    if (!isToolItem(item)) return [{ type: 'raw', data: o }];
    const out: AgentEvent[] = [];
    if (!this.started.has(id)) out.push(this.toolUse(item, id));
    const status = asString(item.status);
    const exit = asNumber(item.exit_code);
    const isError = status === 'failed' || status === 'declined' || (exit !== undefined && exit !== 0) || item.error != null;
    const text = asString(item.aggregated_output) ?? asString(asObject(item.error)?.message) ?? status ?? '';
    out.push({ type: 'tool_result', toolId: id, isError, text });
    return out;
  }

  private turnCompleted(o: JsonObject): AgentEvent[] {
    this.turns += 1;
    const u = asObject(o.usage) ?? {};
    const input = asNumber(u.input_tokens) ?? 0;
    const cached = asNumber(u.cached_input_tokens) ?? 0;
    return [
      {
        type: 'usage',
        messageId: `${this.threadId ?? 'codex'}:turn${this.turns}`,
        model: CODEX_STREAM_MODEL,
        // OpenAI counts cached tokens inside input_tokens; split them as Anthropic does. Codex 0.169
        // adds cache_write_input_tokens, also part of input_tokens: it stays in input_tokens here.
        input_tokens: Math.max(0, input - cached),
        cache_read_input_tokens: cached,
        cache_creation_input_tokens: 0,
        output_tokens: asNumber(u.output_tokens) ?? 0,
        isSidechain: false,
        cumulative: true,
      },
      { type: 'done', ok: true, ...this.idField(), ...(this.lastText !== undefined ? { resultText: this.lastText } : {}) },
    ];
  }
}

function isToolItem(item: JsonObject): boolean {
  return item.type === 'command_execution' || item.type === 'file_change' || item.type === 'mcp_tool_call';
}
