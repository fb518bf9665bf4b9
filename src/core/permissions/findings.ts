// Findings beyond size: credentials inside rules, personal-looking rules in shared files,
// allow/deny conflicts, dead or risky deny/ask/allow rules, rules kept verbatim because unparsed.
import type { Change, Finding, FindingKind, RuleScope } from './consolidationTypes';
import { buildIndex, findCover } from './ruleIndex';
import type { Entry } from './ruleIndex';
import { normalizeLegacySpecifier } from './commandPattern';
import { credentialsIn, maskFinding, maskSecrets } from './credentials';
import { NO_DEADLINE } from './deadline';
import type { Deadline } from './deadline';
import { parseRule } from './ruleParser';
import type { ListName, RuleLists } from './types';

const HOME_PATH = /(?:\/Users\/|\/home\/|[A-Za-z]:[\\/]+Users[\\/]+|\/\/?[a-z]\/Users\/|\/mnt\/[a-z]\/Users\/)([^/\\\s"')]+)/;

/** An e-mail address, found from each `@` (the regex form backtracked quadratically on long words). */
function hasEmail(text: string): boolean {
  for (let i = text.indexOf('@'); i > 0; i = text.indexOf('@', i + 1)) {
    if (!/[\w.+-]/.test(text[i - 1] ?? '')) continue;
    const domain = /[\w-]+\.[\w.-]*[a-z]{2,}/iy;
    domain.lastIndex = i + 1;
    if (domain.test(text)) return true;
  }
  return false;
}

const PERSONAL_CHECKS: readonly { kind: string; test: (rule: string) => boolean }[] = [
  { kind: 'a home directory path', test: (rule) => HOME_PATH.test(rule) },
  { kind: 'an e-mail address', test: hasEmail },
];

export interface FindingsOptions {
  /** The run's time limit. */
  deadline?: Deadline;
  /** Rules longer than this get only the credential check (they are not analysed). */
  maxRuleChars?: number;
}

/**
 * Findings for one file's lists (the rules as read, before consolidation). `shadowed` lets a
 * caller that already ran the exact tier pass its shadowed-allow changes instead of recomputing
 * them. Every finding names its rule by list and index, and never shows a secret: credentials in
 * the rule text and the message are masked.
 */
export function findingsFor(
  lists: RuleLists<string>,
  scope: RuleScope = 'other',
  shadowed?: readonly ShadowedAllow[],
  options: FindingsOptions = {},
): Finding[] {
  const findings: Finding[] = [];
  const shared = scope === 'project' || scope === 'managed';
  const deadline = options.deadline ?? NO_DEADLINE;
  const maxChars = options.maxRuleChars ?? Infinity;
  for (const list of ['deny', 'ask', 'allow'] as const) {
    lists[list].forEach((raw, index) => {
      deadline.check();
      const at = { list, rule: raw, index };
      for (const c of credentialsIn(raw)) {
        findings.push(
          c.placeholder
            ? {
                kind: 'credential',
                severity: 'warning',
                ...at,
                message: `${list} rule sets a secret variable to a placeholder (${c.kind}: ${c.preview}); check no real value was ever saved here`,
              }
            : {
                kind: 'credential',
                severity: 'error',
                ...at,
                message: `${list} rule carries a credential (${c.kind}: ${c.preview}); remove it and rotate the secret`,
              },
        );
      }
      if (raw.length > maxChars) return;
      if (shared) {
        for (const p of PERSONAL_CHECKS) {
          if (p.test(raw)) {
            findings.push({
              kind: 'personal',
              severity: 'warning',
              ...at,
              message: `${list} rule in a shared settings file holds ${p.kind}; it looks personal and belongs in settings.local.json or the user settings`,
            });
            break;
          }
        }
      }
      const rule = parseRule(raw, list);
      addRuleFindings(findings, list, raw, index, rule.flags, rule.form.kind, rule.notes);
    });
  }
  findings.push(...(shadowed ? conflictsFromChanges(lists, shadowed) : conflicts(lists)));
  return findings.map(maskFinding);
}

function addRuleFindings(
  findings: Finding[],
  list: ListName,
  raw: string,
  index: number,
  flags: string[],
  kind: string,
  notes: string[],
): void {
  const note = notes[0] ?? '';
  const deadFlags = ['neverConsulted', 'shellFragment', 'unquotedOperator', 'nonCanonicalTool', 'mcpWithParens'];
  if (list !== 'allow' && flags.some((f) => deadFlags.includes(f))) {
    const hint = flags.includes('neverConsulted') ? ' Use Edit(…) or Read(…) for the same path to make it effective.' : '';
    findings.push({
      kind: 'deadRule',
      severity: 'warning',
      list,
      rule: raw,
      index,
      message: `${list} rule never matches (${note || flags.join(', ')}); it was kept so nothing you meant to block is dropped silently.${hint}`,
    });
  } else if (flags.includes('ambiguousParam')) {
    findings.push({
      kind: 'ambiguous',
      severity: 'warning',
      list,
      rule: raw,
      index,
      message: `${list} rule ${note}; Claude Code's documentation does not say which, so it is kept verbatim and no other rule is judged against it. Write the form you mean to make it clear.`,
    });
  } else if (kind === 'unparsed') {
    findings.push({
      kind: 'unparsed',
      severity: list === 'allow' ? 'info' : 'warning',
      list,
      rule: raw,
      index,
      message: `rule not understood (${note || 'unknown form'}); kept verbatim`,
    });
  }
  if (flags.includes('unknownTool') && kind !== 'unparsed') {
    findings.push({ kind: 'unknownTool', severity: 'info', list, rule: raw, index, message: note });
  }
  if (list === 'allow' && flags.includes('starBeforeSubcommand')) {
    findings.push({
      kind: 'broadWildcard',
      severity: 'warning',
      list,
      rule: raw,
      index,
      message:
        'allow rule with a `*` before the subcommand: the `*` also matches options that change what runs (e.g. `git * main` matches `git -c core.fsmonitor=… diff main`); Claude Code warns about these at startup',
    });
  }
  if (list === 'allow' && flags.includes('unclosedQuote')) {
    findings.push({
      kind: 'openQuote',
      severity: 'warning',
      list,
      rule: raw,
      index,
      message: 'prefix rule ending inside an open quote: it allows any inline script after that prefix',
    });
  }
}

function conflictFinding(rule: string, index: number | undefined, list: 'deny' | 'ask', cover: string): Finding {
  return {
    kind: 'conflict',
    severity: 'warning',
    list: 'allow',
    rule,
    ...(index !== undefined ? { index } : {}),
    message:
      cover === rule
        ? `the same rule is in allow and ${list}; ${list} wins`
        : `allow rule is fully covered by the ${list} rule ${cover}, which is checked first`,
  };
}

/** What a change in the exact tier tells about a shadowed allow: which rule covers it, and in which list. */
export interface ShadowedAllow {
  removed: string[];
  coveredBy?: string;
  coveredByList?: ListName;
}

/**
 * The rule as the file spells it: the exact tier may have rewritten a legacy `x:*` into `x *`
 * before finding it shadowed, and the finding must name the text the user can search for.
 */
function asWritten(raws: readonly string[]): (rule: string) => string {
  const present = new Set(raws);
  const byNormalized = new Map<string, string>();
  for (const raw of raws) {
    if (!raw.endsWith(':*)')) continue;
    const p = parseRule(raw);
    const spec = p.specifier !== undefined ? normalizeLegacySpecifier(p.specifier) : undefined;
    if (spec !== undefined && !byNormalized.has(`${p.tool}(${spec})`)) byNormalized.set(`${p.tool}(${spec})`, raw);
  }
  return (rule) => (present.has(rule) ? rule : (byNormalized.get(rule) ?? rule));
}

function conflictsFromChanges(lists: RuleLists<string>, shadowed: readonly ShadowedAllow[]): Finding[] {
  const allowText = asWritten(lists.allow);
  const allowIndex = new Map<string, number>();
  lists.allow.forEach((raw, i) => {
    if (!allowIndex.has(raw)) allowIndex.set(raw, i);
  });
  const denyText = asWritten(lists.deny);
  const askText = asWritten(lists.ask);
  return shadowed.flatMap((c) =>
    c.removed.map((rule) => {
      // The list is the one the exact tier found the cover in; the texts are compared as written.
      const list: 'deny' | 'ask' = c.coveredByList === 'ask' ? 'ask' : 'deny';
      const cover = c.coveredBy ?? '';
      const written = allowText(rule);
      const coverWritten = list === 'deny' ? denyText(cover) : askText(cover);
      return conflictFinding(written, allowIndex.get(written), list, rule === cover ? written : coverWritten);
    }),
  );
}

/** Same rule in allow and deny/ask, and allows wholly covered by a deny/ask. */
function conflicts(lists: RuleLists<string>): Finding[] {
  const out: Finding[] = [];
  if (lists.deny.length === 0 && lists.ask.length === 0) return out;
  const indexes = (['deny', 'ask'] as const).map((list) =>
    buildIndex(
      list,
      lists[list].map((raw, index): Entry => ({ raw, rule: parseRule(raw, list), index, removed: false })),
    ),
  );
  const byText = indexes.map((index) => new Map(index.entries.map((e) => [e.raw, e])));
  lists.allow.forEach((raw, i) => {
    const a = parseRule(raw, 'allow');
    for (const [k, index] of indexes.entries()) {
      const same = byText[k]?.get(raw);
      const hit = same ?? findCover(index, a, 'allow', undefined, () => true);
      if (!hit) continue;
      out.push(conflictFinding(raw, i, index.list === 'deny' ? 'deny' : 'ask', hit.raw));
      break;
    }
  });
  return out;
}

/** Findings whose message says the rule is kept: wrong once the rule is removed (the change explains why). */
const KEPT_KINDS: ReadonlySet<FindingKind> = new Set(['unparsed', 'deadRule', 'ambiguous', 'unknownTool']);

/**
 * One truth per rule: findings are computed on the rules as read, so a rule the consolidation
 * removes must not also be reported as kept. Findings that say "kept" are dropped for removed
 * rules (their change carries the reason); the others say that the rule is removed.
 */
export function reconcileFindings(
  findings: Finding[],
  changes: readonly Change[],
  before: RuleLists<string>,
  after: RuleLists<string>,
): Finding[] {
  const renamed = new Map<string, string>();
  const removedBy = new Map<string, Change>();
  for (const c of changes) {
    for (const raw of c.removed) {
      const key = `${c.list}\0${raw}`;
      if (c.kind === 'normalizeLegacy' && c.added[0] !== undefined) renamed.set(key, `${c.list}\0${c.added[0]}`);
      else removedBy.set(key, c);
    }
  }
  if (removedBy.size === 0) return findings;
  const finalSets: Record<ListName, Set<string>> = { allow: new Set(after.allow), ask: new Set(after.ask), deny: new Set(after.deny) };
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.rule === undefined || f.list === undefined || f.kind === 'conflict') {
      out.push(f);
      continue;
    }
    // Findings name rules by index (their text is masked when it holds a secret).
    const raw = f.index !== undefined ? before[f.list][f.index] : f.rule;
    if (raw === undefined) {
      out.push(f);
      continue;
    }
    let key = `${f.list}\0${raw}`;
    for (let guard = 0; guard < 4 && renamed.has(key); guard++) key = renamed.get(key) ?? key;
    const text = key.slice(key.indexOf('\0') + 1);
    const change = removedBy.get(key);
    if (change === undefined || finalSets[f.list].has(text)) {
      out.push(f);
      continue;
    }
    if (KEPT_KINDS.has(f.kind)) continue;
    out.push({ ...f, message: `${f.message} (this consolidation removes the rule: ${maskSecrets(change.reason)})` });
  }
  return out;
}
