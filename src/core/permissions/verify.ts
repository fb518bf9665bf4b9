// The matcher check of a consolidation: every change is replayed and probe calls derived from its
// rules (plus fixed risky calls) are decided before and after; a change that alters a decision it
// may not alter is reported, so consolidate() can revert it.
//
// A call's decision can only change if a rule that matches it was removed or added. The exact
// tier's changes are therefore checked on their own rules' probes, one rule at a time (matchesRule),
// and a probe is decided in full only when a change's claim fails on it; opt-in tiers (generalize,
// prune) have every probe decided before and after.
import type { Change, Mismatch } from './consolidationTypes';
import { NO_DEADLINE } from './deadline';
import type { Deadline } from './deadline';
import { DEFAULT_CONTEXT, compileRuleSet, decide } from './matcher';
import type { CompiledRuleSet } from './matcher';
import { commandKey, patternKey } from './commandPattern';
import { prepare } from './preparedCommand';
import { FIXED_PROBES, claimProbes, describeCall, probesForRule } from './probes';
import { approvesSomePart, matchesRule } from './ruleMatch';
import { parseRule } from './ruleParser';
import type { Decision, ListName, ParsedRule, RuleLists, ToolCall } from './types';

/**
 * The decisions a change may legitimately alter, call by call: none for exact changes; none →
 * allow when a generalization's new rule approves the call (or a part of it); allow → none when a
 * pruned one-off approved it (that command prompts again). Compared with the built-in
 * read-only commands modelled, so dropping a rule for `ls` is not a change at all.
 */
function acceptable(before: Decision, after: Decision, call: ToolCall, changes: Change[]): boolean {
  if (before === after) return true;
  if (before === 'none' && after === 'allow')
    return changes.some((c) => c.tier === 'generalize' && c.added.some((raw) => approvesSomePart(parseRule(raw, 'allow'), call)));
  if (before === 'allow' && after === 'none')
    return changes.some((c) => c.tier === 'prune' && c.removed.some((raw) => approvesSomePart(parseRule(raw, 'allow'), call)));
  return false;
}

export interface VerifyResult {
  probes: number;
  mismatches: Mismatch[];
  bad: Set<Change>;
}

/** The rule sets before and after, compiled on first use (the exact tier's check rarely needs them). */
class Decider {
  private beforeSet: CompiledRuleSet | undefined;
  private afterSet: CompiledRuleSet | undefined;

  constructor(
    private readonly before: RuleLists<string>,
    private readonly after: RuleLists<string>,
    private readonly opts: { builtinReadOnly: boolean },
  ) {}

  decisions(call: ToolCall): [Decision, Decision] {
    this.beforeSet ??= compileRuleSet(this.before);
    this.afterSet ??= compileRuleSet(this.after);
    return [decide(this.beforeSet, call, DEFAULT_CONTEXT, this.opts), decide(this.afterSet, call, DEFAULT_CONTEXT, this.opts)];
  }
}

/**
 * Checks the changes with the matcher. `original` are the rules as read (those the tiers saw),
 * `rules` the rules after the changes.
 */
export function verifyChanges(
  original: RuleLists<string>,
  rules: RuleLists<string>,
  changes: Change[],
  deadline: Deadline = NO_DEADLINE,
): VerifyResult {
  return changes.every((c) => c.tier === 'exact')
    ? verifyExact(original, rules, changes, deadline)
    : verifyByDecisions(original, rules, changes, deadline);
}

/** Every probe of every change, and the fixed risky probes, decided before and after. */
function verifyByDecisions(original: RuleLists<string>, rules: RuleLists<string>, changes: Change[], deadline: Deadline): VerifyResult {
  const widening = changes.some((c) => c.tier === 'generalize');
  const pruning = changes.some((c) => c.tier === 'prune');
  // The built-in read-only commands are modelled: dropping a rule for `ls` is not a change.
  const decider = new Decider(original, rules, { builtinReadOnly: widening || pruning });
  const calls = new Map<string, ToolCall>();
  const add = (c: ToolCall): void => {
    calls.set(describeCall(c), c);
  };
  for (const c of changes) {
    for (const raw of [...c.removed, ...c.added]) for (const p of probesForRule(parseRule(raw, c.list), changes.length < 400)) add(p);
  }
  if (widening) {
    for (const list of ['deny', 'ask'] as const)
      for (const raw of original[list]) for (const p of probesForRule(parseRule(raw, list))) add(p);
  }
  for (const p of FIXED_PROBES) add(p);
  const out: VerifyResult = { probes: calls.size, mismatches: [], bad: new Set() };
  for (const [text, call] of calls) {
    deadline.check();
    const [b, a] = decider.decisions(call);
    if (acceptable(b, a, call, changes)) continue;
    out.mismatches.push({ call: text, before: b, after: a });
    const culprit = culpritOf(changes, call);
    if (culprit) out.bad.add(culprit);
  }
  if (out.mismatches.length > 0 && out.bad.size === 0) for (const c of changes) out.bad.add(c);
  return out;
}

