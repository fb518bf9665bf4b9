// Parser for `gemini -p … --output-format stream-json` lines (AGENT-PROTOCOLS.md §4).
import type { AgentEvent, AgentLineParser } from './agentEvents';
import { asNumber, asObject, asString, parseJsonObject, type JsonObject } from './jsonFields';
import { toolFiles } from './toolFiles';

export class GeminiStreamParser implements AgentLineParser {
  private sessionId: string | undefined;
  private model = 'gemini';
  private text = '';

  parseLine(line: string): AgentEvent[] {
    if (line.trim().length === 0) return [];
    const o = parseJsonObject(line);
    if (!o) return [{ type: 'garbage', line }];
    switch (o.type) {
      case 'init': {
        const id = asString(o.session_id);
        if (!id) return [{ type: 'raw', data: o }];
        this.sessionId = id;
        this.model = asString(o.model) ?? this.model;
        return [{ type: 'init', conversationId: id, model: this.model, tools: [] }];
      }
      case 'message': {
        const content = asString(o.content);
        if (o.role !== 'assistant' || !content) return [{ type: 'raw', data: o }];
        this.text += content;
        return [{ type: 'text', text: content, isSidechain: false }];
      }
      case 'tool_use': {
        const toolName = asString(o.tool_name) ?? 'unknown';
        const input = asObject(o.parameters) ?? {};
        return [{ type: 'tool_use', toolId: asString(o.tool_id) ?? '', toolName, input, files: toolFiles(toolName, input), isSidechain: false }];
      }
      case 'tool_result': {
        const isError = o.status === 'error';
        const text = asString(o.output) ?? asString(asObject(o.error)?.message) ?? '';
        return [{ type: 'tool_result', toolId: asString(o.tool_id) ?? '', isError, text }];
      }
      case 'error':
        return [{ type: 'error', message: asString(o.message) ?? 'error', transient: o.severity === 'warning' }];
      case 'result': return this.result(o);
      default: return [{ type: 'raw', data: o }];
    }
  }

  private result(o: JsonObject): AgentEvent[] {
    const ok = o.status === 'success';
    const out: AgentEvent[] = [];
    const stats = asObject(o.stats);
    if (stats) {
      const cached = asNumber(stats.cached) ?? 0;
      const nonCached = asNumber(stats.input) ?? Math.max(0, (asNumber(stats.input_tokens) ?? 0) - cached);
      out.push({
        type: 'usage', messageId: `${this.sessionId ?? 'gemini'}:result`, model: this.model,
        input_tokens: nonCached, cache_read_input_tokens: cached, cache_creation_input_tokens: 0,
        output_tokens: asNumber(stats.output_tokens) ?? 0, isSidechain: false, cumulative: true,
      });
    }
    const errorMessage = asString(asObject(o.error)?.message);
    out.push({
      type: 'done', ok,
      ...(this.sessionId !== undefined ? { conversationId: this.sessionId } : {}),
      ...(this.text ? { resultText: this.text } : {}),
      ...(!ok ? { errorMessage: errorMessage ?? `status ${asString(o.status) ?? 'unknown'}` } : {}),
    });
    return out;
  }
}
