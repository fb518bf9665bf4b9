// Builds the server-sent events of an OpenAI Responses API streaming answer (`POST /v1/responses`
// with `stream: true`), as Codex 0.169 reads them: response.created → per output item
// output_item.added, text deltas, output_item.done → response.completed with the usage.

/** An assistant message with one output_text part. */
export interface MockMessageItem {
  type: 'message';
  text: string;
}
/** A JSON function tool call (Codex's `exec_command`, `write_stdin`, …). */
export interface MockFunctionCallItem {
  type: 'function_call';
  name: string;
  arguments: Record<string, unknown>;
  callId: string;
}
/** A freeform tool call (Codex's `apply_patch` takes the patch text as `input`). */
export interface MockCustomToolCallItem {
  type: 'custom_tool_call';
  name: string;
  input: string;
  callId: string;
}
/** A reasoning item with a summary, shown by Codex as a `reasoning` item. */
export interface MockReasoningItem {
  type: 'reasoning';
  summary: string;
}
export type MockOutputItem = MockMessageItem | MockFunctionCallItem | MockCustomToolCallItem | MockReasoningItem;

/** OpenAI semantics: `input_tokens` includes `cached_tokens`, `output_tokens` includes `reasoning_tokens`. */
export interface MockResponsesUsage {
  input_tokens: number;
  cached_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
}

export interface MockResponse {
  id: string;
  model: string;
  items: MockOutputItem[];
  usage: MockResponsesUsage;
}

/** Splits a string into a few chunks so deltas look like a real stream. */
function chunks(s: string, parts = 3): string[] {
  if (s.length <= parts) return [s];
  const size = Math.ceil(s.length / parts);
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

/** The finished API form of one item (what `response.output_item.done` and `output` carry). */
function apiItem(item: MockOutputItem, id: string): Record<string, unknown> {
  switch (item.type) {
    case 'message':
      return {
        type: 'message',
        id,
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: item.text, annotations: [] }],
      };
    case 'function_call':
      return {
        type: 'function_call',
        id,
        status: 'completed',
        call_id: item.callId,
        name: item.name,
        arguments: JSON.stringify(item.arguments),
      };
    case 'custom_tool_call':
      return { type: 'custom_tool_call', id, status: 'completed', call_id: item.callId, name: item.name, input: item.input };
    case 'reasoning':
      return { type: 'reasoning', id, summary: [{ type: 'summary_text', text: item.summary }] };
  }
}

/** The in-progress form sent with `response.output_item.added`. */
function startedItem(item: MockOutputItem, id: string): Record<string, unknown> {
  const done = apiItem(item, id);
  if (item.type === 'message') return { ...done, status: 'in_progress', content: [] };
  if (item.type === 'function_call') return { ...done, status: 'in_progress', arguments: '' };
  if (item.type === 'custom_tool_call') return { ...done, status: 'in_progress', input: '' };
  return { ...done, summary: [] };
}

function usageOf(u: MockResponsesUsage): Record<string, unknown> {
  return {
    input_tokens: u.input_tokens,
    input_tokens_details: { cached_tokens: u.cached_tokens },
    output_tokens: u.output_tokens,
    output_tokens_details: { reasoning_tokens: u.reasoning_tokens },
    total_tokens: u.input_tokens + u.output_tokens,
  };
}

/** The SSE body of one streamed response. */
export function sseForResponse(r: MockResponse): string {
  let seq = 0;
  const parts: string[] = [];
  const event = (type: string, data: Record<string, unknown>): void => {
    parts.push(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`);
  };
  const base = { id: r.id, object: 'response', created_at: Math.floor(Date.now() / 1000), model: r.model };
  event('response.created', { response: { ...base, status: 'in_progress', output: [], usage: null } });
  event('response.in_progress', { response: { ...base, status: 'in_progress', output: [], usage: null } });
  const output: Record<string, unknown>[] = [];
  r.items.forEach((item, output_index) => {
    const id = `${item.type === 'message' ? 'msg' : item.type === 'reasoning' ? 'rs' : 'fc'}_${r.id}_${output_index}`;
    event('response.output_item.added', { output_index, item: startedItem(item, id) });
    if (item.type === 'message') {
      event('response.content_part.added', {
        item_id: id,
        output_index,
        content_index: 0,
        part: { type: 'output_text', text: '', annotations: [] },
      });
      for (const delta of chunks(item.text)) event('response.output_text.delta', { item_id: id, output_index, content_index: 0, delta });
      event('response.output_text.done', { item_id: id, output_index, content_index: 0, text: item.text });
    } else if (item.type === 'function_call') {
      for (const delta of chunks(JSON.stringify(item.arguments)))
        event('response.function_call_arguments.delta', { item_id: id, output_index, delta });
    }
    const done = apiItem(item, id);
    event('response.output_item.done', { output_index, item: done });
    output.push(done);
  });
  event('response.completed', { response: { ...base, status: 'completed', output, usage: usageOf(r.usage) } });
  return parts.join('');
}
