// A Responses API responder driven by directives in the task text, so one mock can serve several
// concurrent Codex runs deterministically:
//   "RUN <command>"                   → an exec_command function call, then "Ran it: <output>"
//   "PATCH <relative path> <content>" → an apply_patch call adding the file, then "Wrote <path>."
//   "FAIL <status>"                   → HTTP <status> with an OpenAI error body
//   anything else                     → a text answer "Answer: <task text>"
import type { MockReply, MockRequest } from './mockServer';

interface InputItem {
  type?: unknown;
  role?: unknown;
  content?: unknown;
  output?: unknown;
  call_id?: unknown;
}

/** The `input` array of a /v1/responses request body (empty when absent). */
export function inputItems(req: MockRequest): InputItem[] {
  const b = req.body;
  if (typeof b === 'object' && b !== null && 'input' in b && Array.isArray(b.input)) return b.input as InputItem[];
  return [];
}

function partTexts(item: InputItem, partType: string): string[] {
  if (!Array.isArray(item.content)) return [];
  return (item.content as { type?: unknown; text?: unknown }[])
    .filter((p) => p.type === partType && typeof p.text === 'string')
    .map((p) => String(p.text));
}

/** Every user-typed text in the request, Codex's own `<environment_context>`-style blocks left out, in order. */
export function userTexts(req: MockRequest): string[] {
  return inputItems(req)
    .filter((i) => i.type === 'message' && i.role === 'user')
    .flatMap((i) => partTexts(i, 'input_text'))
    .filter((t) => !/^\s*<[a-z_ ]+>/.test(t));
}

/** Every assistant text in the request history, in order. */
export function assistantTexts(req: MockRequest): string[] {
  return inputItems(req)
    .filter((i) => i.type === 'message' && i.role === 'assistant')
    .flatMap((i) => partTexts(i, 'output_text'));
}

/** The output Codex sent back for a tool call (function or freeform), if the request carries one. */
export function toolOutput(req: MockRequest, callId: string): string | undefined {
  const item = inputItems(req).find(
    (i) => (i.type === 'function_call_output' || i.type === 'custom_tool_call_output') && i.call_id === callId,
  );
  if (!item) return undefined;
  if (typeof item.output === 'string') return item.output;
  return JSON.stringify(item.output);
}

let callCounter = 0;

export function codexDirectiveResponder(req: MockRequest): MockReply {
  const items = inputItems(req);
  const last = items.at(-1);
  const task = userTexts(req).at(-1) ?? '';
  if (last && (last.type === 'function_call_output' || last.type === 'custom_tool_call_output')) {
    const output = toolOutput(req, String(last.call_id)) ?? '';
    const patch = /^PATCH (\S+)/.exec(task);
    const text = last.type === 'custom_tool_call_output' ? `Wrote ${patch?.[1] ?? 'the file'}.` : `Ran it: ${output}`;
    return { kind: 'response', items: [{ type: 'message', text }] };
  }
  const fail = /^FAIL (\d{3})/.exec(task);
  if (fail)
    return {
      kind: 'error',
      status: Number(fail[1]),
      message: `Mock failure ${fail[1]}`,
      code: Number(fail[1]) === 401 ? 'invalid_api_key' : 'server_error',
    };
  const run = /^RUN ([\s\S]+)$/.exec(task);
  if (run?.[1]) {
    callCounter += 1;
    return {
      kind: 'response',
      items: [
        { type: 'message', text: 'Running the command.' },
        {
          type: 'function_call',
          name: 'exec_command',
          arguments: { cmd: run[1], login: false, yield_time_ms: 2000 },
          callId: `call_mock_${callCounter}`,
        },
      ],
    };
  }
  const patch = /^PATCH (\S+) ([\s\S]*)$/.exec(task);
  if (patch?.[1] !== undefined && patch[2] !== undefined) {
    callCounter += 1;
    const lines = patch[2]
      .split('\n')
      .map((l) => `+${l}`)
      .join('\n');
    return {
      kind: 'response',
      items: [
        { type: 'reasoning', summary: 'Adding the file.' },
        {
          type: 'custom_tool_call',
          name: 'apply_patch',
          input: `*** Begin Patch\n*** Add File: ${patch[1]}\n${lines}\n*** End Patch\n`,
          callId: `call_mock_${callCounter}`,
        },
      ],
    };
  }
  return { kind: 'response', items: [{ type: 'message', text: `Answer: ${task}` }] };
}
