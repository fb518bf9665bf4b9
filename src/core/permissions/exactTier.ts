// The exact, meaning-preserving tier: duplicates, legacy `:*` → ` *`, dead allow rules, rules
// subsumed by a broader rule of the same list, and allows shadowed by a deny/ask. Deny and ask
// rules are only ever dropped when another rule of the same list covers them.
import type { Change } from './consolidationTypes';
import { normalizeLegacySpecifier } from './commandPattern';
import { buildIndex, candidates, findCover } from './ruleIndex';
import type { Entry, RuleIndex } from './ruleIndex';
import { ruleCovers } from './containment';
import { NO_DEADLINE } from './deadline';
import type { Deadline } from './deadline';
import { parseRule } from './ruleParser';
import type { ListName, RuleFlag, RuleLists } from './types';

/** Flags that make an allow rule unable to ever approve a call. */
const DEAD_IN_ALLOW: Partial<Record<RuleFlag, string>> = {
  unquotedOperator: 'holds an unquoted &&, ;, | or newline; commands are split before matching, so it never matches',
  shellFragment: 'is a shell fragment (loop keyword, comment or dangling operator) that no command ever matches',
  neverConsulted: 'is a path rule on a tool whose paths are never consulted (only Read and Edit paths are)',
  nonCanonicalTool: 'names no Claude Code tool',
  mcpWithParens: 'is an mcp__ rule with parentheses, which is skipped when settings load',
  toolGlobInAllow: 'is a tool-name glob, which allow ignores unless anchored as mcp__<server>__…',
  paramRuleInAllow: 'is a Tool(param:value) rule, which applies in deny and ask only',
};

export interface ExactTierResult {
  rules: RuleLists<string>;
  changes: Change[];
}

function toEntries(raws: string[], list: ListName): Entry[] {
  return raws.map((raw, index) => ({ raw, rule: parseRule(raw, list), index, removed: false }));
}

/** Runs the exact tier on one file's lists. */
export function exactTier(lists: RuleLists<string>, deadline: Deadline = NO_DEADLINE): ExactTierResult {
  const changes: Change[] = [];
  const byList: Record<ListName, Entry[]> = {
    deny: toEntries(lists.deny, 'deny'),
    ask: toEntries(lists.ask, 'ask'),
    allow: toEntries(lists.allow, 'allow'),
  };
  for (const list of ['deny', 'ask', 'allow'] as const) {
    const entries = byList[list];
    removeDuplicates(list, entries, changes);
    normalizeLegacy(list, entries, changes);
    if (list === 'allow') removeDead(entries, changes);
    removeSubsumed(list, entries, changes, deadline);
  }
  removeShadowed(byList, changes, deadline);
  const kept = (list: ListName): string[] => byList[list].filter((e) => !e.removed).map((e) => e.raw);
  return { rules: { allow: kept('allow'), ask: kept('ask'), deny: kept('deny') }, changes };
}

function removeDuplicates(list: ListName, entries: Entry[], changes: Change[]): void {
  const seen = new Map<string, Entry>();
  for (const e of entries) {
    if (e.removed) continue;
    const first = seen.get(e.raw);
    if (first) {
      e.removed = true;
      changes.push({
        tier: 'exact',
        kind: 'duplicate',
        list,
        removed: [e.raw],
        added: [],
        coveredBy: first.raw,
        reason: `exact duplicate of rule #${first.index + 1} in the same list`,
      });
    } else seen.set(e.raw, e);
  }
}

