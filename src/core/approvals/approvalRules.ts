// Rules from the person's answers to agents' permission questions: the rule "Always Allow…" offers
// for a pending question (at a sensible generality under the risk policy, with what it newly
// allows, and checked again when the person edits it), writing rules to the session folder's
// `.claude/settings.local.json` through the consolidation engine, and the answers kept to suggest
// rules (RuleSuggestions).
import { proposeRuleFor } from '../permissions/alwaysAllow';
import type { RiskPolicy } from '../permissions/consolidationTypes';
import { addLocalAllowRules, localSettingsFile, type AddedRules } from '../permissions/localRules';
import { compileRuleSet, decide } from '../permissions/matcher';
import { normalizedWords, riskyWidening } from '../permissions/riskPolicy';
import { parseRule } from '../permissions/ruleParser';
import { extraCoverageFor } from '../permissions/wideningNotes';
import type { ToolCall } from '../permissions/types';
import type { SessionManager } from '../sessions/sessionManager';
import type { Approval, ApprovalQueue } from './approvalQueue';
import type { RuleSuggestions } from './ruleSuggestions';
import { toolCallOf } from './toolCall';

export interface RulePreview {
  /** The rules (proposed, or as edited). */
  rules: string[];
  /** The settings file they would be added to. */
  file: string;
  folder: string;
  /** What they allow beyond this call, in words ('' when exactly this call). */
  extraCoverage: string;
  /** Why this generality (the proposal), one line per rule. */
  reasons: string[];
  /** Why the rules cannot be saved as they are (not a rule, does not allow this call). */
  problems: string[];
  /** Worth a second look, but allowed (an edit widens a command the risk policy never widens). */
  warnings: string[];
}

export interface ApprovalRulesDeps {
  queue: ApprovalQueue;
  manager: SessionManager;
  suggestions: RuleSuggestions;
  riskPolicy(): RiskPolicy;
  /** Where backups of rewritten settings files go (outside every repository). */
  backupRoot(): string | undefined;
  /** Whether a folder may be written to (a workspace folder or inside one). */
  isWorkspaceFolder(folder: string): boolean;
  log(message: string): void;
}

export class ApprovalRules {
  constructor(private readonly deps: ApprovalRulesDeps) {}

  private pending(sessionId: string, requestId: string): { approval: Approval; folder: string; call: ToolCall } {
    const approval = this.deps.queue.get(sessionId, requestId);
    if (!approval) throw new Error('That permission request was already answered, or its task ended.');
    const folder = this.deps.manager.get(sessionId)?.folder;
    if (folder === undefined) throw new Error(`There is no session ${sessionId}.`);
    return { approval, folder, call: toolCallOf(approval.toolName, approval.input, folder) };
  }

  /** The rule(s) Always Allow… offers for a pending question, or `rules` (an edit) checked against it. */
  preview(sessionId: string, requestId: string, edited?: readonly string[]): RulePreview {
    const { folder, call } = this.pending(sessionId, requestId);
    const policy = this.deps.riskPolicy();
    const proposal = proposeRuleFor(call, policy);
    const base = { file: localSettingsFile(folder), folder };
    if (edited === undefined)
      return {
        ...base,
        rules: proposal.rules,
        extraCoverage: proposal.extraCoverage,
        reasons: proposal.reasons,
        problems: [],
        warnings: [],
      };
    const rules = edited.map((r) => r.trim()).filter((r) => r !== '');
    const problems: string[] = [];
    const warnings: string[] = [];
    const extra: string[] = [];
    if (rules.length === 0) problems.push('Enter a rule, such as Bash(npm test *).');
    for (const rule of rules) {
      const parsed = parseRule(rule, 'allow');
      if (parsed.form.kind === 'unparsed') {
        problems.push(`${rule} is not a rule Claude Code reads.`);
        continue;
      }
      if (parsed.form.kind === 'toolWide') warnings.push(`${rule} allows every ${parsed.tool} call, whatever it does.`);
      if (parsed.form.kind === 'command' && !parsed.form.pattern.exact) {
        const head = parsed.form.pattern.literalPrefix.trim();
        const words = head.split(/\s+/).filter((w) => w !== '');
        const risky = words.length > 0 ? riskyWidening(normalizedWords(head), policy) : 'everything';
        if (risky !== undefined) warnings.push(`${rule} widens "${risky}", which Agent Affinity never widens on its own.`);
        if (words.length > 0) extra.push(extraCoverageFor(rule, words, call.command !== undefined ? [call.command] : []));
      }
    }
    if (problems.length === 0 && decide(compileRuleSet({ allow: rules }), call) !== 'allow')
      problems.push(`${rules.length === 1 ? 'This rule does' : 'These rules do'} not allow the call the agent asked for.`);
    return { ...base, rules, extraCoverage: extra.join('; '), reasons: [], problems, warnings };
  }

  /** Adds allow rules to `folder`'s local Claude Code settings, consolidated, with a backup. */
  add(folder: string, rules: readonly string[]): AddedRules {
    if (!this.deps.isWorkspaceFolder(folder)) throw new Error(`${folder} is not a folder of this workspace; no rule was written.`);
    const backupRoot = this.deps.backupRoot();
    if (backupRoot === undefined) throw new Error('There is no storage folder for the backup; no rule was written.');
    const added = addLocalAllowRules(folder, rules, backupRoot);
    this.deps.log(
      `rules added to ${added.file}: ${added.added.join(', ') || 'none'}${added.notAdded.length ? ` (not added: ${added.notAdded.map((n) => `${n.rule}: ${n.reason}`).join('; ')})` : ''}`,
    );
    this.deps.suggestions.rulesAdded(folder, rules);
    return added;
  }

  /** Keeps an Allow or Deny answer for the suggestions (called before the queue settles it). */
  recordAnswer(sessionId: string, requestId: string, allow: boolean): void {
    let pending: ReturnType<ApprovalRules['pending']>;
    try {
      pending = this.pending(sessionId, requestId);
    } catch {
      return; // the queue refuses the answer with the reason
    }
    const proposal = proposeRuleFor(pending.call, this.deps.riskPolicy());
    this.deps.suggestions.recordAnswer(pending.folder, proposal, allow, `${pending.approval.toolName}: ${pending.approval.detail}`);
  }
}
