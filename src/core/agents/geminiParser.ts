// Parser for `gemini -p … --output-format stream-json` lines (AGENT-PROTOCOLS.md §4), checked
// against the real CLI 0.61.0: `init.model` is the alias the user chose ("auto"), the models that
// answered are the keys of `result.stats.models`; `stats.output_tokens` leaves out thinking tokens
// (in `total_tokens` only); the result text is the last model turn's, as in `-o json`'s `response`;
// a failed result may carry no `error` and follow an `error` event with the reason.
import type { AgentEvent, AgentLineParser } from './agentEvents';
import { asNumber, asObject, asString, parseJsonObject, type JsonObject } from './jsonFields';
import { toolFiles } from './toolFiles';

export class GeminiStreamParser implements AgentLineParser {
  private sessionId: string | undefined;
  private model = 'gemini';
  /** The current model turn's text, and the last earlier turn's that had any. */
  private text = '';
  private previousText = '';
  private turnEnded = false;
  private lastError: string | undefined;

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
        if (this.turnEnded) {
          if (this.text) this.previousText = this.text;
          this.text = '';
          this.turnEnded = false;
        }
        this.text += content;
        return [{ type: 'text', text: content, isSidechain: false }];
      }
      case 'tool_use': {
        const toolName = asString(o.tool_name) ?? 'unknown';
        const input = asObject(o.parameters) ?? {};
        return [
          { type: 'tool_use', toolId: asString(o.tool_id) ?? '', toolName, input, files: toolFiles(toolName, input), isSidechain: false },
        ];
      }
      case 'tool_result': {
        // Tool results go back to the model: the next text is a new turn.
        this.turnEnded = true;
        const isError = o.status === 'error';
        const text = asString(o.output) ?? asString(asObject(o.error)?.message) ?? '';
        return [{ type: 'tool_result', toolId: asString(o.tool_id) ?? '', isError, text }];
      }
      case 'error': {
        const message = asString(o.message) ?? 'error';
        const transient = o.severity === 'warning';
        if (!transient) this.lastError = message;
        return [{ type: 'error', message, transient }];
      }
      case 'result':
        return this.result(o);
      default:
        return [{ type: 'raw', data: o }];
    }
  }

  private result(o: JsonObject): AgentEvent[] {
    const ok = o.status === 'success';
    const out: AgentEvent[] = [];
    const stats = asObject(o.stats);
    if (stats) {
      const cached = asNumber(stats.cached) ?? 0;
      const prompt = asNumber(stats.input_tokens) ?? 0;
      const nonCached = asNumber(stats.input) ?? Math.max(0, prompt - cached);
      const candidates = asNumber(stats.output_tokens) ?? 0;
      // Thinking tokens are billed as output but only counted in the total.
      const total = asNumber(stats.total_tokens);
      const thoughts = total !== undefined ? Math.max(0, total - prompt - candidates) : 0;
      out.push({
        type: 'usage',
        messageId: `${this.sessionId ?? 'gemini'}:result`,
        model: mainModel(stats) ?? this.model,
        input_tokens: nonCached,
        cache_read_input_tokens: cached,
        cache_creation_input_tokens: 0,
        output_tokens: candidates + thoughts,
        isSidechain: false,
        cumulative: true,
      });
    }
    const errorMessage = asString(asObject(o.error)?.message) ?? this.lastError;
    const resultText = this.text || this.previousText;
    out.push({
      type: 'done',
      ok,
      ...(this.sessionId !== undefined ? { conversationId: this.sessionId } : {}),
      ...(resultText ? { resultText } : {}),
      ...(!ok ? { errorMessage: errorMessage ?? `status ${asString(o.status) ?? 'unknown'}` } : {}),
    });
    return out;
  }
}

/** The model that carried the conversation: the one with the largest prompt in `stats.models`
 *  (the others answer the CLI's routing and checks with small prompts). */
function mainModel(stats: JsonObject): string | undefined {
  const models = asObject(stats.models);
  if (!models) return undefined;
  let best: string | undefined;
  let bestPrompt = -1;
  for (const [name, figures] of Object.entries(models)) {
    const prompt = asNumber(asObject(figures)?.input_tokens) ?? 0;
    if (prompt > bestPrompt) {
      best = name;
      bestPrompt = prompt;
    }
  }
  return best;
}
