// Splits a shell command line into the simple commands Claude Code matches one by one
// (PERMISSIONS-REFERENCE 1.4 "Compound commands"): separators, subshells, `$(…)`, loop bodies,
// comments and heredocs; plus the word tokenizer and the wrapper/env stripping used before matching.

export type ShellDialect = 'bash' | 'powershell';

/** The simple commands of one command line. */
export interface SplitResult {
  /** Each simple command, trimmed, reserved words removed; commands inside `$(…)`/backticks included. */
  parts: string[];
  /** How many of `parts` are top-level commands (the rest come from `$(…)`/backticks). */
  topLevel: number;
  /** True when the line cannot be split (dangling `&&`/`||`/`|`, unclosed quote): no allow rule approves it. */
  unparseable: boolean;
}

const DROP_WORDS = new Set(['then', 'do', 'else', 'fi', 'done', 'esac', '{', '}', ';;', 'in']);
const LEADING_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'done', 'fi', 'esac', '}']);
/** Shell reserved words: never the name of a command that rules are matched against. */
const RESERVED = new Set([...DROP_WORDS, ...LEADING_KEYWORDS, 'for', 'case', 'select', 'function', '[[', ']]']);
const HEADER_KEYWORDS = new Set(['for', 'case', 'select']);

/** Splits `command` into its simple commands. Never throws. */
export function splitCommand(command: string, dialect: ShellDialect = 'bash'): SplitResult {
  const parts: string[] = [];
  const nested: string[] = [];
  const state = { unparseable: false };
  splitInto(command, dialect, parts, nested, state, 0);
  return { parts: [...parts, ...nested], topLevel: parts.length, unparseable: state.unparseable };
}

interface SplitState {
  unparseable: boolean;
}

const SPECIAL = /[;&|\n\r()$`#<'"\\]/;

function splitInto(text: string, dialect: ShellDialect, out: string[], nested: string[], state: SplitState, depth: number): void {
  if (!SPECIAL.test(text)) {
    // Fast path: nothing that splits, quotes or nests.
    const cleaned = cleanPart(text, dialect);
    if (cleaned !== undefined) out.push(cleaned);
    return;
  }
  const escapeChar = dialect === 'powershell' ? '`' : '\\';
  // The current command is `acc` plus text[segStart, i): slices instead of per-character appends.
  let acc = '';
  let segStart = 0;
  let lastSep = '';
  let lastPartEmpty = false;
  const pendingHeredocs: { word: string; stripTabs: boolean }[] = [];
  const flush = (sep: string, at: number, skip: number): void => {
    const current = acc + text.slice(segStart, at);
    const cleaned = cleanPart(current, dialect);
    lastPartEmpty = current.trim() === '';
    if (cleaned !== undefined) out.push(cleaned);
    else if ((sep === '&&' || sep === '||' || sep === '|') && lastPartEmpty) state.unparseable = true;
    acc = '';
    segStart = at + skip;
    lastSep = sep;
  };
  let i = 0;
  let quote: '' | "'" | '"' = '';
  let atWordStart = true;
  let subDepth = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    const next = text[i + 1] ?? '';
    if (quote === "'") {
      if (ch === "'") quote = '';
      i++;
      continue;
    }
    if (ch === escapeChar && i + 1 < text.length) {
      if (next === '\n' && quote === '') {
        acc += text.slice(segStart, i);
        segStart = i + 2;
        i += 2;
        continue;
      } // line continuation
      i += 2;
      atWordStart = false;
      continue;
    }
    if (ch === '$' && next === '(') {
      const end = findClosingParen(text, i + 2, escapeChar);
      if (end < 0) {
        state.unparseable = true;
        i = text.length;
        break;
      }
      // `$((…))` is arithmetic: no command inside.
      if (text[i + 2] !== '(' && depth < 8) splitInto(text.slice(i + 2, end), dialect, nested, nested, state, depth + 1);
      i = end + 1;
      atWordStart = false;
      continue;
    }
    if (ch === '`' && dialect === 'bash') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) {
        state.unparseable = true;
        i = text.length;
        break;
      }
      if (depth < 8) splitInto(text.slice(i + 1, end), dialect, nested, nested, state, depth + 1);
      i = end + 1;
      atWordStart = false;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = '';
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      i++;
      atWordStart = false;
      continue;
    }
    if (dialect === 'bash' && ch === '#' && atWordStart) {
      acc += text.slice(segStart, i);
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      segStart = i;
      continue;
    }
    if (dialect === 'bash' && ch === '<' && next === '<' && text[i + 2] !== '<') {
      const m = /^<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(text.slice(i, i + 200));
      if (m) {
        pendingHeredocs.push({ word: m[3] ?? '', stripTabs: m[1] === '-' });
        i += m[0].length;
        atWordStart = false;
        continue;
      }
    }
    if (ch === '\n' || ch === '\r') {
      if (pendingHeredocs.length > 0) {
        // The heredoc body belongs to the current command; it ends at its delimiter line.
        let j = i + 1;
        for (const h of pendingHeredocs) {
          for (;;) {
            const nl = text.indexOf('\n', j);
            const line = text.slice(j, nl < 0 ? text.length : nl).replace(/\r$/, '');
            j = nl < 0 ? text.length : nl + 1;
            if ((h.stripTabs ? line.replace(/^\t+/, '') : line) === h.word || nl < 0) break;
          }
        }
        pendingHeredocs.length = 0;
        flush('\n', j, 0);
        i = j;
        atWordStart = true;
        continue;
      }
      flush('\n', i, 1);
      i++;
      atWordStart = true;
      continue;
    }
    const prev = text[i - 1] ?? '';
    let sep = '';
    let width = 1;
    if (ch === '&' && next === '&') {
      sep = '&&';
      width = 2;
    } else if (ch === '|' && next === '|') {
      sep = '||';
      width = 2;
    } else if (ch === '|') {
      sep = '|';
      width = next === '&' ? 2 : 1;
    } else if (ch === ';') {
      sep = ';';
      width = next === ';' ? 2 : 1;
    } else if (ch === '&' && dialect === 'bash' && prev !== '>' && prev !== '<' && next !== '>') sep = '&';
    else if (dialect === 'bash' && ch === ')' && subDepth > 0) {
      sep = ')';
      subDepth--;
    } else if (dialect === 'bash' && ch === '(' && (acc + text.slice(segStart, i)).trim() === '') {
      sep = '(';
      subDepth++;
    }
    if (sep !== '') {
      flush(sep, i, width);
      i += width;
      atWordStart = true;
      continue;
    }
    atWordStart = ch === ' ' || ch === '\t';
    i++;
  }
  if (quote !== '') state.unparseable = true;
  const tailEmpty = (acc + text.slice(segStart)).trim() === '';
  if (tailEmpty && (lastSep === '&&' || lastSep === '||' || lastSep === '|')) state.unparseable = true;
  void lastPartEmpty;
  flush('', text.length, 0);
}

