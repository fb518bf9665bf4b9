// One JSON value per line over a stream (the MCP socket), with a bound on a line's length: a peer
// that sends a longer line (or never ends one) is cut off instead of filling the memory.
import { StringDecoder } from 'node:string_decoder';

export type LineEvent = { kind: 'line'; value: unknown } | { kind: 'bad'; reason: string };

/** Splits chunks into lines and parses each as JSON; `feed` returns what the chunk completed. */
export class JsonLineReader {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private pendingBytes = 0;
  private closed = false;

  constructor(private readonly maxLineBytes: number) {}

  /** The events a chunk completes; after a line too long, one `bad` and nothing more. */
  feed(chunk: Buffer): LineEvent[] {
    if (this.closed) return [];
    const events: LineEvent[] = [];
    const text = this.decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const piece = text.slice(start, nl);
      start = nl + 1;
      if (this.pendingBytes + Buffer.byteLength(piece, 'utf8') > this.maxLineBytes) return this.tooLong(events);
      const line = this.pending + piece;
      this.pending = '';
      this.pendingBytes = 0;
      if (line.trim() === '') continue;
      try {
        events.push({ kind: 'line', value: JSON.parse(line) as unknown });
      } catch {
        events.push({ kind: 'bad', reason: 'a line is not JSON' });
      }
    }
    const rest = text.slice(start);
    this.pendingBytes += Buffer.byteLength(rest, 'utf8');
    if (this.pendingBytes > this.maxLineBytes) return this.tooLong(events);
    this.pending += rest;
    return events;
  }

  private tooLong(events: LineEvent[]): LineEvent[] {
    this.closed = true;
    this.pending = '';
    events.push({ kind: 'bad', reason: `a line is longer than ${this.maxLineBytes} bytes` });
    return events;
  }
}

/** A value as one line. */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