function normalizeLegacy(list: ListName, entries: Entry[], changes: Change[]): void {
  const present = new Set(entries.filter((e) => !e.removed).map((e) => e.raw));
  for (const e of entries) {
    if (e.removed || e.rule.form.kind !== 'command' || !e.rule.flags.includes('legacyColonStar')) continue;
    if (e.rule.tool !== 'Bash' && e.rule.tool !== 'PowerShell') continue;
    const spec = normalizeLegacySpecifier(e.rule.specifier ?? '');
    if (spec === undefined) continue;
    const next = `${e.rule.tool}(${spec})`;
    if (present.has(next)) {
      e.removed = true;
      changes.push({
        tier: 'exact',
        kind: 'duplicate',
        list,
        removed: [e.raw],
        added: [],
        coveredBy: next,
        reason: `same as ${next}: a trailing ":*" is the legacy spelling of " *"`,
      });
      continue;
    }
    changes.push({
      tier: 'exact',
      kind: 'normalizeLegacy',
      list,
      removed: [e.raw],
      added: [next],
      reason: 'the legacy ":*" suffix is written " *" today (same meaning)',
    });
    present.delete(e.raw);
    present.add(next);
    e.raw = next;
    e.rule = parseRule(next, list);
  }
}

function removeDead(entries: Entry[], changes: Change[]): void {
  for (const e of entries) {
    if (e.removed) continue;
    const flag = e.rule.flags.find((f) => DEAD_IN_ALLOW[f] !== undefined);
    if (flag === undefined) continue;
    e.removed = true;
    let reason = `never matches: it ${DEAD_IN_ALLOW[flag] ?? ''}`;
    if (flag === 'neverConsulted' && e.rule.specifier !== undefined) reason += `; Edit(${e.rule.specifier}) is the rule that is read`;
    if (flag === 'nonCanonicalTool' && e.rule.notes[0] !== undefined) reason += ` (${e.rule.notes[0]})`;
    changes.push({ tier: 'exact', kind: 'dead', list: 'allow', removed: [e.raw], added: [], reason });
  }
}

/**
 * Drops every rule covered by a strictly broader rule, or by an equivalent one listed earlier.
 * The maximal rules always survive, so each dropped rule names a kept rule covering it.
 */
function removeSubsumed(list: ListName, entries: Entry[], changes: Change[], deadline: Deadline): void {
  const live = entries.filter((e) => !e.removed);
  const index = buildIndex(list, live);
  const doomed = new Set<Entry>();
  // Loops rather than findCover with a callback: this runs for every rule of every list.
  for (const a of live) {
    deadline.check();
    for (const b of candidates(index, a.rule)) {
      if (b === a || !ruleCovers(b.rule, list, a.rule, list)) continue;
      // b covers a: drop a if b is strictly broader, or equivalent and listed earlier.
      if (ruleCovers(a.rule, list, b.rule, list) && b.index > a.index) continue;
      doomed.add(a);
      break;
    }
  }
  for (const a of live) {
    if (!doomed.has(a)) continue;
    let cover: Entry | undefined;
    for (const b of candidates(index, a.rule)) {
      if (b !== a && !doomed.has(b) && ruleCovers(b.rule, list, a.rule, list)) {
        cover = b;
        break;
      }
    }
    if (!cover) continue; // no kept cover found (the check is incomplete): keep the rule
    a.removed = true;
    changes.push({
      tier: 'exact',
      kind: 'subsumed',
      list,
      removed: [a.raw],
      added: [],
      coveredBy: cover.raw,
      reason: `already covered by ${cover.raw} in the same list`,
    });
  }
}

function removeShadowed(byList: Record<ListName, Entry[]>, changes: Change[], deadline: Deadline): void {
  const blockers: RuleIndex[] = (['deny', 'ask'] as const).map((l) =>
    buildIndex(
      l,
      byList[l].filter((e) => !e.removed),
    ),
  );
  for (const a of byList.allow) {
    if (a.removed) continue;
    deadline.check();
    for (const index of blockers) {
      const cover = findCover(index, a.rule, 'allow', undefined, () => true);
      if (!cover) continue;
      a.removed = true;
      changes.push({
        tier: 'exact',
        kind: 'shadowed',
        list: 'allow',
        removed: [a.raw],
        added: [],
        coveredBy: cover.raw,
        coveredByList: index.list,
        reason: `never takes effect: the ${index.list} rule ${cover.raw} matches every call it would allow, and ${index.list} is checked first`,
      });
      break;
    }
  }
}
