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
const LEADING_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{']);
const HEADER_KEYWORDS = new Set(['for', 'case', 'select']);

/** Splits `command` into its simple commands. Never throws. */
export function splitCommand(command: string, dialect: ShellDialect = 'bash'): SplitResult {
  const parts: string[] = [];
  const nested: string[] = [];
  const state = { unparseable: false };
  splitInto(command, dialect, parts, nested, state, 0);
  return { parts: [...parts, ...nested], topLevel: parts.length, unparseable: state.unparseable };
}

interface SplitState { unparseable: boolean }

function splitInto(text: string, dialect: ShellDialect, out: string[], nested: string[], state: SplitState, depth: number): void {
  const escapeChar = dialect === 'powershell' ? '`' : '\\';
  let current = '';
  let lastSep = '';
  const pendingHeredocs: { word: string; stripTabs: boolean }[] = [];
  const flush = (sep: string): void => {
    const cleaned = cleanPart(current, dialect);
    if (cleaned !== undefined) out.push(cleaned);
    else if ((sep === '&&' || sep === '||' || sep === '|') && current.trim() === '') state.unparseable = true;
    current = '';
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
      current += ch;
      if (ch === "'") quote = '';
      i++;
      continue;
    }
    if (ch === escapeChar && i + 1 < text.length) {
      if (next === '\n' && quote === '') { i += 2; continue; } // line continuation
      current += ch + next;
      i += 2;
      atWordStart = false;
      continue;
    }
    if (ch === '$' && next === '(' && text[i + 2] === '(') {
      // Arithmetic expansion: no command inside.
      const end = findClosingParen(text, i + 2, escapeChar);
      const stop = end < 0 ? text.length : end + 1;
      current += text.slice(i, stop);
      i = stop;
      atWordStart = false;
      continue;
    }
    if (ch === '$' && next === '(') {
      const end = findClosingParen(text, i + 2, escapeChar);
      if (end < 0) { state.unparseable = true; current += text.slice(i); break; }
      if (depth < 8) splitInto(text.slice(i + 2, end), dialect, nested, nested, state, depth + 1);
      current += text.slice(i, end + 1);
      i = end + 1;
      atWordStart = false;
      continue;
    }
    if (ch === '`' && dialect === 'bash') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) { state.unparseable = true; current += text.slice(i); break; }
      if (depth < 8) splitInto(text.slice(i + 1, end), dialect, nested, nested, state, depth + 1);
      current += text.slice(i, end + 1);
      i = end + 1;
      atWordStart = false;
      continue;
    }
    if (quote === '"') {
      current += ch;
      if (ch === '"') quote = '';
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
      i++;
      atWordStart = false;
      continue;
    }
    if (dialect === 'bash' && ch === '#' && atWordStart) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (dialect === 'bash' && ch === '<' && next === '<' && text[i + 2] !== '<') {
      const m = /^<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(text.slice(i));
      if (m) {
        pendingHeredocs.push({ word: m[3] ?? '', stripTabs: m[1] === '-' });
        current += m[0];
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
        current += text.slice(i, j);
        i = j;
        flush('\n');
        atWordStart = true;
        continue;
      }
      flush('\n');
      i++;
      atWordStart = true;
      continue;
    }
    const prev = text[i - 1] ?? '';
    if (ch === '&' && (next === '&')) { flush('&&'); i += 2; atWordStart = true; continue; }
    if (ch === '|' && next === '|') { flush('||'); i += 2; atWordStart = true; continue; }
    if (ch === '|') { flush('|'); i += next === '&' ? 2 : 1; atWordStart = true; continue; }
    if (ch === ';') { flush(';'); i += next === ';' ? 2 : 1; atWordStart = true; continue; }
    if (ch === '&' && dialect === 'bash' && prev !== '>' && prev !== '<' && next !== '>') {
      flush('&');
      i++;
      atWordStart = true;
      continue;
    }
    if (dialect === 'bash' && ((ch === ')' && subDepth > 0) || (ch === '(' && current.trim() === ''))) {
      // Subshell parentheses at the start of a command; a `)` closes one.
      subDepth += ch === '(' ? 1 : -1;
      flush(ch);
      i++;
      atWordStart = true;
      continue;
    }
    current += ch;
    atWordStart = ch === ' ' || ch === '\t';
    i++;
  }
  if (quote !== '') state.unparseable = true;
  const dangling = current.trim() === '' && (lastSep === '&&' || lastSep === '||' || lastSep === '|');
  if (dangling) state.unparseable = true;
  flush('');
}

