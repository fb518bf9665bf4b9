// An agent asking whether it may use a tool, over the wire: the orchestrator tells the host when a
// session's agent asks and when the question goes away; the host answers on the person's behalf.
import { notificationType, requestType } from './rpc';

export interface ApprovalRequest {
  sessionId: string;
  sessionName: string;
  /** The agent's id for the question (unique while it is pending). */
  requestId: string;
  taskId: string;
  /** The tool the agent wants to use (`Bash`, `Write`, `WebFetch`, …). */
  toolName: string;
  /** What the tool would do, briefly: the command, the file path, the URL… (one line). */
  detail: string;
  /** When the agent asked (ms since the epoch). */
  at: number;
}

export interface AnswerApprovalParams {
  sessionId: string;
  requestId: string;
  allow: boolean;
  /** Why not, told to the agent when `allow` is false. */
  message?: string;
}

export type ApprovalSettlement = 'allowed' | 'denied' | 'withdrawn';

export interface ApprovalSettledParams {
  sessionId: string;
  requestId: string;
  outcome: ApprovalSettlement;
  /** For `withdrawn`: why (the task ended, the session was stopped or deleted). */
  reason?: string;
}

/** Host → orchestrator: every question still waiting for an answer, oldest first. */
export const ListApprovalsRequest = requestType<void, ApprovalRequest[]>('affinity/approvals/list');
/** Host → orchestrator: answers a pending question; an unknown or settled one is refused with why. */
export const AnswerApprovalRequest = requestType<AnswerApprovalParams, ApprovalRequest>('affinity/approvals/answer');
/** Orchestrator → host: a session's agent asks whether it may use a tool; its session is waiting. */
export const ApprovalRequestedNotification = notificationType<ApprovalRequest>('affinity/approvals/requested');
/** Orchestrator → host: a question was answered, or withdrawn because its task ended. */
export const ApprovalSettledNotification = notificationType<ApprovalSettledParams>('affinity/approvals/settled');

/** Host → orchestrator: the rule(s) "Always Allow…" offers for a pending question; with `rules`,
 *  the person's edit checked against the question (problems block saving, warnings do not). */
export interface PreviewAllowRuleParams {
  sessionId: string;
  requestId: string;
  rules?: string[];
}

export interface AllowRulePreview {
  rules: string[];
  /** The settings file the rules go to (the session folder's `.claude/settings.local.json`). */
  file: string;
  folder: string;
  /** What the rules allow beyond this call, in words ('' when exactly this call). */
  extraCoverage: string;
  /** Why this generality, one line per rule (the proposal only). */
  reasons: string[];
  problems: string[];
  warnings: string[];
}

/** Host → orchestrator: add allow rules to a folder's local Claude Code settings, consolidated. */
export interface AddAllowRulesParams {
  folder: string;
  rules: string[];
}

export interface AddedAllowRules {
  file: string;
  added: string[];
  notAdded: { rule: string; reason: string }[];
  /** Rules of the file the new ones cover, removed. */
  removed: string[];
  /** The old file's backup, outside the repository (absent when the file was created or unchanged). */
  backupPath?: string;
  created: boolean;
}

/** A rule suggested by the person's repeated Allow answers in a folder. */
export interface RuleSuggestion {
  id: string;
  folder: string;
  rules: string[];
  extraCoverage: string;
  /** Allows of this kind in the last week. */
  allowsThisWeek: number;
  /** The last calls allowed, as they were shown. */
  examples: string[];
  /** `notNow`: put off; it stays in the dashboard's list. */
  state: 'suggested' | 'notNow';
  suggestedAt: number;
}

export interface ResolveRuleSuggestionParams {
  id: string;
  how: 'add' | 'notNow' | 'never';
}

export interface RuleSuggestionsChanged {
  suggestions: RuleSuggestion[];
  /** A suggestion made just now: the host tells the person, once. */
  newlySuggested?: RuleSuggestion;
}

export const PreviewAllowRuleRequest = requestType<PreviewAllowRuleParams, AllowRulePreview>('affinity/approvals/previewRule');
export const AddAllowRulesRequest = requestType<AddAllowRulesParams, AddedAllowRules>('affinity/approvals/addRules');
export const ListRuleSuggestionsRequest = requestType<void, RuleSuggestion[]>('affinity/approvals/suggestions');
/** Add (writes the rules like AddAllowRulesRequest), Not Now or Never. */
export const ResolveRuleSuggestionRequest = requestType<ResolveRuleSuggestionParams, { added?: AddedAllowRules }>(
  'affinity/approvals/resolveSuggestion',
);
export const RuleSuggestionsNotification = notificationType<RuleSuggestionsChanged>('affinity/approvals/suggestionsChanged');
