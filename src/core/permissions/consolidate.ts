// Consolidation entry point: exact tier, optional generalizing tier, then every change checked by
// the matcher on probe calls (verify.ts); a change that alters a decision it may not alter is
// reverted. Bounded: files with too many rules are not consolidated, over-long rules are kept
// verbatim without being analysed, and a run past its time limit stops and changes nothing.
import type { Change, ConsolidateOptions, ConsolidationResult, Finding, Mismatch } from './consolidationTypes';
import { maskFinding } from './credentials';
import { DeadlineExceeded, startDeadline } from './deadline';
import type { Deadline } from './deadline';
import { exactTier } from './exactTier';
import { findingsFor, reconcileFindings } from './findings';
import { generalizeTier } from './generalizeTier';
import { pruneTier } from './pruneTier';
import type { ListName, RuleLists } from './types';
import { verifyChanges } from './verify';

/** Limits of one run: a settings file has tens of rules (the largest real one 312, 2,239 characters at most). */
export const CONSOLIDATION_LIMITS = {
  /** Rules in all lists of one file; past it the file is not consolidated. */
  maxRules: 20_000,
  /** Characters in one rule; longer rules are kept verbatim and not analysed. */
  maxRuleChars: 10_000,
  /** Time for one run; past it the run stops and nothing changes. */
  deadlineMs: 5_000,
} as const;

function count(l: RuleLists<string>): number {
  return l.allow.length + l.ask.length + l.deny.length;
}

/** Nothing changed, with the findings that say why. */
function unchanged(original: RuleLists<string>, findings: Finding[]): ConsolidationResult {
  const n = count(original);
  return { rules: original, changes: [], findings, before: n, after: n, verification: { probes: 0, mismatches: [], reverted: 0 } };
}

/** Consolidates one file's lists. The input is not modified. */
export function consolidate(input: RuleLists<string>, options: ConsolidateOptions = {}): ConsolidationResult {
  const original: RuleLists<string> = { allow: [...input.allow], ask: [...input.ask], deny: [...input.deny] };
  const source = options.source ?? 'the rule lists';
  const maxRules = options.maxRules ?? CONSOLIDATION_LIMITS.maxRules;
  if (count(original) > maxRules) {
    return unchanged(original, [
      {
        kind: 'limit',
        severity: 'error',
        message: `${source}: ${count(original)} rules, more than the ${maxRules} one consolidation reads; nothing was changed (split the file or remove rules by hand)`,
      },
    ]);
  }
  // Over-long rules stay where they are, untouched: the tiers and the check see only the rest.
  const maxChars = options.maxRuleChars ?? CONSOLIDATION_LIMITS.maxRuleChars;
  const limitFindings: Finding[] = [];
  const analysed: RuleLists<string> = { allow: [], ask: [], deny: [] };
  for (const list of ['deny', 'ask', 'allow'] as const) {
    original[list].forEach((raw, i) => {
      if (raw.length <= maxChars) analysed[list].push(raw);
      else
        limitFindings.push(
          maskFinding({
            kind: 'limit',
            severity: 'warning',
            list,
            rule: raw,
            index: i,
            message: `${source}: ${list} rule #${i + 1} is ${raw.length} characters long, more than the ${maxChars} a rule may have to be analysed; it was kept verbatim and no other rule was judged against it`,
          }),
        );
    });
  }
  const limitMs = options.deadlineMs ?? CONSOLIDATION_LIMITS.deadlineMs;
  try {
    const result = consolidateWithin(original, analysed, options, startDeadline(limitMs, options.clock));
    return limitFindings.length > 0 ? { ...result, findings: [...limitFindings, ...result.findings] } : result;
  } catch (e) {
    if (!(e instanceof DeadlineExceeded)) throw e;
    return unchanged(original, [
      ...limitFindings,
      {
        kind: 'limit',
        severity: 'error',
        message: `${source}: the consolidation took longer than its ${limitMs} ms limit and was stopped; nothing was changed`,
      },
    ]);
  }
}

function consolidateWithin(
  original: RuleLists<string>,
  analysed: RuleLists<string>,
  options: ConsolidateOptions,
  deadline: Deadline,
): ConsolidationResult {
  const first = exactTier(analysed, deadline);
  let changes = first.changes;
  let current = first.rules;
  // Generalizing first keeps approvals a safe prefix can cover; pruning then drops the one-offs left.
  if (options.generalize === true) {
    const gen = generalizeTier(current, {
      ...(options.riskPolicy ? { riskPolicy: options.riskPolicy } : {}),
      ...(options.mergeThreshold !== undefined ? { mergeThreshold: options.mergeThreshold } : {}),
      portsOfTheMoment: options.prune === true,
      deadline,
    });
    changes = [...changes, ...gen.changes];
    current = gen.rules;
  }
  if (options.prune === true) {
    const pruned = pruneTier(current, deadline);
    changes = [...changes, ...pruned.changes];
    current = pruned.rules;
  }
  if (options.generalize === true) changes = [...changes, ...exactTier(current, deadline).changes];
  // The tiers and the check see the analysed rules; over-long ones are the same before and after.
  const allAnalysed = count(analysed) === count(original);
  let checked = applyChanges(analysed, changes);
  let probes = 0;
  let mismatches: Mismatch[] = [];
  let reverted = 0;
  if (options.verify !== false && changes.length > 0) {
    for (let round = 0; round < 25; round++) {
      const check = verifyChanges(analysed, checked, changes, deadline);
      probes = check.probes;
      mismatches = check.mismatches;
      if (check.bad.size === 0) break;
      reverted += check.bad.size;
      changes = changes.filter((c) => !check.bad.has(c));
      checked = applyChanges(analysed, changes);
    }
    if (mismatches.length > 0) {
      reverted += changes.length;
      changes = [];
      checked = analysed;
    }
  }
  const rules = allAnalysed ? checked : applyChanges(original, changes);
  const findings = reconcileFindings(
    findingsFor(
      original,
      options.scope ?? 'other',
      first.changes.filter((c) => c.kind === 'shadowed'),
      { deadline, maxRuleChars: options.maxRuleChars ?? CONSOLIDATION_LIMITS.maxRuleChars },
    ),
    changes,
    original,
    rules,
  );
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
