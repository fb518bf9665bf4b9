// Consolidation entry point: exact tier, optional generalizing tier, then every change checked by
// the matcher on probe calls; a change that alters a decision it may not alter is reverted.
import type { Change, ConsolidateOptions, ConsolidationResult, Mismatch } from './consolidationTypes';
import { exactTier } from './exactTier';
import { findingsFor } from './findings';
import { generalizeTier } from './generalizeTier';
import { DEFAULT_CONTEXT, compileRuleSet, decide } from './matcher';
import type { CompiledRuleSet } from './matcher';
import { FIXED_PROBES, describeCall, probesForRule } from './probes';
import { parseRule } from './ruleParser';
import type { Decision, ListName, RuleLists, ToolCall } from './types';

/** Consolidates one file's lists. The input is not modified. */
export function consolidate(input: RuleLists<string>, options: ConsolidateOptions = {}): ConsolidationResult {
  const original: RuleLists<string> = { allow: [...input.allow], ask: [...input.ask], deny: [...input.deny] };
  const first = exactTier(original);
  let changes = first.changes;
  if (options.generalize === true) {
    const gen = generalizeTier(first.rules, {
      ...(options.riskPolicy ? { riskPolicy: options.riskPolicy } : {}),
      ...(options.mergeThreshold !== undefined ? { mergeThreshold: options.mergeThreshold } : {}),
    });
    const second = exactTier(gen.rules);
    changes = [...changes, ...gen.changes, ...second.changes];
  }
  let rules = applyChanges(original, changes);
  let probes = 0;
  let mismatches: Mismatch[] = [];
  let reverted = 0;
  if (options.verify !== false && changes.length > 0) {
    const before = compileRuleSet(original);
    for (let round = 0; round < 25; round++) {
      const check = verifyChanges(before, rules, changes, original);
      probes = check.probes;
      mismatches = check.mismatches;
      if (check.bad.size === 0) break;
      reverted += check.bad.size;
      changes = changes.filter((c) => !check.bad.has(c));
      rules = applyChanges(original, changes);
    }
    if (mismatches.length > 0) {
      reverted += changes.length;
      changes = [];
      rules = original;
    }
  }
  const findings = findingsFor(original, options.scope ?? 'other');
  const count = (l: RuleLists<string>): number => l.allow.length + l.ask.length + l.deny.length;
  return { rules, changes, findings, before: count(original), after: count(rules),
    verification: { probes, mismatches, reverted } };
}

/**
 * Replays changes in order on a copy of the lists: each removes its rules and puts its added
 * rules where the first removed one was. A change whose rules are gone (its basis was reverted)
 * is skipped.
 */
export function applyChanges(lists: RuleLists<string>, changes: Change[]): RuleLists<string> {
  const out: RuleLists<string> = { allow: [...lists.allow], ask: [...lists.ask], deny: [...lists.deny] };
  for (const c of changes) {
    const list = out[c.list];
    if (c.removed.some((r) => !list.includes(r))) continue;
    if (c.coveredBy !== undefined && !list.includes(c.coveredBy) && !(c.kind === 'shadowed')) continue;
    if (c.kind === 'shadowed' && c.coveredBy !== undefined && !out.deny.includes(c.coveredBy) && !out.ask.includes(c.coveredBy)) continue;
    const kept = [...list];
    const positions = [...new Set(c.removed.map((r) => kept.lastIndexOf(r)))].sort((x, y) => y - x);
    for (const i of positions) kept.splice(i, 1); // lastIndexOf: a duplicate's later occurrence goes
    const pos = Math.min(positions[positions.length - 1] ?? kept.length, kept.length);
    const insert = c.added.filter((r) => !kept.includes(r));
    kept.splice(pos, 0, ...insert);
    out[c.list] = kept;
  }
  return out;
}

/**
 * The decisions a change may legitimately alter: none for exact changes; none → allow for
 * generalizations (compared with the built-in read-only commands modelled, so dropping a rule
 * for `ls` is not a change).
 */
function acceptable(before: Decision, after: Decision, generalized: boolean): boolean {
  if (before === after) return true;
  return generalized && before === 'none' && after === 'allow';
}

function verifyChanges(before: CompiledRuleSet, rules: RuleLists<string>, changes: Change[], original: RuleLists<string>):
  { probes: number; mismatches: Mismatch[]; bad: Set<Change> } {
  const after = compileRuleSet(rules);
  const generalized = changes.some((c) => c.tier === 'generalize');
  const calls = new Map<string, ToolCall>();
  const add = (c: ToolCall): void => { calls.set(describeCall(c), c); };
  for (const c of changes) {
    for (const raw of [...c.removed, ...c.added]) for (const p of probesForRule(parseRule(raw, c.list))) add(p);
  }
  if (generalized) {
    for (const list of ['deny', 'ask'] as const) for (const raw of original[list]) for (const p of probesForRule(parseRule(raw, list))) add(p);
  }
  for (const p of FIXED_PROBES) add(p);
  const mismatches: Mismatch[] = [];
  const bad = new Set<Change>();
  for (const [text, call] of calls) {
    const opts = { builtinReadOnly: generalized };
    const b = decide(before, call, DEFAULT_CONTEXT, opts);
    const a = decide(after, call, DEFAULT_CONTEXT, opts);
    if (acceptable(b, a, generalized)) continue;
    mismatches.push({ call: text, before: b, after: a });
    // Revert the latest change touching this call; earlier ones are re-checked in the next round.
    const culprit = [...changes].reverse().find((c) => involves(c, call));
    if (culprit) bad.add(culprit);
  }
  if (mismatches.length > 0 && bad.size === 0) for (const c of changes) bad.add(c);
  return { probes: calls.size, mismatches, bad };
}

function involves(c: Change, call: ToolCall): boolean {
  const lists: Partial<RuleLists<string>> = {};
  const key: ListName = c.list;
  lists[key] = [...c.removed, ...c.added];
  return decide(lists, call) !== 'none';
}
