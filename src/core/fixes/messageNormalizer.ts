// Turns one error message into its shape: what varies between occurrences of the same error
// (names, literals, paths, positions, addresses, times, numbers) becomes a placeholder, and the
// names that were replaced are kept in order so a fix can be adapted from one place to another.

/** The normalized shape of a message plus the names (quoted or rule-matched) taken out of it, in order. */
export interface NormalizedMessage {
  /** Lower-cased message with placeholders: <q> quoted, <id> bare name, <path>, <url>, <hex>, <time>, <n>. */
  readonly normalized: string;
  /** The texts replaced by <q> and <id>, in the order they were found. */
  readonly identifiers: readonly string[];
}

/** A bare-name rule: the named groups `n1`, `n2`… are names to take out; the rest of the match stays. */
interface NameRule {
  readonly languages: readonly string[] | 'all';
  readonly pattern: RegExp;
}

const QUOTED = /(?<![\w\\])(?:'([^'\n]*)'|"([^"\n]*)"|`([^`\n]*)`|‘([^’\n]*)’|“([^”\n]*)”)(?![A-Za-z0-9_])/g;
const URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"`<>()]+/gi;
const ROOTED_PATH = /(?<![\w/\\.])(?:[A-Za-z]:[\\/]|\.{1,2}[\\/]|~[\\/]|\/)[^\s:'"`()[\]{},;<>]+/g;
const RELATIVE_PATH = /(?<![\w/\\.@-])(?:[\w.@-]+[\\/])+[\w.@-]+\.[A-Za-z]\w{0,5}\b/g;
const FILE_NAME =
  /(?<![\w.-])[\w-][\w.-]*\.(?:tsx?|jsx?|mjs|cjs|mts|cts|pyi?|rs|go|java|kt|cs|c|h|cc|cpp|hpp|rb|php|json|toml|ya?ml|md|vue|svelte)\b/g;
const ISO_TIME = /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g;
const CLOCK = /\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g;
const HEX = /\b0x[0-9a-f]+\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi;
const NUMBER = /(?<![\w.<])[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w>])/gi;

/** Bare (unquoted) names in well-known message shapes, mostly Go, plus `name()` calls anywhere. */
const NAME_RULES: readonly NameRule[] = [
  { languages: 'all', pattern: /(?<![\w.<])(?<n1>[A-Za-z_][\w.]*)(?=\(\))/dg },
  { languages: ['go'], pattern: /^undefined: (?<n1>\S+)$/dg },
  { languages: ['go'], pattern: /^declared and not used: (?<n1>\S+)$/dg },
  { languages: ['go'], pattern: /^(?<n1>\S+) declared (?:and|but) not used$/dg },
  { languages: ['go'], pattern: /^(?<n1>\S+) redeclared in this block$/dg },
  { languages: ['go'], pattern: /^(?<n1>\S+)\.(?<n2>\S+) undefined \(type (?<n3>\S+) has no field or method (?<n4>\S+)\)$/dg },
  {
    languages: ['go'],
    pattern:
      /^cannot use (?<n1>\S+) \((?:variable|constant|value|untyped \w+ constant)(?: of type (?<n2>\S+))?\) as (?<n3>\S+) value in /dg,
  },
  { languages: ['go'], pattern: /^(?:too many|not enough) arguments in call to (?<n1>\S+)$/dg },
  { languages: ['go'], pattern: /(?<n1>[\w.]+) format %\w has arg (?<n2>\S+) of wrong type (?<n3>\S+)$/dg },
  { languages: ['go'], pattern: /^missing return$/dg },
];

/** The line of a (possibly multi-line) message that carries the error: the last exception line of a traceback, else the first line. */
export function headLine(message: string): string {
  const lines = message
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (lines.length === 0) return '';
  if (/^Traceback \(most recent call last\)/.test(lines[0] ?? '')) {
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i] ?? '';
      if (/^[A-Za-z_][\w.]*(?:Error|Exception|Warning|Interrupt|Exit|Iteration)\b(?::|$)/.test(line)) return line;
    }
  }
  return lines[0] ?? '';
}

/** Normalizes one message for `language` (canonical language name, see signature.ts). */
export function normalizeMessage(message: string, language: string): NormalizedMessage {
  const identifiers: string[] = [];
  let text = headLine(message);
  text = text.replace(QUOTED, (_m, a?: string, b?: string, c?: string, d?: string, e?: string) => {
    identifiers.push(a ?? b ?? c ?? d ?? e ?? '');
    return '<q>';
  });
  text = text.replace(URL, '<url>');
  text = text.replace(ROOTED_PATH, '<path>').replace(RELATIVE_PATH, '<path>').replace(FILE_NAME, '<path>');
  text = text.replace(ISO_TIME, '<time>').replace(CLOCK, '<time>');
  text = text.replace(HEX, '<hex>');
  for (const rule of NAME_RULES) {
    if (rule.languages !== 'all' && !rule.languages.includes(language)) continue;
    text = applyNameRule(text, rule.pattern, identifiers);
  }
  text = text.replace(NUMBER, '<n>');
  // "1 positional argument" and "2 positional arguments" are the same error.
  text = text.replace(/(<n> (?:[a-z]+ )?[a-z]+?)s\b/gi, '$1');
  text = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\s]+$/, '')
    .toLowerCase();
  return { normalized: text, identifiers };
}

/** Replaces the named groups n1…n9 of every match by <id>, recording their texts. */
function applyNameRule(text: string, pattern: RegExp, identifiers: string[]): string {
  pattern.lastIndex = 0;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const groups = m.indices?.groups;
    const start = m.index;
    const spans: Array<[number, number, string]> = [];
    if (m.groups) {
      for (let i = 1; i <= 9; i++) {
        const value = m.groups[`n${i}`];
        if (value === undefined) continue;
        const at = groups?.[`n${i}`]?.[0] ?? text.indexOf(value, start);
        spans.push([at, at + value.length, value]);
      }
    }
    spans.sort((x, y) => x[0] - y[0]);
    for (const [from, to, value] of spans) {
      if (from < last) continue;
      out += text.slice(last, from) + '<id>';
      identifiers.push(value);
      last = to;
    }
  }
  return out + text.slice(last);
}
