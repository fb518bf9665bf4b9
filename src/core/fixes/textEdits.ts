// Applies TextEdits to a string (previews, tests, the CLI). Edits must not overlap.
import type { TextEdit, TextPosition } from './textTypes';

/** Offset of a position in `text` (positions past a line's end clamp to it). */
export function offsetAt(text: string, pos: TextPosition): number {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return Math.min(offset + pos.character, end);
}

/** The text after applying the edits (applied from last to first so offsets stay valid). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const spans = edits
    .map((e) => ({ from: offsetAt(text, e.range.start), to: offsetAt(text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.from - a.from);
  let out = text;
  for (const s of spans) out = out.slice(0, s.from) + s.newText + out.slice(s.to);
  return out;
}
