// Credentials inside rules (about 1 corpus file in 14 carries one): finding them, and masking them
// wherever a rule is shown (findings, CLI output, reports), so the tool never prints a secret again.
// Every finder runs in linear time: the three shapes whose regexes backtracked quadratically on
// long runs of one character (a password in a URL or a JSON body, an e-mail address) are scanned
// from their anchor character instead.
import type { Finding } from './consolidationTypes';

/** One secret found in a rule: where it is and a redacted preview. */
export interface CredentialMatch {
  kind: string;
  start: number;
  end: number;
  preview: string;
  /** An obviously fake value (`PASSWORD=test`): reported as a warning. */
  placeholder: boolean;
}

type Finder = (text: string) => { start: number; end: number }[];

function regexFinder(re: RegExp): Finder {
  const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  return (text) => [...text.matchAll(global)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

const WORD = /[A-Za-z0-9_]/;

/** `scheme://user:password@`: anchored on each `://`. */
function passwordsInUrls(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let i = text.indexOf('://'); i >= 0; i = text.indexOf('://', i + 3)) {
    // The scheme: letters, digits, + . - before `://`, starting with a letter at a word boundary (at most 64 back).
    let s = i;
    while (s > 0 && i - s < 64 && /[A-Za-z0-9+.-]/.test(text[s - 1] ?? '')) s--;
    while (s < i && !(/[A-Za-z]/.test(text[s] ?? '') && (s === 0 || !WORD.test(text[s - 1] ?? '')))) s++;
    if (s >= i) continue;
    // user (no `:`), `:`, password (no `@`), `@`; each part stops at the first excluded character.
    let j = i + 3;
    const userStart = j;
    while (j < text.length && !/[\s:@/"']/.test(text[j] ?? '')) j++;
    if (j === userStart || text[j] !== ':') continue;
    const passStart = ++j;
    while (j < text.length && !/[\s@/"']/.test(text[j] ?? '')) j++;
    if (j === passStart || text[j] !== '@') continue;
    out.push({ start: s, end: j + 1 });
  }
  return out;
}

const JSON_KEY = /password|passwd|secret|token/gi;

/** `"password": "value"` (also with escaped quotes): anchored on each key word. */
function passwordsInJson(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const m of text.matchAll(JSON_KEY)) {
    // The key: letters and `_` around the word (at most 64 back), then a quote or backslash on each side.
    let b = m.index;
    while (b > 0 && m.index - b < 64 && /[A-Za-z_]/.test(text[b - 1] ?? '')) b--;
    let q = b;
    while (q > 0 && b - q < 16 && /["\\]/.test(text[q - 1] ?? '')) q--;
    if (q === b) continue;
    let j = m.index + m[0].length;
    const close = j;
    while (j < text.length && /["\\]/.test(text[j] ?? '')) j++;
    if (j === close) continue;
    while (j < text.length && /\s/.test(text[j] ?? '')) j++;
    if (text[j] !== ':') continue;
    j++;
    while (j < text.length && /\s/.test(text[j] ?? '')) j++;
    const open = j;
    while (j < text.length && /["\\]/.test(text[j] ?? '')) j++;
    if (j === open) continue;
    const value = j;
    while (j < text.length && !/["\\\s,}]/.test(text[j] ?? '')) j++;
    if (j - value >= 3) out.push({ start: q, end: j });
  }
  return out;
}

/** Each finder with the lower-case substrings one of which its match always holds (most rules hold none). */
const CREDENTIAL_FINDERS: readonly { kind: string; hints: readonly string[]; find: Finder }[] = [
  { kind: 'Google API key', hints: ['aiza'], find: regexFinder(/AIza[0-9A-Za-z_-]{30,}/) },
  { kind: 'OpenAI/Anthropic API key', hints: ['sk-'], find: regexFinder(/\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}/) },
  {
    kind: 'GitHub token',
    hints: ['gh', 'github_pat_'],
    find: regexFinder(/\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/),
  },
  { kind: 'Slack token', hints: ['xox'], find: regexFinder(/\bxox[abposr]-[A-Za-z0-9-]{10,}/) },
  { kind: 'AWS access key', hints: ['akia'], find: regexFinder(/\bAKIA[0-9A-Z]{16}\b/) },
  { kind: 'JSON Web Token', hints: ['eyj'], find: regexFinder(/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{5,}/) },
  { kind: 'password in a URL', hints: ['://'], find: passwordsInUrls },
  // Environment variables are upper case: `tokens=5` in a cmd loop is not one.
  {
    kind: 'secret in an environment assignment',
    hints: ['passw', 'secret', 'token', 'key'],
    find: regexFinder(/\b[A-Z][A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_KEY)[A-Z0-9_]*=(?:"[^"]*"|'[^']*'|[^\s"']+)/),
  },
  {
    kind: 'secret in a query string or form field',
    hints: ['secret', 'token', 'key', 'passw'],
    find: regexFinder(
      /\b(?:client_secret|access_token|refresh_token|api_?key|apikey|password|passwd|secret)=[^&\s"'()$]{4,}(?![\w.]*\\?\()/i,
    ),
  },
  {
    kind: 'Authorization header',
    hints: ['authorization'],
    find: regexFinder(/Authorization:\s*(?:Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/i),
  },
  { kind: 'user:password for curl -u', hints: ['-u', '--user'], find: regexFinder(/\s(?:-u|--user)\s+[^\s:-][^\s:]*:[^\s*]+/) },
  { kind: 'password in a JSON body', hints: ['passw', 'secret', 'token'], find: passwordsInJson },
];

/** Any finder's hint (case-insensitive). */
const ANY_HINT = new RegExp(
  [...new Set(CREDENTIAL_FINDERS.flatMap((f) => f.hints))].map((h) => h.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'),
  'i',
);

/** Values that are obviously not real secrets: reported, but as a warning. */
const PLACEHOLDER = /=(?:""|''|test|dummy|fake|x+|changeme|placeholder|example|your[_-]?\w*|<[^>]*>)(?:\s|$)/i;

/** Hides most of a secret so reports can be shown without leaking it again. */
export function redact(text: string): string {
  return text.length <= 6 ? '***' : `${text.slice(0, 3)}…${text.slice(-2)} (${text.length} chars)`;
}

/** Every credential a text carries, in order of position (overlapping finds merged into the first). */
export function credentialMatches(text: string): CredentialMatch[] {
  // One scan for any hint first: most rules hold none.
  if (!ANY_HINT.test(text)) return [];
  const lower = text.toLowerCase();
  const out: CredentialMatch[] = [];
  for (const { kind, hints, find } of CREDENTIAL_FINDERS) {
    let hinted = false;
    for (const h of hints) {
      if (lower.includes(h)) {
        hinted = true;
        break;
      }
    }
    if (!hinted) continue;
    for (const { start, end } of find(text)) {
      const found = text.slice(start, end);
      out.push({ kind, start, end, preview: redact(found), placeholder: PLACEHOLDER.test(`${found} `) && !/PASSW/i.test(found) });
    }
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The credentials a rule carries (kind and redacted first match of each kind), empty when none. */
export function credentialsIn(rule: string): { kind: string; preview: string; placeholder: boolean }[] {
  const seen = new Set<string>();
  const out: { kind: string; preview: string; placeholder: boolean }[] = [];
  for (const m of credentialMatches(rule).sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.start - b.start)) {
    if (seen.has(m.kind)) continue;
    seen.add(m.kind);
    out.push({ kind: m.kind, preview: m.preview, placeholder: m.placeholder });
  }
  return out;
}

function kindOrder(kind: string): number {
  return CREDENTIAL_FINDERS.findIndex((f) => f.kind === kind);
}

/** The text with every credential replaced by its redacted preview (`ghp…9f (40 chars)`). */
export function maskSecrets(text: string): string {
  const matches = credentialMatches(text);
  if (matches.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of matches) {
    if (m.start < at) continue; // overlapping: already masked
    out += `${text.slice(at, m.start)}[secret: ${m.preview}]`;
    at = m.end;
  }
  return out + text.slice(at);
}

/** A finding safe to show: its rule text and message with every credential masked. */
export function maskFinding(f: Finding): Finding {
  const rule = f.rule !== undefined ? maskSecrets(f.rule) : undefined;
  const message = maskSecrets(f.message);
  if (rule === f.rule && message === f.message) return f;
  return { ...f, message, ...(rule !== undefined ? { rule } : {}) };
}

/** A change safe to show: the rule texts, reason and extra coverage with every credential masked. */
export function maskChange<C extends { removed: string[]; added: string[]; reason: string; coveredBy?: string; extraCoverage?: string }>(
  c: C,
): C {
  return {
    ...c,
    removed: c.removed.map(maskSecrets),
    added: c.added.map(maskSecrets),
    reason: maskSecrets(c.reason),
    ...(c.coveredBy !== undefined ? { coveredBy: maskSecrets(c.coveredBy) } : {}),
    ...(c.extraCoverage !== undefined ? { extraCoverage: maskSecrets(c.extraCoverage) } : {}),
  };
}