function findClosingParen(text: string, from: number, escapeChar: string): number {
  let depth = 1;
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (quote === "'") {
      if (ch === "'") quote = '';
      continue;
    }
    if (ch === escapeChar) {
      i++;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = '';
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Trims a raw part and removes shell reserved words; undefined when nothing executable is left. */
function cleanPart(raw: string, dialect: ShellDialect): string | undefined {
  let s = raw.trim();
  if (s === '') return undefined;
  if (dialect === 'powershell') return s;
  for (let guard = 0; guard < 8; guard++) {
    const first = firstWord(s);
    if (DROP_WORDS.has(s)) return undefined;
    if (HEADER_KEYWORDS.has(first)) return undefined;
    if (LEADING_KEYWORDS.has(first)) {
      s = s.slice(first.length).trim();
      if (s === '') return undefined;
      continue;
    }
    break;
  }
  // A redirection left alone after a closing keyword (`done < file`) belongs to the loop, not a command.
  return s === '' || /^(\d*[<>]|&>)/.test(s) ? undefined : s;
}

function firstWord(s: string): string {
  const m = /^\S+/.exec(s);
  return m ? m[0] : '';
}

/** One shell word with its raw text (quotes kept) and its span in the source string. */
export interface ShellWord {
  text: string;
  start: number;
  end: number;
}

/** Splits one simple command into words, respecting quotes and escapes. */
export function shellWords(s: string, limit = Infinity): ShellWord[] {
  const words: ShellWord[] = [];
  let i = 0;
  while (i < s.length && words.length < limit) {
    while (i < s.length && /\s/.test(s[i] ?? '')) i++;
    if (i >= s.length) break;
    const start = i;
    let quote = '';
    while (i < s.length) {
      const ch = s[i];
      if (quote !== '') {
        if (ch === quote) quote = '';
        else if (ch === '\\' && quote === '"') i++;
        i++;
        continue;
      }
      if (ch === '\\') {
        i += 2;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        i++;
        continue;
      }
      if (/\s/.test(ch ?? '')) break;
      i++;
    }
    const end = Math.min(i, s.length);
    words.push({ text: s.slice(start, end), start, end });
  }
  return words;
}

/** Environment variables whose leading assignment is stripped before matching allow rules. */
export const SAFE_ENV_VARS: ReadonlySet<string> = new Set([
  'NODE_ENV',
  'DEBUG',
  'CI',
  'FORCE_COLOR',
  'NO_COLOR',
  'TERM',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'RUST_BACKTRACE',
  'RUST_LOG',
  'PYTHONUNBUFFERED',
  'PYTHONIOENCODING',
  'PYTHONDONTWRITEBYTECODE',
  'GIT_PAGER',
  'PAGER',
  'COLUMNS',
  'LINES',
  'NODE_OPTIONS',
  'GOFLAGS',
  'CARGO_TERM_COLOR',
]);

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const STRIPPABLE = /^(?:[A-Za-z_][A-Za-z0-9_]*=|(?:nohup|builtin|noglob|command|xargs|time|nice|timeout|stdbuf)(?:\s|$))/;

/**
 * The forms of one simple command that rules are matched against: the command itself, then each
 * form left after stripping one wrapper (`timeout`, `nice`, `nohup`, …) or one leading environment
 * assignment. Allow rules strip only known-safe assignments; deny and ask strip any.
 */
export function matchForms(sub: string, list: 'allow' | 'deny'): string[] {
  const forms = [sub];
  if (!STRIPPABLE.test(sub)) return forms;
  let s = sub;
  for (let guard = 0; guard < 12; guard++) {
    const next = stripOne(s, list);
    if (next === undefined || next === s || next === '' || RESERVED.has(firstWord(next))) break;
    forms.push(next);
    s = next;
  }
  return forms;
}

function isOptionAt(words: ShellWord[], k: number): boolean {
  return (words[k]?.text ?? '').startsWith('-');
}

function restFrom(s: string, words: ShellWord[], k: number): string | undefined {
  const w = words[k];
  return w ? s.slice(w.start) : undefined;
}

function stripOne(s: string, list: 'allow' | 'deny'): string | undefined {
  const words = shellWords(s, 8);
  const w0 = words[0];
  if (!w0) return undefined;
  if (ASSIGNMENT.test(w0.text)) {
    const name = w0.text.slice(0, w0.text.indexOf('='));
    if (list === 'deny' || SAFE_ENV_VARS.has(name)) return restFrom(s, words, 1);
    return undefined;
  }
  switch (w0.text) {
    case 'nohup':
    case 'builtin':
    case 'noglob':
      return restFrom(s, words, 1);
    case 'command':
    case 'xargs':
      return isOptionAt(words, 1) ? undefined : restFrom(s, words, 1);
    case 'time':
      return restFrom(s, words, words[1]?.text === '-p' ? 2 : 1);
    case 'nice': {
      let k = 1;
      if (words[k]?.text === '-n') k += 2;
      else if (/^(-\d+|--adjustment=\S+|-n\d+)$/.test(words[k]?.text ?? '')) k++;
      return restFrom(s, words, k);
    }
    case 'timeout': {
      let k = 1;
      while (isOptionAt(words, k)) k += /^(-s|-k|--signal|--kill-after)$/.test(words[k]?.text ?? '') ? 2 : 1;
      return /^\d+(\.\d+)?[smhd]?$/.test(words[k]?.text ?? '') ? restFrom(s, words, k + 1) : undefined;
    }
    case 'stdbuf': {
      let k = 1;
      while (isOptionAt(words, k)) k += /^-[ioe]$/.test(words[k]?.text ?? '') ? 2 : 1;
      return restFrom(s, words, k);
    }
    default:
      return undefined;
  }
}

/** True when `s` has a quote that is never closed (reading shell quoting rules). */
export function hasUnclosedQuote(s: string): boolean {
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote === "'") {
      if (ch === "'") quote = '';
      continue;
    }
    if (ch === '\\') {
      i++;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = '';
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
  }
  return quote !== '';
}

const EXEC_WRAPPERS = new Set(['watch', 'setsid', 'ionice', 'flock']);

/** Exec wrappers and `find -exec/-delete` cannot be approved by a prefix rule (2.1.113). */
export function isExecWrapperCommand(part: string): boolean {
  const first = /^\S+/.exec(part)?.[0] ?? '';
  if (EXEC_WRAPPERS.has(first)) return true;
  return first === 'find' && /\s-(exec|execdir|ok|okdir|delete)(\s|$)/.test(part);
}
