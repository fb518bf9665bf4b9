// Types of a consolidation result: the changes (each with its reason) and the findings.
import type { ListName, RuleLists } from './types';

export type ChangeKind =
  | 'duplicate'
  | 'normalizeLegacy'
  | 'subsumed'
  | 'shadowed'
  | 'dead'
  | 'generalizeLiteral'
  | 'mergeSubcommands'
  | 'builtinReadOnly'
  | 'oneOff';

/**
 * One rewrite of one list. Exact-tier changes never change a decision; generalizing ones widen
 * allow; pruning ones remove one-off allow rules (those commands are asked for again).
 */
export interface Change {
  tier: 'exact' | 'generalize' | 'prune';
  kind: ChangeKind;
  list: ListName;
  /** Rules taken out of the list (exact original text). */
  removed: string[];
  /** Rules put in (empty for pure removals). */
  added: string[];
  /** Why, in words. */
  reason: string;
  /** The kept rule that already covers the removed one(s), when there is one. */
  coveredBy?: string;
  /** The list `coveredBy` is in, when it is not this change's list (an allow shadowed by a deny or ask rule). */
  coveredByList?: ListName;
  /** Generalizations: what the new rule allows that the old ones did not. */
  extraCoverage?: string;
  /** Pruning: why the removed rule was an approval of one moment (the first item is the reason's). */
  evidence?: OneOffEvidence[];
}

export type FindingKind =
  | 'conflict'
  | 'credential'
  | 'personal'
  | 'crossScope'
  | 'deadRule'
  | 'unparsed'
  | 'broadWildcard'
  | 'openQuote'
  | 'misplacedKey'
  | 'unknownTool'
  | 'ambiguous'
  | 'limit'
  | 'report';

export interface Finding {
  kind: FindingKind;
  severity: 'info' | 'warning' | 'error';
  message: string;
  list?: ListName;
  /** The rule concerned, with any secret in it masked (credentials.ts). */
  rule?: string;
  /** The rule's position in its list (0-based), to find it without its text. */
  index?: number;
  /** Files concerned (cross-scope findings). */
  files?: string[];
}

/** Which kind of file the rules come from; it changes which findings apply. */
export type RuleScope = 'user' | 'project' | 'local' | 'managed' | 'other';

/** Commands the generalizing tier never widens, and never widens into. */
export interface RiskPolicy {
  /** Command prefixes (word lists as strings, e.g. `git push --force`, `python -c`). */
  risky: string[];
  /** Do not merge a group whose approvals only read (`bq ls`, `bq show` → not `bq *`). Default true. */
  keepReadOnlyGroupsReadOnly?: boolean;
}

export interface ConsolidateOptions {
  /** Opt into the generalizing tier. Default false. */
  generalize?: boolean;
  /**
   * Opt into the pruning tier: remove allow rules that are literal approvals of one moment (process
   * ids, commit hashes, temporary paths, dates, local ports…). Never widens. Default false.
   */
  prune?: boolean;
  /** Generalizing tier: risky commands (default DEFAULT_RISK_POLICY). */
  riskPolicy?: RiskPolicy;
  /** Generalizing tier: how many rules under one program/subcommand trigger a merge (default 3). */
  mergeThreshold?: number;
  /** The scope of the file, for the personal-rule finding. */
  scope?: RuleScope;
  /** Check every rewrite with the matcher on probe calls and revert any that changes a decision (default true). */
  verify?: boolean;
  /** Names the rules' file in messages (default "the rule lists"). */
  source?: string;
  /** More rules than this (all lists) and the file is not consolidated (default CONSOLIDATION_LIMITS.maxRules). */
  maxRules?: number;
  /** Rules longer than this are kept verbatim and not analysed (default CONSOLIDATION_LIMITS.maxRuleChars). */
  maxRuleChars?: number;
  /** A run longer than this stops and changes nothing (default CONSOLIDATION_LIMITS.deadlineMs). */
  deadlineMs?: number;
  /** The clock the time limit is read on, in milliseconds (tests). */
  clock?: () => number;
}

/** A probe whose decision differed between before and after. */
export interface Mismatch {
  call: string;
  before: string;
  after: string;
}

export interface ConsolidationResult {
  rules: RuleLists<string>;
  changes: Change[];
  findings: Finding[];
  /** Rules before and after, all lists together. */
  before: number;
  after: number;
  verification: { probes: number; mismatches: Mismatch[]; reverted: number };
}

/** The kinds of one-moment literal a pruned rule held (see oneOffs.ts). */
export type OneOffKind = 'processId' | 'commitHash' | 'tempPath' | 'numericSuffix' | 'date' | 'timestamp' | 'ephemeralPort' | 'uuid';

/** Why a command will not recur: the text that shows it and the reason in words. */
export interface OneOffEvidence {
  kind: OneOffKind;
  text: string;
  why: string;
}