/**
 * The exact tier's changes each rest on a claim the matcher can check on the removed rule's own
 * probes: a duplicate, subsumed or shadowed rule's cover matches every probe it matched; a dead
 * rule matches none; a legacy `x:*` and its `x *` match the same. Only a probe that breaks its
 * claim (or whose cover is gone from the final lists) is decided in full before and after. The
 * fixed risky probes are checked against the claims of the changes whose rules match them.
 */
function verifyExact(original: RuleLists<string>, rules: RuleLists<string>, changes: Change[], deadline: Deadline): VerifyResult {
  const decider = new Decider(original, rules, { builtinReadOnly: false });
  const claims = new Claims(changes, rules);
  const variants = changes.length < 400;
  const out: VerifyResult = { probes: 0, mismatches: [], bad: new Set() };
  const full = (c: Change | undefined, call: ToolCall): void => {
    const [b, a] = decider.decisions(call);
    if (b === a) return;
    out.mismatches.push({ call: describeCall(call), before: b, after: a });
    const culprit = culpritOf(changes, call) ?? c;
    if (culprit) out.bad.add(culprit);
  };
  for (const c of changes) {
    deadline.check();
    const claim = claims.of(c);
    if (claim === undefined) {
      for (const raw of [...c.removed, ...c.added]) {
        for (const p of probesForRule(parseRule(raw, c.list), variants)) {
          out.probes++;
          full(c, p);
        }
      }
      continue;
    }
    // The same rule (a duplicate whose copy stays, a `x:*` and its `x *`) answers every call alike.
    if (
      claim.kind === 'covered'
        ? claim.cover !== undefined && sameMeaning(claim.rule, claim.cover.rule) && claim.cover.list === c.list
        : claim.kind === 'same' && claim.added !== undefined && sameMeaning(claim.rule, claim.added)
    )
      continue;
    const probes = claimProbes(claim.rule, c.list, variants);
    if (claim.added !== undefined) probes.push(...probesForRule(claim.added, variants));
    out.probes += probes.length;
    for (const p of probes) if (!claims.holds(claim, c.list, p)) full(c, p);
  }
  // The fixed risky calls: only the changes whose removed rule matches one can alter its decision.
  const byKey = new Map<string, { c: Change; claim: Claim | undefined }[]>();
  for (const c of changes) {
    const claim = claims.of(c);
    const key = probeKey(claim?.rule ?? parseRule(c.removed[0] ?? '', c.list));
    const bucket = byKey.get(key);
    if (bucket) bucket.push({ c, claim });
    else byKey.set(key, [{ c, claim }]);
  }
  for (const p of FIXED_PROBES) {
    out.probes++;
    for (const key of callKeys(p)) {
      for (const { c, claim } of byKey.get(key) ?? []) {
        if (
          claim === undefined
            ? [...c.removed, ...c.added].some((raw) => matchesRule(parseRule(raw, c.list), c.list, p))
            : !claims.holds(claim, c.list, p)
        )
          full(c, p);
      }
    }
  }
  if (out.mismatches.length > 0 && out.bad.size === 0) for (const c of changes) out.bad.add(c);
  return out;
}

/** What a change claims: `rule` (removed) matches nothing (dead), or only what `cover` matches, or the same as `added`. */
interface Claim {
  rule: ParsedRule;
  kind: 'dead' | 'covered' | 'same';
  cover?: { rule: ParsedRule; list: ListName } | undefined;
  added?: ParsedRule;
}

/** The claims of the exact tier's changes, with each cover followed to the rule that stands for it at the end. */
class Claims {
  private readonly kept: Record<ListName, Set<string>>;
  /** Where a cover went: renamed (`x:*` → `x *`), or itself removed under another cover (of its list, or a deny/ask rule). */
  private readonly next = new Map<string, { list: ListName; text: string }>();
  private readonly cache = new Map<Change, Claim | undefined>();

  constructor(changes: Change[], rules: RuleLists<string>) {
    this.kept = { allow: new Set(rules.allow), ask: new Set(rules.ask), deny: new Set(rules.deny) };
    for (const c of changes) {
      const removed = c.removed[0];
      if (removed === undefined) continue;
      if (c.kind === 'normalizeLegacy' && c.added[0] !== undefined)
        this.next.set(`${c.list}\0${removed}`, { list: c.list, text: c.added[0] });
      else if (c.coveredBy !== undefined) this.next.set(`${c.list}\0${removed}`, { list: c.coveredByList ?? c.list, text: c.coveredBy });
    }
  }

