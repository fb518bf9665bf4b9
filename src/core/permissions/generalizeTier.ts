// The generalizing tier (opt-in): one-off Bash commands with literal arguments collapsed into a
// prefix rule, many subcommands of one program merged, many tools of one MCP server merged; each
// only under the risk policy, never reaching a deny/ask rule, never with a `*` before a subcommand.
import type { Change, RiskPolicy } from './consolidationTypes';
import { splitMcpName } from './namePatterns';
import { DEFAULT_RISK_POLICY, comparable, normalizedWords, onlyReads, riskyWidening } from './riskPolicy';
import { parseRule } from './ruleParser';
import { isBuiltinReadOnlyCommand, isBuiltinReadOnlyWords } from './builtinReadOnly';
import { shellWords } from './shellSplit';
import { withoutLastWord } from './textScan';
import { extraCoverageFor } from './wideningNotes';
import { NO_DEADLINE } from './deadline';
import type { Deadline } from './deadline';
import type { ParsedRule, RuleLists } from './types';

export interface GeneralizeOptions {
  riskPolicy?: RiskPolicy;
  /** Rules under one program/subcommand (or MCP server) needed to merge them (default 3). */
  mergeThreshold?: number;
  /** One-off commands sharing a prefix needed to collapse them (default 2). */
  minGroup?: number;
  /** Drop allow rules for the built-in read-only commands (default true). */
  dropBuiltinReadOnly?: boolean;
  /** The run's time limit (checked as the tier goes). */
  deadline?: Deadline;
  /**
   * Local ports are of the moment (the pruning tier is on): one-off URLs on `localhost:3011`,
   * `localhost:3012`… group under the host (`http://localhost:*`) instead of one group per port.
   */
  portsOfTheMoment?: boolean;
}

export interface GeneralizeResult {
  rules: RuleLists<string>;
  changes: Change[];
}

