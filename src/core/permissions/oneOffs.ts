// Evidence that an exact command was approved for one moment only: a process id, a commit hash,
// a temporary path, a generated numeric suffix, a date or timestamp, a local port of the moment,
// a UUID. Each piece of evidence names the text and why it will not recur. Deliberately narrow:
// a version in a package name (`lodash@4.17.21`), a real API's port (`:443`) or an issue number
// is not evidence.
import type { OneOffEvidence, OneOffKind } from './consolidationTypes';
import { programName } from './riskPolicy';
import { shellWords } from './shellSplit';

const WHY: Record<OneOffKind, string> = {
  processId: 'a process id; it will not recur',
  commitHash: 'a commit hash; the same command will not come back with it',
  tempPath: 'a temporary path; it is gone after the session',
  numericSuffix: 'a generated numeric suffix; the next run gets another',
  date: 'a date; the same command will not come back with it',
  timestamp: 'a timestamp; it will not recur',
  ephemeralPort: 'a local port of the moment (dev servers move to the next free port)',
  uuid: 'a generated id (UUID); it will not recur',
};

function ev(kind: OneOffKind, text: string): OneOffEvidence {
  return { kind, text, why: WHY[kind] };
}

/** Programs whose bare numeric arguments are process ids. */
const PID_PROGRAMS = new Set(['kill', 'pstack', 'disown', 'wait']);
/** Options that take a process id (`ps -p 12`, `taskkill /PID 12`, `Stop-Process -Id 12`). */
const PID_OPTIONS = /^(?:-p|--pid|-pid|\/pid|\/\/pid|-id)$/i;
const PID_PROGRAMS_WITH_OPTION = new Set([
  'ps',
  'lsof',
  'strace',
  'ltrace',
  'gdb',
  'perf',
  'renice',
  'top',
  'htop',
  'prlimit',
  'taskset',
  'taskkill',
  'stop-process',
  'get-process',
  'procdump',
  'py-spy',
  'kill',
]);
const LOCAL_HOST =
  /^(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal|10(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2})$/i;
const TEMP_PREFIXES = [
  '/tmp/',
  '/var/tmp/',
  '/private/tmp/',
  '/private/var/folders/',
  '/var/folders/',
  '$TMPDIR/',
  '${TMPDIR}/',
  '%TEMP%\\',
  '%TMP%\\',
  '%TEMP%/',
  '%TMP%/',
];
const WINDOWS_TEMP = /[\\/]AppData[\\/]Local[\\/]Temp[\\/]|^[A-Za-z]:[\\/]+(?:Windows[\\/]+)?Temp[\\/]|^\/\/?[a-z]\/(?:Windows\/)?Temp\//i;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
const ISO_DATE = /(?<![\d.])(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T_ ]\d\d[:.-]?\d\d(?:[:.-]?\d\d)?)?(?![\d.])/;
const CLOCK_TIME = /(?<![\d:.])(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?![\d:.])/;

