// What a tool answers: text a model reads, kept small enough for a context window. A long list is
// paged (whole items per page, and a line saying how to ask for the next); a long text is cut with
// a hint saying so.
export interface ToolAnswer {
  text: string;
  /** The call failed or was refused: the text says why and what to do. */
  isError?: boolean;
}

/** An answer's text stays under this many characters (about 2,000 tokens). */
export const ANSWER_MAX_CHARS = 8000;

export function answer(text: string): ToolAnswer {
  return { text: cutText(text, ANSWER_MAX_CHARS) };
}

export function refusal(text: string): ToolAnswer {
  return { text: cutText(text, ANSWER_MAX_CHARS), isError: true };
}

/** The text, or its start with a note of how much was left out. */
export function cutText(text: string, max: number, hint = ''): string {
  if (text.length <= max) return text;
  const note = `\n… (cut: ${text.length - max} more characters${hint ? `; ${hint}` : ''})`;
  return `${text.slice(0, Math.max(0, max - note.length))}${note}`;
}

export interface Paged {
  /** The page's text: its items, then "more" when another page follows. */
  text: string;
  /** The index of the page's first item, and how many it shows. */
  start: number;
  shown: number;
  more: boolean;
}

/**
 * One page of rendered items under `budget` characters: page 1 starts at the first item, page n
 * after the items of pages 1…n-1 (each page takes as many whole items as fit, at least one, cut
 * when alone it is too long). Items are rendered lazily, so a long list costs only what is shown.
 */
export function pageItems<T>(items: readonly T[], page: number, render: (item: T, index: number) => string, budget: number): Paged {
  let start = 0;
  let index = 0;
  const pages = Math.max(1, Math.floor(page));
  let lines: string[] = [];
  for (let p = 1; p <= pages && start < items.length; p++) {
    lines = [];
    let used = 0;
    index = start;
    while (index < items.length) {
      const text = render(items[index] as T, index);
      if (lines.length > 0 && used + text.length + 1 > budget) break;
      lines.push(lines.length === 0 && text.length > budget ? cutText(text, budget) : text);
      used += text.length + 1;
      index++;
    }
    if (p < pages) start = index;
  }
  if (start >= items.length) return { text: `No more: there are ${items.length} in all.`, start, shown: 0, more: false };
  const more = index < items.length;
  const next = more ? `\nmore: ${items.length - index} more; call again with page=${pages + 1}` : '';
  return { text: `${lines.join('\n')}${next}`, start, shown: lines.length, more };
}

/** The first line of a text, at most `max` characters. */
export function firstLine(text: string, max = 160): string {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
