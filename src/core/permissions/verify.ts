// The matcher check of a consolidation: every change is replayed and probe calls derived from its
// rules (plus fixed risky calls) are decided before and after; a change that alters a decision it
// may not alter is reported, so consolidate() can revert it.
//
// A call's decision can only change if a rule that matches it was removed or added, so a probe is
// first compared list by list, only in the lists that changed; the full decisions are computed
// only when a list's answer differs. That is the same check as deciding every probe twice, at a
// fraction of the cost.
import type { Change, Mismatch } from './consolidationTypes';
import { NO_DEADLINE } from './deadline';
import type { Deadline } from './deadline';
import { DEFAULT_CONTEXT, compileRuleSet, decide, findMatch } from './matcher';
import type { CompiledRuleSet } from './matcher';
import { FIXED_PROBES, describeCall, probesForRule } from './probes';
import { parseRule } from './ruleParser';
import type { Decision, ListName, RuleLists, ToolCall } from './types';

/**
 * The decisions a change may legitimately alter: none for exact changes; none → allow for
 * generalizations; allow → none for pruned one-offs (compared with the built-in read-only
 * commands modelled, so dropping a rule for `ls` is not a change).
 */
function acceptable(before: Decision, after: Decision, widening: boolean, pruning: boolean): boolean {
  if (before === after) return true;
  if (widening && before === 'none' && after === 'allow') return true;
  return pruning && before === 'allow' && after === 'none';
}

export interface VerifyResult {
  probes: number;
  mismatches: Mismatch[];
  bad: Set<Change>;
}

export function verifyChanges(
  before: CompiledRuleSet,
  rules: RuleLists<string>,
  changes: Change[],
  original: RuleLists<string>,
  deadline: Deadline = NO_DEADLINE,
): VerifyResult {
  const after = compileRuleSet(rules);
  const widening = changes.some((c) => c.tier === 'generalize');
  const pruning = changes.some((c) => c.tier === 'prune');
  // With the built-in read-only commands modelled, a decision can change without any list's answer
  // changing for the whole call (a part approved by the built-in set), so every probe is decided.
  const modelBuiltin = widening || pruning;
  const changedLists = [...new Set(changes.map((c) => c.list))];
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
  const mismatches: Mismatch[] = [];
  const bad = new Set<Change>();
  const opts = { builtinReadOnly: modelBuiltin };
  for (const [text, call] of calls) {
    deadline.check();
    if (!modelBuiltin && sameListAnswers(before, after, changedLists, call)) continue;
    const b = decide(before, call, DEFAULT_CONTEXT, opts);
    const a = decide(after, call, DEFAULT_CONTEXT, opts);
    if (acceptable(b, a, widening, pruning)) continue;
    mismatches.push({ call: text, before: b, after: a });
    // Revert the latest change touching this call; earlier ones are re-checked in the next round.
    const culprit = [...changes].reverse().find((c) => involves(c, call));
    if (culprit) bad.add(culprit);
  }
  if (mismatches.length > 0 && bad.size === 0) for (const c of changes) bad.add(c);
  return { probes: calls.size, mismatches, bad };
}

/** True when every changed list answers the call the same before and after (then so does the decision). */
function sameListAnswers(before: CompiledRuleSet, after: CompiledRuleSet, lists: ListName[], call: ToolCall): boolean {
  return lists.every((l) => (findMatch(before[l], call) === undefined) === (findMatch(after[l], call) === undefined));
}

function involves(c: Change, call: ToolCall): boolean {
  const lists: Partial<RuleLists<string>> = {};
  const key: ListName = c.list;
  lists[key] = [...c.removed, ...c.added];
  return decide(lists, call) !== 'none';
}
