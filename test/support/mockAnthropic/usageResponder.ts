// A mock Messages API responder for budget tests: a task whose text starts with
// "USAGE <input> <cache creation> <cache read>" gets a text answer reporting exactly these usage
// figures (so the fill a test expects is their sum); any other task is answered by the directives.
import { directiveResponder, userTexts } from './directiveResponder';
import type { MockReply, MockRequest } from './mockServer';

export interface UsageReply {
  /** When the mock answered (ms since the epoch). */
  at: number;
  /** The fill the answer implies: input + cache creation + cache read. */
  used: number;
}

export interface UsageResponderOptions {
  /** The answer's text (default "Noted."). */
  text?: string;
  /** The output tokens the answer reports (default 7). */
  outputTokens?: number;
  /** Told of each USAGE answer as it is sent (to measure how soon the fill is shown). */
  onReply?(reply: UsageReply): void;
}

export function usageResponder(options: UsageResponderOptions = {}): (req: MockRequest) => Promise<MockReply> {
  return async (req) => {
    const texts = userTexts(req);
    const m = /^USAGE (\d+) (\d+) (\d+)/.exec(texts[texts.length - 1] ?? '');
    if (!m) return directiveResponder(req);
    const [input, creation, read] = [Number(m[1]), Number(m[2]), Number(m[3])];
    options.onReply?.({ at: Date.now(), used: input + creation + read });
    return {
      kind: 'message',
      blocks: [{ type: 'text', text: options.text ?? 'Noted.' }],
      usage: {
        input_tokens: input,
        cache_creation_input_tokens: creation,
        cache_read_input_tokens: read,
        output_tokens: options.outputTokens ?? 7,
      },
    };
  };
}
