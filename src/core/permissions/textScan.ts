// Small text operations on rule and command text written as loops: the regular expressions they
// replace (`\S*$`, `\s*\S*$`, `\/+$`) backtrack quadratically on long runs of one character, and
// rules come from files a cloned repository carries.

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

/** The text without its last word (trailing non-space run), like `.replace(/\S*$/, '')`. */
export function withoutTrailingWord(text: string): string {
  let i = text.length;
  while (i > 0 && !isSpace(text[i - 1])) i--;
  return text.slice(0, i);
}

/** The text without its last word and the spaces before it, like `.replace(/\s*\S*$/, '')`. */
export function withoutLastWord(text: string): string {
  return withoutTrailingWord(text).trimEnd();
}

/** The text without trailing copies of one character (`/a//` → `/a` for '/'). */
export function trimEndChar(text: string, ch: string): string {
  let i = text.length;
  while (i > 0 && text[i - 1] === ch) i--;
  return text.slice(0, i);
}