const SKIP_FLAGS = new Set([
  'unclosedQuote',
  'multiLine',
  'leakedPlaceholder',
  'powershellAsBash',
  'starBeforeSubcommand',
  'colonStarInMiddle',
]);
const URL_WORD = /^(https?:\/\/[^/\s"'`$]+)(\/.*)?$/;

/** Is this word a literal argument (path, URL, number, hash, quoted text, key=value…)? */
export function isLiteralWord(w: string): boolean {
  if (w.startsWith('-')) return w.includes('=') || /^-\d/.test(w);
  return (
    /^["'`]/.test(w) ||
    w.includes('://') ||
    /[/\\~$*{}@=:]/.test(w) ||
    /^\.\.?$/.test(w) ||
    /^\d+([.,]\d+)*[a-z%]*$/i.test(w) ||
    (/^[0-9a-f]{7,64}$/i.test(w) && /\d/.test(w)) ||
    /\.[A-Za-z0-9]{1,8}$/.test(w) ||
    w.length > 40 ||
    /[^\x20-\x7e]/.test(w) ||
    /^[A-Z]{2,}$/.test(w)
  );
}

const INTERPRETERS = new Set(['python', 'python3', 'py', 'node', 'bash', 'sh', 'zsh', 'ruby', 'perl', 'php', 'deno', 'bun', 'pwsh']);

/** How many leading words name the program itself: an interpreter's `-m module` or script path belongs to it. */
export function programWords(words: string[]): number {
  const prog = normalizedWords(words[0] ?? '')[0] ?? '';
  if (!INTERPRETERS.has(prog)) return 1;
  if (words[1] === '-m' && words[2] !== undefined && !words[2].startsWith('-')) return 3;
  const script = words[1];
  if (script !== undefined && !script.startsWith('-') && /[/\\.]/.test(script) && !/^["'`]/.test(script)) return 2;
  return 1;
}

/** Program words, then plain subcommand words (no options, no literals), at most 3 beyond the program. */
export function commandPath(words: string[]): string[] {
  const n = programWords(words);
  const path = words.slice(0, n);
  for (const w of words.slice(n)) {
    if (w.startsWith('-') || isLiteralWord(w) || path.length >= n + 2) break;
    path.push(w);
  }
  return path;
}

interface Cand {
  raw: string;
  rule: ParsedRule;
  text: string;
  words: string[];
  path: string[];
}

/** Runs the generalizing tier on the allow list (deny/ask only constrain it). */
export function generalizeTier(lists: RuleLists<string>, options: GeneralizeOptions = {}): GeneralizeResult {
  const policy = options.riskPolicy ?? DEFAULT_RISK_POLICY;
  const threshold = Math.max(2, options.mergeThreshold ?? 3);
  const minGroup = Math.max(2, options.minGroup ?? 2);
  const blockers = blockingPrefixes(lists);
  const deadline = options.deadline ?? NO_DEADLINE;
  const changes: Change[] = [];
  let allow = [...lists.allow];

  const unsafe = (words: string[]): string | undefined => {
    deadline.check();
    const norm = normalizedWords(words.join(' '));
    const risky = riskyWidening(norm, policy);
    if (risky !== undefined) return `risk policy: "${risky}"`;
    const blocker = blockers.find((b) => comparable(norm, b.words));
    return blocker ? `would reach the ${blocker.list} rule ${blocker.raw}` : undefined;
  };

  const guardReads = policy.keepReadOnlyGroupsReadOnly !== false;
  allow = mergeSubcommands(allow, threshold, unsafe, changes, guardReads);
  allow = collapseLiterals(allow, minGroup, unsafe, changes, options.portsOfTheMoment === true);
  allow = mergeSubcommands(allow, threshold, unsafe, changes, guardReads);
  allow = mergeMcp(allow, lists, threshold, changes, guardReads);
  if (options.dropBuiltinReadOnly !== false) allow = dropBuiltinReadOnly(allow, changes);
  return { rules: { allow, ask: [...lists.ask], deny: [...lists.deny] }, changes };
}

function blockingPrefixes(lists: RuleLists<string>): { list: string; raw: string; words: string[] }[] {
  const out: { list: string; raw: string; words: string[] }[] = [];
  for (const list of ['deny', 'ask'] as const) {
    for (const raw of lists[list]) {
      const r = parseRule(raw, list);
      if (r.form.kind !== 'command' || r.tool !== 'Bash') continue;
      const p = r.form.pattern;
      const lit = p.exact ? p.normalized : p.literalPrefix;
      const words = shellWords(lit).map((w) => w.text);
      if (!p.exact && !/\s$/.test(lit)) words.pop(); // the last word is cut by the `*`
      if (words.length > 0) out.push({ list, raw, words: normalizedWords(words.join(' ')) });
    }
  }
  return out;
}

function candidate(raw: string): Cand | undefined {
  const rule = parseRule(raw, 'allow');
  if (rule.tool !== 'Bash' || rule.form.kind !== 'command' || rule.flags.some((f) => SKIP_FLAGS.has(f))) return undefined;
  const p = rule.form.pattern;
  let text = p.exact ? p.normalized : p.prefixOnly ? p.normalized.slice(0, -2) : p.literalPrefix;
  // Other wildcard rules count by their complete literal words (the `*` may cut the last one).
  if (!p.exact && !p.prefixOnly) text = /\s$/.test(text) ? text.trimEnd() : withoutLastWord(text);
  const words = shellWords(text).map((w) => w.text);
  const first = words[0];
  if (first === undefined || /^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) return undefined;
  return { raw, rule, text, words, path: commandPath(words) };
}

/** `http://localhost:3011` → `http://localhost:` (a local host with a port other than 80 and 443), else undefined. */
function localHostPrefix(origin: string): string | undefined {
  const m = /^(https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]):)(\d{2,5})$/i.exec(origin);
  return m && m[2] !== '80' && m[2] !== '443' ? m[1] : undefined;
}

function collapseLiterals(
  allow: string[],
  minGroup: number,
  unsafe: (w: string[]) => string | undefined,
  changes: Change[],
  portsOfTheMoment: boolean,
): string[] {
  const groups = new Map<string, { head: string[]; members: string[] }>();
  for (const raw of allow) {
    const c = candidate(raw);
    if (!c || c.rule.form.kind !== 'command' || !c.rule.form.pattern.exact) continue;
    const start = programWords(c.words);
    const k = c.words.findIndex((w, i) => i >= start && isLiteralWord(w));
    if (k < 1) continue;
    const head = c.words.slice(0, k);
    const url = URL_WORD.exec(c.words[k] ?? '');
    // A URL keeps its scheme, host and port (`curl -s http://localhost:3000*`). A local port of the
    // moment is dropped when pruning is on, for URLs with a path: `curl -s http://localhost:*/*`.
    // (Never `…localhost:*`: a rule ending in `:*` is the legacy prefix form, `…localhost *`.)
    const anyPort = portsOfTheMoment && url?.[2] !== undefined ? localHostPrefix(url[1] ?? '') : undefined;
    const origin = url ? (anyPort !== undefined ? `${anyPort}*/` : (url[1] ?? '')) : undefined;
    const spec = origin !== undefined ? `${head.join(' ')} ${origin}*` : `${head.join(' ')} *`;
    const g = groups.get(spec);
    if (g) g.members.push(raw);
    else groups.set(spec, { head: origin !== undefined ? [...head, anyPort ?? origin] : head, members: [raw] });
  }
  const replaced = new Map<string, string>();
  for (const [spec, g] of groups) {
    if (g.members.length < minGroup || unsafe(g.head) !== undefined) continue;
    const added = `Bash(${spec})`;
    for (const m of g.members) replaced.set(m, added);
    changes.push({
      tier: 'generalize',
      kind: 'generalizeLiteral',
      list: 'allow',
      removed: g.members,
      added: [added],
      reason: `${g.members.length} one-off commands differ only in literal arguments after "${g.head.join(' ')}"`,
      extraCoverage: extraCoverageFor(added, g.head, g.members.map(commandText)),
    });
  }
  return substitute(allow, replaced);
}

function mergeSubcommands(
  allow: string[],
  threshold: number,
  unsafe: (w: string[]) => string | undefined,
  changes: Change[],
  guardReads: boolean,
): string[] {
  const cands = allow.map(candidate).filter((c): c is Cand => c !== undefined);
  const replaced = new Map<string, string>();
  const visit = (members: Cand[], depth: number): void => {
    const byNode = new Map<string, Cand[]>();
    for (const c of members) {
      if (c.path.length < depth) continue;
      const key = c.path.slice(0, depth).join('\u0001');
      const bucket = byNode.get(key);
      if (bucket) bucket.push(c);
      else byNode.set(key, [c]);
    }
    for (const group of byNode.values()) {
      const head = (group[0]?.path ?? []).slice(0, depth);
      const distinct = new Set(group.map((c) => c.raw));
      const added = `Bash(${head.join(' ')} *)`;
      const needed = depth <= programWords(group[0]?.words ?? []) ? threshold : Math.max(2, threshold - 1);
      const readOnly = guardReads && onlyReads(group.map((c) => c.words.slice(depth)));
      if (distinct.size >= needed && !(distinct.size === 1 && distinct.has(added)) && !readOnly && unsafe(head) === undefined) {
        const removed = [...distinct].filter((r) => r !== added);
        for (const r of removed) replaced.set(r, added);
        const subs = [...new Set(group.map((c) => c.words[depth]).filter((w): w is string => w !== undefined))].slice(0, 4);
        changes.push({
          tier: 'generalize',
          kind: 'mergeSubcommands',
          list: 'allow',
          removed,
          added: [added],
          reason: `${removed.length} rules for "${head.join(' ')}" merged into one prefix rule`,
          extraCoverage: extraCoverageFor(
            added,
            head,
            subs.length > 0 ? subs.map((s) => `${head.join(' ')} ${s}`) : removed.map(commandText),
          ),
        });
      } else if (depth < 5) {
        visit(group, depth + 1);
      }
    }
  };
  visit(cands, 1);
  return substitute(allow, replaced);
}

function mergeMcp(allow: string[], lists: RuleLists<string>, threshold: number, changes: Change[], guardReads: boolean): string[] {
  const byServer = new Map<string, string[]>();
  for (const raw of allow) {
    const r = parseRule(raw, 'allow');
    if (r.form.kind !== 'mcp' || r.form.tool === undefined) continue;
    const bucket = byServer.get(r.form.server);
    if (bucket) bucket.push(raw);
    else byServer.set(r.form.server, [raw]);
  }
  const replaced = new Map<string, string>();
  for (const [server, members] of byServer) {
    if (members.length < threshold) continue;
    if (guardReads && onlyReads(members.map((m) => [splitMcpName(m)?.tool ?? '']))) continue;
    const guarded = [...lists.deny, ...lists.ask].some((raw) => {
      const r = parseRule(raw, 'deny');
      return (r.form.kind === 'mcp' && r.form.server === server) || r.form.kind === 'toolGlob';
    });
    if (guarded) continue;
    const added = `mcp__${server}`;
    for (const m of members) replaced.set(m, added);
    changes.push({
      tier: 'generalize',
      kind: 'mergeSubcommands',
      list: 'allow',
      removed: members,
      added: [added],
      reason: `${members.length} tools of the MCP server "${server}" merged into one server rule`,
      extraCoverage: `${added} also allows every other tool of the "${server}" server`,
    });
  }
  return substitute(allow, replaced);
}

/**
 * Allow rules for commands Claude Code already runs without a prompt (`ls`, `cat`, `grep`,
 * read-only `git`…). Removing them can only turn an approval into a prompt, never the reverse.
 */
function dropBuiltinReadOnly(allow: string[], changes: Change[]): string[] {
  const removed: string[] = [];
  for (const raw of allow) {
    const c = candidate(raw);
    if (!c || c.rule.form.kind !== 'command') continue;
    const p = c.rule.form.pattern;
    // A rule with a shell glob (`find . -name "*.ts"`) counts when its program is read-only and its
    // literal text has no write-capable flag: every call it matches runs that program, so removing
    // it can only make such a call prompt.
    const text = p.exact || p.prefixOnly ? c.text : p.normalized;
    if (!isBuiltinReadOnlyWords(c.words) || !isBuiltinReadOnlyCommand(text)) continue;
    removed.push(raw);
  }
  // One change per rule, so verification can keep a single rule it disagrees with.
  for (const raw of removed) {
    changes.push({
      tier: 'generalize',
      kind: 'builtinReadOnly',
      list: 'allow',
      removed: [raw],
      added: [],
      reason: 'Claude Code runs this command without a prompt in every mode (built-in read-only set), so the rule is probably redundant',
      extraCoverage:
        'not exactly equivalent: forms the built-in set excludes (redirects, write-capable flags such as find -delete, commands over 10,000 characters) will prompt again',
    });
  }
  const gone = new Set(removed);
  return allow.filter((r) => !gone.has(r));
}

/** The command of a Bash rule, for messages (`Bash(git add .)` → `git add .`). */
function commandText(raw: string): string {
  const r = parseRule(raw, 'allow');
  return r.form.kind === 'command' ? r.form.pattern.normalized : raw;
}

/** Replaces rules in place (the first replaced rule's position gets the new rule) and dedupes. */
function substitute(allow: string[], replaced: Map<string, string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of allow) {
    const next = replaced.get(raw) ?? raw;
    if (seen.has(next)) continue;
    seen.add(next);
    out.push(next);
  }
  return out;
}
