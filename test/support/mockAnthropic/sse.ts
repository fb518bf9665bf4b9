// Builds the server-sent events of an Anthropic Messages API streaming answer
// (message_start → content blocks → message_delta → message_stop), as the real API sends them.

export interface MockTextBlock {
  type: 'text';
  text: string;
}
export interface MockToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}
export type MockBlock = MockTextBlock | MockToolUseBlock;

export interface MockUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
}

export interface MockMessage {
  id: string;
  model: string;
  blocks: MockBlock[];
  stopReason: 'end_turn' | 'tool_use' | 'max_tokens';
  usage: MockUsage;
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Splits a string into a few chunks so deltas look like a real stream. */
function chunks(s: string, parts = 3): string[] {
  if (s.length <= parts) return [s];
  const size = Math.ceil(s.length / parts);
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

/** The SSE body of one streamed message. */
export function sseForMessage(m: MockMessage): string {
  const parts: string[] = [];
  parts.push(
    event('message_start', {
      type: 'message_start',
      message: {
        id: m.id,
        type: 'message',
        role: 'assistant',
        content: [],
        model: m.model,
        stop_reason: null,
        stop_sequence: null,
        usage: { ...m.usage, output_tokens: 1, service_tier: 'standard' },
      },
    }),
  );
  m.blocks.forEach((b, index) => {
    if (b.type === 'text') {
      parts.push(event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
      if (index === 0) parts.push(event('ping', { type: 'ping' }));
      for (const text of chunks(b.text)) {
        parts.push(event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text } }));
      }
    } else {
      parts.push(
        event('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} },
        }),
      );
      parts.push(
        event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } }),
      );
      for (const partial_json of chunks(JSON.stringify(b.input))) {
        parts.push(event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } }));
      }
    }
    parts.push(event('content_block_stop', { type: 'content_block_stop', index }));
  });
  parts.push(
    event('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: m.stopReason, stop_sequence: null },
      usage: { output_tokens: m.usage.output_tokens },
    }),
  );
  parts.push(event('message_stop', { type: 'message_stop' }));
  return parts.join('');
}