function findClosingParen(text: string, from: number, escapeChar: string): number {
  let depth = 1;
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (quote === "'") { if (ch === "'") quote = ''; continue; }
    if (ch === escapeChar) { i++; continue; }
    if (quote === '"') { if (ch === '"') quote = ''; continue; }
    if (ch === "'" || ch === '"') { quote = ch; continue; }
    if (ch === '(') depth++;
    else if (ch === ')') { depth--; if (depth === 0) return i; }
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
    if (LEADING_KEYWORDS.has(first)) { s = s.slice(first.length).trim(); if (s === '') return undefined; continue; }
    break;
  }
  return s === '' ? undefined : s;
}

function firstWord(s: string): string {
  const m = /^\S+/.exec(s);
  return m ? m[0] : '';
}

/** One shell word with its raw text (quotes kept) and its span in the source string. */
export interface ShellWord { text: string; start: number; end: number }

/** Splits one simple command into words, respecting quotes and escapes. */
export function shellWords(s: string): ShellWord[] {
  const words: ShellWord[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i] ?? '')) i++;
    if (i >= s.length) break;
    const start = i;
    let quote = '';
    while (i < s.length) {
      const ch = s[i];
      if (quote !== '') { if (ch === quote) quote = ''; else if (ch === '\\' && quote === '"') i++; i++; continue; }
      if (ch === '\\') { i += 2; continue; }
      if (ch === "'" || ch === '"') { quote = ch; i++; continue; }
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
  'NODE_ENV', 'DEBUG', 'CI', 'FORCE_COLOR', 'NO_COLOR', 'TERM', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ',
  'RUST_BACKTRACE', 'RUST_LOG', 'PYTHONUNBUFFERED', 'PYTHONIOENCODING', 'PYTHONDONTWRITEBYTECODE',
  'GIT_PAGER', 'PAGER', 'COLUMNS', 'LINES', 'NODE_OPTIONS', 'GOFLAGS', 'CARGO_TERM_COLOR',
]);

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * The forms of one simple command that rules are matched against: the command itself, then each
 * form left after stripping one wrapper (`timeout`, `nice`, `nohup`, …) or one leading environment
 * assignment. Allow rules strip only known-safe assignments; deny and ask strip any.
 */
export function matchForms(sub: string, list: 'allow' | 'deny'): string[] {
  const forms = [sub];
  let s = sub;
  for (let guard = 0; guard < 12; guard++) {
    const next = stripOne(s, list);
    if (next === undefined || next === s || next === '') break;
    forms.push(next);
    s = next;
  }
  return forms;
}

function stripOne(s: string, list: 'allow' | 'deny'): string | undefined {
  const words = shellWords(s);
  const w0 = words[0];
  if (!w0) return undefined;
  const rest = (k: number): string | undefined => { const w = words[k]; return w ? s.slice(w.start) : undefined; };
  const isOpt = (k: number): boolean => (words[k]?.text ?? '').startsWith('-');
  if (ASSIGNMENT.test(w0.text)) {
    const name = w0.text.slice(0, w0.text.indexOf('='));
    if (list === 'deny' || SAFE_ENV_VARS.has(name)) return rest(1);
    return undefined;
  }
  switch (w0.text) {
    case 'nohup': case 'builtin': case 'noglob':
      return rest(1);
    case 'command':
      return isOpt(1) ? undefined : rest(1);
    case 'xargs':
      return isOpt(1) ? undefined : rest(1);
    case 'time': {
      let k = 1;
      if (words[k]?.text === '-p') k++;
      return rest(k);
    }
    case 'nice': {
      let k = 1;
      if (words[k]?.text === '-n') k += 2;
      else if (/^(-\d+|--adjustment=\S+|-n\d+)$/.test(words[k]?.text ?? '')) k++;
      return rest(k);
    }
    case 'timeout': {
      let k = 1;
      while (isOpt(k)) {
        const t = words[k]?.text ?? '';
        k += /^(-s|-k|--signal|--kill-after)$/.test(t) ? 2 : 1;
      }
      return /^\d+(\.\d+)?[smhd]?$/.test(words[k]?.text ?? '') ? rest(k + 1) : undefined;
    }
    case 'stdbuf': {
      let k = 1;
      while (isOpt(k)) k += /^-[ioe]$/.test(words[k]?.text ?? '') ? 2 : 1;
      return rest(k);
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
    if (quote === "'") { if (ch === "'") quote = ''; continue; }
    if (ch === '\\') { i++; continue; }
    if (quote === '"') { if (ch === '"') quote = ''; continue; }
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