function unquote(w: string): string {
  return w.replace(/^(["'])([\s\S]*)\1$/, '$2');
}

/** Alphanumeric tokens of a word with where they start (`a1b2c3d..e4f5a6b` → two tokens). */
function alnumTokens(word: string): string[] {
  return word.split(/[^0-9A-Za-z_]+/).filter((t) => t !== '');
}

function commitHash(token: string): boolean {
  return (
    ((token.length >= 7 && token.length <= 40) || token.length === 64) &&
    /^[0-9a-f]+$/.test(token) &&
    /\d/.test(token) &&
    /[a-f]/.test(token)
  );
}

/** A digit run that is a date (`20240501`) or a Unix time in seconds or milliseconds (2001–2100). */
function digitTimestamp(token: string): OneOffKind | undefined {
  if (!/^\d+$/.test(token)) return undefined;
  if (token.length === 8 && /^(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/.test(token)) return 'date';
  if (token.length === 14 && /^(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{6}$/.test(token)) return 'timestamp';
  const n = Number(token);
  if (token.length === 10 && n >= 1_000_000_000 && n < 4_102_444_800) return 'timestamp';
  if (token.length === 13 && n >= 1_000_000_000_000 && n < 4_102_444_800_000) return 'timestamp';
  return undefined;
}

function looksLikePath(w: string): boolean {
  return w.includes('/') || w.includes('\\');
}

/** A path component that is a generated number (`build/Release/612`), not a version (`v1.2.345`, `node/18`). */
function numericComponent(w: string): string | undefined {
  const path = w.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ''); // a URL's path only
  for (const c of path.split(/[\\/]+/)) {
    if (/^\d{3,}$/.test(c)) return c;
    // `run-1712.log`, `build_5678`: a name, then a separator and at least four digits at the end.
    if (/[A-Za-z]/.test(c) && /[-_]\d{4,}(?:\.[A-Za-z][A-Za-z0-9]{0,7})?$/.test(c) && !/\d\.\d/.test(c)) return c;
  }
  return undefined;
}

function localPort(w: string): string | undefined {
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^/\s?#@]*@)?(\[[^\]]+\]|[^/:\s?#]+):(\d{2,5})(?=[/?#]|$)/i.exec(w);
  if (url && LOCAL_HOST.test(url[2] ?? '') && url[3] !== '80' && url[3] !== '443') return `${url[2] ?? ''}:${url[3] ?? ''}`;
  const bare = /^(localhost|127\.0\.0\.1|0\.0\.0\.0):(\d{2,5})(?=[/?#]|$)/i.exec(w);
  if (bare && bare[2] !== '80' && bare[2] !== '443') return `${bare[1] ?? ''}:${bare[2] ?? ''}`;
  return undefined;
}

/** Evidence that an exact command was a one-off approval; empty when there is none. */
export function oneOffEvidence(command: string): OneOffEvidence[] {
  const words = shellWords(command).map((w) => unquote(w.text));
  const out: OneOffEvidence[] = [];
  const prog = programName(words[0] ?? '');
  // Process ids: `kill 33668`, `kill -9 4312`, `taskkill //F //PID 18624`, `ps -p 12`, `/proc/123/…`.
  words.forEach((w, i) => {
    if (i === 0) return;
    const prev = words[i - 1] ?? '';
    // `kill -9 4312` and `kill 4312`, but not the value of `kill -n 9` or `kill -s 15`.
    const bare = PID_PROGRAMS.has(prog) && !/^-(?:n|s|-signal)$/.test(prev);
    if (/^\d{2,7}$/.test(w) && (bare || (PID_PROGRAMS_WITH_OPTION.has(prog) && PID_OPTIONS.test(prev)))) {
      out.push(ev('processId', w));
    }
    const pidOpt = /^--pid=(\d{2,7})$/.exec(w);
    if (pidOpt) out.push(ev('processId', pidOpt[1] ?? ''));
    const proc = /(?:^|\/)proc\/(\d{2,7})(?:\/|$)/.exec(w);
    if (proc) out.push(ev('processId', proc[1] ?? ''));
  });
  // Ports of the moment: local URLs with a port, `lsof -i :3000`, `fuser 3000/tcp`.
  for (const w of words) {
    const p = localPort(w.replace(/^[^=]*=(?=[a-z]+:\/\/)/i, ''));
    if (p !== undefined) out.push(ev('ephemeralPort', p));
  }
  if (prog === 'lsof' || prog === 'fuser') {
    for (const w of words.slice(1)) {
      const m = /^(?:-\w*i)?(?:tcp|udp)?:(\d{2,5})$/i.exec(w) ?? (prog === 'fuser' ? /^(\d{2,5})\/(?:tcp|udp)$/i.exec(w) : null);
      if (m) out.push(ev('ephemeralPort', `:${m[1] ?? ''}`));
    }
  }
  for (const w of words.slice(1)) {
    const value = w.replace(/^-{1,2}[\w-]+=/, '');
    // Temporary paths.
    if (TEMP_PREFIXES.some((t) => value.startsWith(t) || value.includes(`=${t}`)) || WINDOWS_TEMP.test(value))
      out.push(ev('tempPath', value));
    // Generated numbers in paths.
    if (looksLikePath(value)) {
      const n = numericComponent(value);
      if (n !== undefined) out.push(ev('numericSuffix', n));
    }
    // UUIDs, commit hashes, dates and timestamps.
    const uuid = UUID.exec(value);
    if (uuid) out.push(ev('uuid', uuid[0]));
    else
      for (const t of alnumTokens(value)) {
        if (commitHash(t)) out.push(ev('commitHash', t));
        const ts = digitTimestamp(t);
        if (ts !== undefined) out.push(ev(ts, t));
      }
    const date = ISO_DATE.exec(value);
    if (date) out.push(ev(/[T_ ]\d/.test(date[0]) ? 'timestamp' : 'date', date[0]));
    const clock = CLOCK_TIME.exec(value);
    if (clock) out.push(ev('timestamp', clock[0]));
  }
  // One piece of evidence per text, in the order found.
  const seen = new Set<string>();
  return out.filter((e) => {
    const k = `${e.kind}\0${e.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
