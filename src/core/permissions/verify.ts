// The matcher check of a consolidation: every change is replayed and probe calls derived from
// its rules (plus fixed risky calls) are decided before and after; a change that alters a
// decision it may not alter is reported, so consolidate() can revert it.
import type { Change, Mismatch } from './consolidationTypes';
import { NO_DEADLINE } from './deadline';
import type { Deadline } from './deadline';
import { DEFAULT_CONTEXT, compileRuleSet, decide } from './matcher';
import type { CompiledRuleSet } from './matcher';
import { FIXED_PROBES, describeCall, probesForRule } from './probes';
import { parseRule } from './ruleParser';
import type { Decision, ListName, RuleLists, ToolCall } from './types';

/**
 * The decisions a change may legitimately alter: none for exact changes; none → allow for
 * generalizations (compared with the built-in read-only commands modelled, so dropping a rule
 * for `ls` is not a change).
 */
function acceptable(before: Decision, after: Decision, generalized: boolean): boolean {
  if (before === after) return true;
  return generalized && before === 'none' && after === 'allow';
}

export function verifyChanges(
  before: CompiledRuleSet,
  rules: RuleLists<string>,
  changes: Change[],
  original: RuleLists<string>,
  deadline: Deadline = NO_DEADLINE,
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
    deadline.check();
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
