// Parser for a generic command's output: every line is text (no JSON protocol, no garbage).
import type { AgentEvent, AgentLineParser } from './agentEvents';

export class PlainTextParser implements AgentLineParser {
  parseLine(line: string): AgentEvent[] {
    return [{ type: 'text', text: line, isSidechain: false }];
  }
}
