// Parser for Claude Code's `--output-format stream-json --verbose` lines (AGENT-PROTOCOLS.md §1.3).
// Hook and other system lines before `init` become raw events; non-JSON lines become garbage.
import type { AgentEvent, AgentLineParser, RunUsage, ToolResultEvent, UsageEvent } from './agentEvents';
import { asArray, asNumber, asObject, asString, parseJsonObject, type JsonObject } from './jsonFields';
import { requestCost } from '../budget/pricing';
import { toolFiles } from './toolFiles';

/** The text of a tool_result content (a string or a list of text blocks). */
export function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((b) => asString(asObject(b)?.text) ?? '')
    .filter((t) => t.length > 0)
    .join('\n');
}

export class ClaudeStreamParser implements AgentLineParser {
  /** Last usage seen per message id: Claude repeats a message's usage on each content block. */
  private readonly usageSeen = new Map<string, string>();
  /** `total_cost_usd` of this process's previous result: the CLI's cost is cumulative per process. */
  private previousTotalCost: number | undefined;
  /** The model of the run (init, then the last main-chain answer), for a list-price estimate. */
  private model: string | undefined;

  parseLine(line: string): AgentEvent[] {
    if (line.trim().length === 0) return [];
    const o = parseJsonObject(line);
    if (!o) return [{ type: 'garbage', line }];
    switch (o.type) {
      case 'system':
        return this.system(o);
      case 'assistant':
        return this.assistant(o);
      case 'user':
        return this.user(o);
      case 'result':
        return [this.result(o)];
      case 'control_request':
        return [this.controlRequest(o)];
      default:
        return [{ type: 'raw', data: o }];
    }
  }

  private system(o: JsonObject): AgentEvent[] {
    if (o.subtype === 'init') {
      const conversationId = asString(o.session_id);
      if (!conversationId) return [{ type: 'raw', data: o }];
      const model = asString(o.model);
      if (model !== undefined) this.model = model;
      const cwd = asString(o.cwd);
      return [
        {
          type: 'init',
          conversationId,
          tools: asArray(o.tools)
            .map(asString)
            .filter((t): t is string => t !== undefined),
          ...(model !== undefined ? { model } : {}),
          ...(cwd !== undefined ? { cwd } : {}),
        },
      ];
    }
    if (o.subtype === 'compact_boundary') {
      const meta = asObject(o.compact_metadata) ?? asObject(o.compactMetadata) ?? {};
      const preTokens = asNumber(meta.pre_tokens) ?? asNumber(meta.preTokens);
      return [{ type: 'compaction', trigger: asString(meta.trigger) ?? 'unknown', ...(preTokens !== undefined ? { preTokens } : {}) }];
    }
    if (o.subtype === 'api_retry') {
      const status = asNumber(o.error_status);
      return [
        {
          type: 'error',
          transient: true,
          message: `API error ${status ?? ''} (${asString(o.error) ?? 'unknown'}), retry ${asNumber(o.attempt) ?? '?'} of ${asNumber(o.max_retries) ?? '?'}`,
          ...(status !== undefined ? { status } : {}),
        },
      ];
    }
    return [{ type: 'raw', data: o }];
  }

  private assistant(o: JsonObject): AgentEvent[] {
    const msg = asObject(o.message);
    if (!msg) return [{ type: 'raw', data: o }];
    const parentToolId = asString(o.parent_tool_use_id);
    const isSidechain = parentToolId !== undefined;
    const answeredBy = asString(msg.model);
    if (!isSidechain && answeredBy !== undefined && answeredBy !== '<synthetic>') this.model = answeredBy;
    const out: AgentEvent[] = [];
    for (const raw of asArray(msg.content)) {
      const b = asObject(raw);
      if (!b) continue;
      if (b.type === 'text') {
        const text = asString(b.text);
        if (text) out.push({ type: 'text', text, isSidechain });
      } else if (b.type === 'tool_use' || b.type === 'server_tool_use') {
        const toolName = asString(b.name) ?? 'unknown';
        const input = asObject(b.input) ?? {};
        out.push({ type: 'tool_use', toolId: asString(b.id) ?? '', toolName, input, files: toolFiles(toolName, input), isSidechain });
      }
    }
    const usage = this.usage(msg, isSidechain, parentToolId);
    if (usage) out.push(usage);
    const error = asString(o.error);
    if (error) out.push({ type: 'error', message: `assistant error: ${error}`, transient: false });
    return out;
  }

  private usage(msg: JsonObject, isSidechain: boolean, parentToolId: string | undefined): UsageEvent | undefined {
    const u = asObject(msg.usage);
    const messageId = asString(msg.id);
    const model = asString(msg.model) ?? 'unknown';
    if (!u || !messageId || model === '<synthetic>') return undefined;
    const ev: UsageEvent = {
      type: 'usage',
      messageId,
      model,
      input_tokens: asNumber(u.input_tokens) ?? 0,
      output_tokens: asNumber(u.output_tokens) ?? 0,
      cache_creation_input_tokens: asNumber(u.cache_creation_input_tokens) ?? 0,
      cache_read_input_tokens: asNumber(u.cache_read_input_tokens) ?? 0,
      isSidechain,
      ...(parentToolId !== undefined ? { parentToolId } : {}),
    };
    const key = `${ev.input_tokens}/${ev.output_tokens}/${ev.cache_creation_input_tokens}/${ev.cache_read_input_tokens}`;
    if (this.usageSeen.get(messageId) === key) return undefined;
    this.usageSeen.set(messageId, key);
    return ev;
  }

