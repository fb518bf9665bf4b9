// Consolidation entry point: exact tier, optional generalizing tier, then every change checked by
// the matcher on probe calls; a change that alters a decision it may not alter is reverted.
import type { Change, ConsolidateOptions, ConsolidationResult, Mismatch } from './consolidationTypes';
import { exactTier } from './exactTier';
import { findingsFor, reconcileFindings } from './findings';
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
  const findings = reconcileFindings(
    findingsFor(
      original,
      options.scope ?? 'other',
      first.changes.filter((c) => c.kind === 'shadowed'),
    ),
    changes,
    rules,
  );
  const count = (l: RuleLists<string>): number => l.allow.length + l.ask.length + l.deny.length;
  return { rules, changes, findings, before: count(original), after: count(rules), verification: { probes, mismatches, reverted } };
}

/** A list being replayed: slots keep the original order; a value's slots are found by a map. */
interface LiveList {
  slots: string[][];
  where: Map<string, number[]>;
}

function liveList(values: string[]): LiveList {
  const live: LiveList = { slots: values.map((v) => [v]), where: new Map() };
  values.forEach((v, i) => {
    const at = live.where.get(v);
    if (at) at.push(i);
    else live.where.set(v, [i]);
  });
  return live;
}

function has(live: LiveList, v: string): boolean {
  return (live.where.get(v)?.length ?? 0) > 0;
}

/** Removes the last occurrence of `v` (a duplicate's later copy) and returns its slot. */
function take(live: LiveList, v: string): number {
  const at = live.where.get(v);
  const slot = at?.pop();
  if (slot === undefined) return -1;
  const values = live.slots[slot] ?? [];
  values.splice(values.lastIndexOf(v), 1);
  return slot;
}

function put(live: LiveList, slot: number, v: string): void {
  live.slots[slot]?.push(v);
  const at = live.where.get(v);
  if (at) {
    at.push(slot);
    at.sort((a, b) => a - b);
  } else live.where.set(v, [slot]);
}

/**
 * Replays changes in order on a copy of the lists: each removes its rules and puts its added
 * rules where the first removed one was. A change whose rules are gone (its basis was reverted)
 * is skipped. Linear in the number of rules and changes.
 */
export function applyChanges(lists: RuleLists<string>, changes: Change[]): RuleLists<string> {
  const live: Record<ListName, LiveList> = { allow: liveList(lists.allow), ask: liveList(lists.ask), deny: liveList(lists.deny) };
  for (const c of changes) {
    const list = live[c.list];
    if (c.removed.some((r) => !has(list, r))) continue;
    if (c.coveredBy !== undefined) {
      const present = c.kind === 'shadowed' ? has(live.deny, c.coveredBy) || has(live.ask, c.coveredBy) : has(list, c.coveredBy);
      if (!present) continue;
    }
    let first = -1;
    for (const r of c.removed) {
      const slot = take(list, r);
      if (first < 0 || slot < first) first = slot;
    }
    for (const a of c.added) {
      if (has(list, a)) continue;
      if (first < 0) {
        list.slots.push([]);
        first = list.slots.length - 1;
      }
      put(list, first, a);
    }
  }
  const flat = (l: LiveList): string[] => l.slots.flat();
  return { allow: flat(live.allow), ask: flat(live.ask), deny: flat(live.deny) };
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

function verifyChanges(
  before: CompiledRuleSet,
  rules: RuleLists<string>,
  changes: Change[],
  original: RuleLists<string>,
): { probes: number; mismatches: Mismatch[]; bad: Set<Change> } {
  const after = compileRuleSet(rules);
  const generalized = changes.some((c) => c.tier === 'generalize');
  const calls = new Map<string, ToolCall>();
  const add = (c: ToolCall): void => {
    calls.set(describeCall(c), c);
  };
  for (const c of changes) {
    for (const raw of [...c.removed, ...c.added]) for (const p of probesForRule(parseRule(raw, c.list), changes.length < 400)) add(p);
  }
  if (generalized) {
    for (const list of ['deny', 'ask'] as const)
      for (const raw of original[list]) for (const p of probesForRule(parseRule(raw, list))) add(p);
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
