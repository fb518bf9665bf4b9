// The generalizing tier's risk policy: commands that can run arbitrary code or destroy data,
// which a widened allow rule must never reach. Entries are word prefixes; a ` * ` inside an entry
// means "the rest may appear anywhere after" (e.g. `git push * --force`); a trailing ` +` means
// "risky unless the next word is fixed": `npx +` forbids `npx *` but allows `npx prisma *`, and
// `bash +` allows `bash scripts/x.sh *` but never `bash -c *`.
import type { RiskPolicy } from './consolidationTypes';
import { DEFAULT_RISKY } from './riskList';
import { shellWords } from './shellSplit';

/** The safe default list (a setting: callers may pass their own). */
export const DEFAULT_RISK_POLICY: RiskPolicy = {
  risky: [...DEFAULT_RISKY],
  keepReadOnlyGroupsReadOnly: true,
};

/** Verbs that only read; a group made only of these is not widened into writes. */
const READ_VERBS = new Set([
  'ls',
  'list',
  'show',
  'get',
  'view',
  'describe',
  'status',
  'info',
  'help',
  '--help',
  '-h',
  '--version',
  '-v',
  'version',
  'search',
  'query',
  'diff',
  'log',
  'logs',
  'check',
  'checks',
  'validate',
  'whoami',
  'inspect',
  'cat',
  'head',
  'tail',
  'print',
  'find',
  'read',
  'doctor',
  'current',
  'where',
  'which',
  'eval',
  'fmt',
  'plan',
  'outdated',
  'audit',
  'why',
  'explain',
  'top',
]);
const READ_PREFIXES = [
  'get-',
  'get_',
  'list-',
  'list_',
  'print-',
  'describe-',
  'search_',
  'search-',
  'read_',
  'read-',
  'show-',
  'show_',
  'find_',
  'view_',
];
const WRITE_VERBS = new Set([
  'create',
  'delete',
  'rm',
  'remove',
  'update',
  'set',
  'edit',
  'apply',
  'deploy',
  'push',
  'publish',
  'install',
  'uninstall',
  'add',
  'drop',
  'destroy',
  'kill',
  'stop',
  'start',
  'restart',
  'run',
  'exec',
  'write',
  'put',
  'post',
  'patch',
  'merge',
  'close',
  'reopen',
  'transfer',
  'upload',
  'import',
  'reset',
  'revoke',
  'grant',
  'enable',
  'disable',
  'rename',
  'move',
  'mv',
  'cp',
  'sync',
  'prune',
  'clean',
  'purge',
  'rerun',
  'cancel',
  'approve',
  'comment',
  'commit',
  'checkout',
  'login',
  'logout',
  'use',
]);

/** True when a word (a subcommand or an MCP tool name) reads only. */
export function isReadVerb(word: string): boolean {
  const w = word.toLowerCase();
  return READ_VERBS.has(w) || READ_PREFIXES.some((p) => w.startsWith(p));
}

/** True when a word names a change (create, delete, run…). */
export function isWriteVerb(word: string): boolean {
  const w = word.toLowerCase();
  return WRITE_VERBS.has(w) || [...WRITE_VERBS].some((v) => w.startsWith(`${v}_`) || w.startsWith(`${v}-`));
}

/**
 * True when every approval in a group only reads (each has a read verb and none a write verb):
 * merging such a group into `prog *` or `mcp__server` would grant writes nobody approved.
 */
export function onlyReads(groups: string[][]): boolean {
  return groups.length > 0 && groups.every((words) => words.some(isReadVerb) && !words.some(isWriteVerb));
}

interface CompiledRisk {
  anchor: string[];
  anywhere: boolean;
  needsFixedWord: boolean;
  text: string;
}

/** Lower-cased program name without directories, quotes or `.exe`. */
export function programName(word: string): string {
  const unquoted = word.replace(/^["']|["']$/g, '');
  const base = unquoted.split(/[\\/]/).pop() ?? unquoted;
  return base
    .replace(/\.(exe|cmd|bat)$/i, '')
    .replace(/^(python3)\.\d+$/i, '$1')
    .toLowerCase();
}

/** The words of a command prefix with the program normalised (for comparisons only). */
export function normalizedWords(text: string): string[] {
  const words = shellWords(text).map((w) => w.text);
  if (words[0] !== undefined) words[0] = programName(words[0]);
  return words;
}

function compile(policy: RiskPolicy): CompiledRisk[] {
  return policy.risky.map((text) => {
    const needsFixedWord = text.endsWith(' +');
    const body = needsFixedWord ? text.slice(0, -2) : text;
    const star = body.indexOf(' * ');
    const anchorText = star < 0 ? body : body.slice(0, star);
    return { anchor: normalizedWords(anchorText), anywhere: star >= 0, needsFixedWord, text: body };
  });
}

function startsWith(a: string[], b: string[]): boolean {
  return b.length <= a.length && b.every((w, i) => w === a[i]);
}

/** Word lists that are prefixes one of the other. */
export function comparable(a: string[], b: string[]): boolean {
  return startsWith(a, b) || startsWith(b, a);
}

/**
 * The risky entry a widened rule `prefix *` would reach, or undefined when the widening is safe.
 * Unsafe when the prefix and a risky entry are prefixes one of the other (`git *` reaches
 * `git push --force`; `rm -rf build *` is inside `rm`), when an "anywhere" entry's anchor is
 * comparable (`git push origin *` may add `--force`), and when the prefix is only a risky program
 * plus options (`python -u *` may add `-c`).
 */
export function riskyWidening(prefixWords: string[], policy: RiskPolicy): string | undefined {
  for (const r of compiled(policy)) {
    if (r.needsFixedWord && startsWith(prefixWords, r.anchor) && prefixWords.slice(r.anchor.length).some((w) => !w.startsWith('-')))
      continue;
    if (comparable(prefixWords, r.anchor)) return r.text;
    const onlyOptions = prefixWords.slice(1).every((w) => w.startsWith('-'));
    if (onlyOptions && r.anchor[0] === prefixWords[0]) return r.text;
  }
  return undefined;
}

const cache = new WeakMap<RiskPolicy, CompiledRisk[]>();

function compiled(policy: RiskPolicy): CompiledRisk[] {
  let c = cache.get(policy);
  if (!c) {
    c = compile(policy);
    cache.set(policy, c);
  }
  return c;
}
