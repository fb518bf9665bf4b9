// A responder for the mock Gemini API driven by directives in the task text, so one mock serves
// many concurrent CLI runs deterministically (every answer starts with a thought part, as
// thinking models send, which must never reach the task's result text):
//   "WRITE <absolute path> <content…>" → a write_file call, then "Wrote <path>." after its result
//   "SHELL <command…>"                 → a run_shell_command call, then "Ran it: <output>"
//   "FAIL <status>"                    → HTTP <status> with a Google API error (400: API_KEY_INVALID)
//   "EMPTY"                            → an answer without any part (the CLI reports an empty response)
//   "SLOW <ms> …"                      → a text answer after <ms> milliseconds
//   anything else                      → a text answer "Answer: <task text>"
import type { MockGeminiReply, MockGeminiRequest } from './mockServer';
import type { MockPart } from './wire';

interface Part {
  text?: unknown;
  thought?: unknown;
  functionCall?: unknown;
  functionResponse?: unknown;
}
interface Content {
  role?: unknown;
  parts?: unknown;
}

/** The contents array of a generateContent request (empty when absent). */
export function contentsOf(req: MockGeminiRequest): Content[] {
  const b = req.body;
  if (typeof b === 'object' && b !== null && 'contents' in b && Array.isArray(b.contents)) return b.contents as Content[];
  return [];
}

function partsOf(c: Content): Part[] {
  return Array.isArray(c.parts) ? (c.parts as Part[]) : [];
}

function textsOf(req: MockGeminiRequest, role: string): string[] {
  const out: string[] = [];
  for (const c of contentsOf(req)) {
    if (c.role !== role) continue;
    for (const p of partsOf(c)) {
      if (typeof p.text === 'string' && p.thought !== true && !p.text.trimStart().startsWith('<session_context>')) out.push(p.text);
    }
  }
  return out;
}

/** Every text the user typed in the request's history (the CLI's session context left out), in order. */
export function userTexts(req: MockGeminiRequest): string[] {
  return textsOf(req, 'user');
}

/** Every model text (no thoughts) in the request's history, in order. */
export function modelTexts(req: MockGeminiRequest): string[] {
  return textsOf(req, 'model');
}

interface FunctionResponse {
  name?: unknown;
  response?: { output?: unknown; error?: unknown };
}

function lastFunctionResponse(req: MockGeminiRequest): FunctionResponse | undefined {
  const last = contentsOf(req).at(-1);
  const part = last ? partsOf(last).find((p) => typeof p.functionResponse === 'object' && p.functionResponse !== null) : undefined;
  return part?.functionResponse as FunctionResponse | undefined;
}

const thought: MockPart = { text: 'Thinking about the task.', thought: true };

export async function directiveResponder(req: MockGeminiRequest): Promise<MockGeminiReply> {
  const task = userTexts(req).at(-1) ?? '';
  const slow = /^SLOW (\d+)/.exec(task);
  // unref: a pending slow answer must not keep a finished test process alive.
  if (slow) await new Promise((r) => setTimeout(r, Number(slow[1])).unref());
  return answer(req, task);
}

function answer(req: MockGeminiRequest, task: string): MockGeminiReply {
  const result = lastFunctionResponse(req);
  if (result) {
    if (result.response?.error !== undefined) return { kind: 'answer', parts: [{ text: 'The tool failed.' }] };
    const write = /^WRITE (\S+)/.exec(task);
    const output = typeof result.response?.output === 'string' ? result.response.output : '';
    return { kind: 'answer', parts: [{ text: write ? `Wrote ${write[1]}.` : `Ran it: ${output}` }] };
  }
  const fail = /^FAIL (\d{3})/.exec(task);
  if (fail) {
    const status = Number(fail[1]);
    return status === 400
      ? { kind: 'error', status, message: 'API key not valid. Please pass a valid API key.', reason: 'API_KEY_INVALID' }
      : { kind: 'error', status, message: 'Mock failure' };
  }
  if (task === 'EMPTY') return { kind: 'answer', parts: [] };
  const write = /^WRITE (\S+) ([\s\S]*)$/.exec(task);
  if (write) {
    return {
      kind: 'answer',
      parts: [
        thought,
        { text: 'Writing the file.' },
        { functionCall: { name: 'write_file', args: { file_path: write[1], content: write[2] } } },
      ],
    };
  }
  const shell = /^SHELL ([\s\S]+)$/.exec(task);
  if (shell)
    return {
      kind: 'answer',
      parts: [
        thought,
        { functionCall: { name: 'run_shell_command', args: { command: shell[1], description: 'Runs the command of the task.' } } },
      ],
    };
  return { kind: 'answer', parts: [thought, { text: `Answer: ${task}` }] };
}
