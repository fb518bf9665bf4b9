// A responder driven by directives in the task text, so one mock server can serve many
// concurrent CLI sessions deterministically:
//   "WRITE <absolute path> <content…>"  → a Write tool_use, then "Wrote <path>." after the result
//   "BASH <command…>"                  → a Bash tool_use, then "Ran it: <output>" (or "The tool
//                                        failed: <output>" when refused or failing) after the result
//   "FAIL <status>"                    → HTTP <status> with an API error body
//   "SLOW <ms> …"                      → a text answer after <ms> milliseconds
//   anything else                      → a text answer "Answer: <task text>"
import type { MockReply, MockRequest } from './mockServer';

interface ContentBlock {
  type?: unknown;
  text?: unknown;
  content?: unknown;
  is_error?: unknown;
}
interface ApiMessage {
  role?: unknown;
  content?: unknown;
}

/** The messages array of a /v1/messages request body (empty when absent). */
export function messagesOf(req: MockRequest): ApiMessage[] {
  const b = req.body;
  if (typeof b === 'object' && b !== null && 'messages' in b && Array.isArray(b.messages)) return b.messages as ApiMessage[];
  return [];
}

function blocksOf(m: ApiMessage): ContentBlock[] {
  if (typeof m.content === 'string') return [{ type: 'text', text: m.content }];
  return Array.isArray(m.content) ? (m.content as ContentBlock[]) : [];
}

/** Every user-typed text in the request, system reminders left out, in order. */
export function userTexts(req: MockRequest): string[] {
  const out: string[] = [];
  for (const m of messagesOf(req)) {
    if (m.role !== 'user') continue;
    for (const b of blocksOf(m)) {
      if (b.type === 'text' && typeof b.text === 'string' && !b.text.trimStart().startsWith('<system-reminder>')) out.push(b.text);
    }
  }
  return out;
}

/** Every assistant text in the request history, in order. */
export function assistantTexts(req: MockRequest): string[] {
  const out: string[] = [];
  for (const m of messagesOf(req)) {
    if (m.role !== 'assistant') continue;
    for (const b of blocksOf(m)) if (b.type === 'text' && typeof b.text === 'string') out.push(b.text);
  }
  return out;
}

function lastUserBlocks(req: MockRequest): ContentBlock[] {
  const users = messagesOf(req).filter((m) => m.role === 'user');
  const last = users[users.length - 1];
  return last ? blocksOf(last) : [];
}

let toolCounter = 0;

export async function directiveResponder(req: MockRequest): Promise<MockReply> {
  const texts = userTexts(req);
  const slow = /^SLOW (\d+)/.exec(texts[texts.length - 1] ?? '');
  // unref: a pending slow answer must not keep a finished test process alive.
  if (slow) await new Promise((r) => setTimeout(r, Number(slow[1])).unref());
  return answer(req);
}

function answer(req: MockRequest): MockReply {
  const last = lastUserBlocks(req);
  const toolResult = last.find((b) => b.type === 'tool_result');
  if (toolResult) {
    const texts = userTexts(req);
    const task = texts[texts.length - 1] ?? '';
    const write = /^WRITE (\S+)/.exec(task);
    if (/^BASH /.test(task)) {
      const output = resultText(toolResult.content);
      return {
        kind: 'message',
        blocks: [{ type: 'text', text: toolResult.is_error === true ? `The tool failed: ${output}` : `Ran it: ${output}` }],
      };
    }
    return {
      kind: 'message',
      blocks: [{ type: 'text', text: toolResult.is_error === true ? 'The tool failed.' : `Wrote ${write?.[1] ?? 'the file'}.` }],
    };
  }
  const texts = last
    .filter((b) => b.type === 'text' && typeof b.text === 'string')
    .map((b) => String(b.text))
    .filter((t) => !t.trimStart().startsWith('<system-reminder>'));
  const task = texts[texts.length - 1] ?? '';
  const fail = /^FAIL (\d{3})/.exec(task);
  if (fail)
    return {
      kind: 'error',
      status: Number(fail[1]),
      errorType: Number(fail[1]) === 529 ? 'overloaded_error' : 'api_error',
      message: 'Mock failure',
    };
  const bash = /^BASH ([\s\S]+)$/.exec(task);
  if (bash) {
    toolCounter += 1;
    return {
      kind: 'message',
      blocks: [
        { type: 'tool_use', id: `toolu_mock_${toolCounter}`, name: 'Bash', input: { command: bash[1], description: 'Run the command' } },
      ],
    };
  }
  const write = /^WRITE (\S+) ([\s\S]*)$/.exec(task);
  if (write) {
    toolCounter += 1;
    return {
      kind: 'message',
      blocks: [
        { type: 'text', text: 'Writing the file.' },
        { type: 'tool_use', id: `toolu_mock_${toolCounter}`, name: 'Write', input: { file_path: write[1], content: write[2] } },
      ],
    };
  }
  return { kind: 'message', blocks: [{ type: 'text', text: `Answer: ${task}` }] };
}

/** A tool result's text (a string, or text blocks). */
function resultText(content: unknown): string {
  if (typeof content === 'string') return content.trim();
  if (!Array.isArray(content)) return '';
  return (content as ContentBlock[])
    .filter((b) => b.type === 'text' && typeof b.text === 'string')
    .map((b) => String(b.text))
    .join('')
    .trim();
}