  /**
   * The rule that stands for `text` of `list` in the final lists, following renames and covers (an
   * allow shadowed by a deny stands under that deny: the calls it matched are still decided, by
   * the deny), or undefined.
   */
  private finalRule(list: ListName, text: string): { list: ListName; text: string } | undefined {
    let at = { list, text };
    for (let guard = 0; guard < 64; guard++) {
      if (this.kept[at.list].has(at.text)) return at;
      const n = this.next.get(`${at.list}\0${at.text}`);
      if (n === undefined || (n.list === at.list && n.text === at.text)) return undefined;
      at = n;
    }
    return undefined;
  }

  of(c: Change): Claim | undefined {
    if (this.cache.has(c)) return this.cache.get(c);
    const claim = this.make(c);
    this.cache.set(c, claim);
    return claim;
  }

  private make(c: Change): Claim | undefined {
    const removed = c.removed[0];
    if (c.removed.length !== 1 || removed === undefined) return undefined;
    const rule = parseRule(removed, c.list);
    if (c.kind === 'normalizeLegacy' && c.added.length === 1 && c.added[0] !== undefined)
      return { rule, kind: 'same', added: parseRule(c.added[0], c.list) };
    if (c.kind === 'dead' && c.added.length === 0) return { rule, kind: 'dead' };
    if (c.coveredBy !== undefined && c.added.length === 0) {
      const end = this.finalRule(c.coveredByList ?? c.list, c.coveredBy);
      return { rule, kind: 'covered', cover: end !== undefined ? { rule: parseRule(end.text, end.list), list: end.list } : undefined };
    }
    return undefined;
  }

  /** True when the claim holds for the call (or the call is not one the removed rule matched). */
  holds(claim: Claim, list: ListName, call: ToolCall): boolean {
    const matched = matchesRule(claim.rule, list, call);
    switch (claim.kind) {
      case 'dead':
        return !matched;
      case 'same':
        return claim.added !== undefined && matched === matchesRule(claim.added, list, call);
      case 'covered':
        return !matched || (claim.cover !== undefined && matchesRule(claim.cover.rule, claim.cover.list, call));
    }
  }
}

/** True when two parsed rules have the same tool and form, so the matcher answers every call alike for them. */
function sameMeaning(a: ParsedRule, b: ParsedRule): boolean {
  if (a === b) return true;
  if (a.tool !== b.tool || a.form.kind !== 'command' || b.form.kind !== 'command') return false;
  const p = a.form.pattern;
  const q = b.form.pattern;
  return p.normalized === q.normalized && p.exact === q.exact && p.prefixOnly === q.prefixOnly && p.ignoreCase === q.ignoreCase;
}

/** Index key of a rule for the fixed probes: its tool and first word for commands, its kind otherwise. */
function probeKey(rule: ParsedRule): string {
  const f = rule.form;
  if (f.kind === 'command') return `${rule.tool}\0${patternKey(f.pattern) ?? '*'}`;
  if (f.kind === 'toolWide' || f.kind === 'toolGlob' || f.kind === 'param' || f.kind === 'unparsed') return 'any';
  return `other\0${f.kind}`;
}

/** The index keys a call may meet (every first word of its command forms, or its kind). */
function callKeys(call: ToolCall): string[] {
  const keys = new Set(['any']);
  if ((call.tool === 'Bash' || call.tool === 'PowerShell') && call.command !== undefined) {
    keys.add(`${call.tool}\0*`);
    const p = prepare(call.tool, call.command);
    for (const form of [...p.denyForms, ...p.allowForms.flat()]) keys.add(`${call.tool}\0${commandKey(form, call.tool === 'PowerShell')}`);
  } else if (call.tool === 'Skill') {
    keys.add('Skill\0*');
    if (call.name !== undefined) keys.add(`Skill\0${commandKey(call.name, false)}`);
  } else {
    for (const kind of ['path', 'domain', 'mcp', 'named']) keys.add(`other\0${kind}`);
  }
  return [...keys];
}

/** The latest change touching this call (earlier ones are re-checked in the next round). */
function culpritOf(changes: Change[], call: ToolCall): Change | undefined {
  for (let i = changes.length - 1; i >= 0; i--) {
    const c = changes[i];
    if (c && [...c.removed, ...c.added].some((raw) => matchesRule(parseRule(raw, c.list), c.list, call))) return c;
  }
  return undefined;
}
