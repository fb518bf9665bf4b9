// Text from tasks and agents made safe for logs and transcripts: control characters (C0 but
// newline and tab, DEL, C1), bidirectional controls and the Unicode line separators are written
// as escapes, so a NUL, a terminal escape sequence or a right-to-left override in a task never
// reaches a log verbatim (and cannot forge or hide lines there).

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

function escape(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with unsafe characters escaped; newlines and tabs kept (for multi-line transcripts). */
export function printable(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** The text as one log line: every control character escaped, newlines and tabs included. */
export function printableLine(text: string): string {
  return text.replace(UNSAFE_IN_LINE, escape);
}