  private user(o: JsonObject): AgentEvent[] {
    const content = asObject(o.message)?.content;
    const out: ToolResultEvent[] = [];
    for (const raw of asArray(content)) {
      const b = asObject(raw);
      if (b?.type !== 'tool_result') continue;
      out.push({
        type: 'tool_result',
        toolId: asString(b.tool_use_id) ?? '',
        isError: b.is_error === true,
        text: toolResultText(b.content),
      });
    }
    // An edit's result says what the file was before it (the message carries one tool's result).
    const original = out.length === 1 ? originalFileOf(o.tool_use_result) : undefined;
    if (original && out[0]) out[0] = { ...out[0], originalFile: original };
    return out.length > 0 ? out : [{ type: 'raw', data: o }];
  }

  private controlRequest(o: JsonObject): AgentEvent {
    const req = asObject(o.request);
    const requestId = asString(o.request_id);
    if (!req || !requestId || req.subtype !== 'can_use_tool') return { type: 'raw', data: o };
    const toolName = asString(req.tool_name) ?? 'unknown';
    const input = asObject(req.input) ?? {};
    const toolId = asString(req.tool_use_id);
    const description = asString(req.description);
    return {
      type: 'permission_request',
      requestId,
      toolName,
      input,
      files: toolFiles(toolName, input),
      ...(toolId !== undefined ? { toolId } : {}),
      ...(description !== undefined ? { description } : {}),
    };
  }

  private result(o: JsonObject): AgentEvent {
    const isError = o.is_error === true || (asString(o.subtype) ?? 'success') !== 'success';
    const conversationId = asString(o.session_id);
    const resultText = asString(o.result);
    const runUsage = runUsageOf(asObject(o.usage));
    const costUsd = this.runCost(asNumber(o.total_cost_usd), runUsage, asObject(o.modelUsage));
    const listPrice = costUsd === undefined && runUsage !== undefined && this.model !== undefined ? requestCost(this.model, runUsage) : 0;
    const estimatedCostUsd = listPrice > 0 ? listPrice : undefined;
    const contextWindow = firstContextWindow(asObject(o.modelUsage));
    const errors = asArray(o.errors)
      .map(asString)
      .filter((e): e is string => e !== undefined);
    const status = asNumber(o.api_error_status);
    const errorMessage = isError
      ? [errors.join('; ') || resultText || `result ${asString(o.subtype) ?? 'error'}`, status !== undefined ? `(HTTP ${status})` : '']
          .filter(Boolean)
          .join(' ')
      : undefined;
    return {
      type: 'done',
      ok: !isError,
      ...(conversationId !== undefined ? { conversationId } : {}),
      ...(resultText !== undefined ? { resultText } : {}),
      ...(costUsd !== undefined ? { costUsd } : {}),
      ...(estimatedCostUsd !== undefined ? { estimatedCostUsd } : {}),
      ...(runUsage !== undefined ? { runUsage } : {}),
      ...(contextWindow !== undefined ? { contextWindow } : {}),
      ...(errorMessage !== undefined ? { errorMessage } : {}),
    };
  }

  /**
   * This run's cost. `total_cost_usd` grows over a long-lived process and starts from the restored
   * figure of a resumed conversation, so: the growth since this process's previous result; for the
   * first result, the total only when `modelUsage` covers nothing but this run; otherwise unknown.
   */
  private runCost(total: number | undefined, run: RunUsage | undefined, modelUsage: JsonObject | undefined): number | undefined {
    if (total === undefined) return undefined;
    const previous = this.previousTotalCost;
    this.previousTotalCost = total;
    if (previous !== undefined) return Math.max(0, total - previous);
    if (!modelUsage) return total;
    if (!run) return undefined;
    const cumulative = modelUsageTotals(modelUsage);
    const sameAsRun =
      cumulative.input_tokens === run.input_tokens &&
      cumulative.output_tokens === run.output_tokens &&
      cumulative.cache_creation_input_tokens === run.cache_creation_input_tokens &&
      cumulative.cache_read_input_tokens === run.cache_read_input_tokens;
    return sameAsRun ? total : undefined;
  }
}

function runUsageOf(u: JsonObject | undefined): RunUsage | undefined {
  if (!u) return undefined;
  const input = asNumber(u.input_tokens);
  const output = asNumber(u.output_tokens);
  if (input === undefined || output === undefined) return undefined;
  return {
    input_tokens: input,
    output_tokens: output,
    cache_creation_input_tokens: asNumber(u.cache_creation_input_tokens) ?? 0,
    cache_read_input_tokens: asNumber(u.cache_read_input_tokens) ?? 0,
  };
}

function modelUsageTotals(modelUsage: JsonObject): RunUsage {
  const sum: RunUsage = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  for (const v of Object.values(modelUsage)) {
    const m = asObject(v);
    sum.input_tokens += asNumber(m?.inputTokens) ?? 0;
    sum.output_tokens += asNumber(m?.outputTokens) ?? 0;
    sum.cache_creation_input_tokens += asNumber(m?.cacheCreationInputTokens) ?? 0;
    sum.cache_read_input_tokens += asNumber(m?.cacheReadInputTokens) ?? 0;
  }
  return sum;
}

function firstContextWindow(modelUsage: JsonObject | undefined): number | undefined {
  if (!modelUsage) return undefined;
  for (const v of Object.values(modelUsage)) {
    const w = asNumber(asObject(v)?.contextWindow);
    if (w !== undefined) return w;
  }
  return undefined;
}

/** `tool_use_result` of a Write or Edit: the file's path and its text before the call. */
function originalFileOf(value: unknown): { path: string; text: string | null } | undefined {
  const r = asObject(value);
  const path = asString(r?.filePath);
  if (!r || path === undefined || !('originalFile' in r)) return undefined;
  const text = r.originalFile;
  if (typeof text === 'string') return { path, text };
  return text === null ? { path, text: null } : undefined;
}
