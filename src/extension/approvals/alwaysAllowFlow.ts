// "Always Allow…" on an agent's permission question: the orchestrator proposes the rule at a
// sensible generality (`npm test -- --watch` → `Bash(npm test *)`) for the session folder's
// `.claude/settings.local.json`; the person sees what it newly allows and may edit it (each edit
// is checked by the orchestrator: a rule that is not one, or does not allow this call, cannot be
// saved; one that widens what the risk policy never widens is flagged); the rule is then written
// through the consolidation engine and the question answered Allow. Escape leaves the question
// waiting. A rule that cannot be written is said so, and the call is allowed this once.
import * as vscode from 'vscode';
import {
  AddAllowRulesRequest,
  AnswerApprovalRequest,
  PreviewAllowRuleRequest,
  type AddedAllowRules,
  type AllowRulePreview,
  type ApprovalRequest,
} from '../../protocol/approvals';
import { withQuickFlow, type QuickFlow } from '../input/quickFlow';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import { addedRulesMessage, alwaysAllowPrompt, permissionQuestion } from './approvalPresentation';

/** How long typing pauses before an edit is checked. */
const CHECK_DELAY_MS = 150;

export interface AlwaysAllowOutcome {
  /** The question was answered (Allow); false when the person backed out. */
  answered: boolean;
  added?: AddedAllowRules;
}

export async function alwaysAllow(orchestrator: OrchestratorController, r: ApprovalRequest): Promise<AlwaysAllowOutcome> {
  const ref = { sessionId: r.sessionId, requestId: r.requestId };
  const proposal = await orchestrator.request(PreviewAllowRuleRequest, ref);
  if (proposal.rules.length === 0) {
    const choice = await vscode.window.showWarningMessage(
      `Agent Affinity: no rule can always allow this (${proposal.reasons.join('; ') || 'the call has nothing a rule can name'}). Allow it this once?`,
      'Allow Once',
    );
    if (choice !== 'Allow Once') return { answered: false };
    await orchestrator.request(AnswerApprovalRequest, { ...ref, allow: true });
    return { answered: true };
  }
  const rules = await withQuickFlow((flow) => editRules(flow, orchestrator, r, proposal));
  if (!rules) return { answered: false };
  let added: AddedAllowRules | undefined;
  try {
    added = await orchestrator.request(AddAllowRulesRequest, { folder: proposal.folder, rules });
  } catch (e) {
    void vscode.window.showErrorMessage(
      `Agent Affinity: the rule was not saved (${e instanceof Error ? e.message : String(e)}). ${r.toolName} is allowed this once.`,
    );
  }
  await orchestrator.request(AnswerApprovalRequest, { ...ref, allow: true });
  if (added) void vscode.window.showInformationMessage(`Agent Affinity: ${addedRulesMessage(added)}`);
  return added ? { answered: true, added } : { answered: true };
}

/** One input box per rule (a compound command has one per simple command), each editable. */
async function editRules(
  flow: QuickFlow,
  orchestrator: OrchestratorController,
  r: ApprovalRequest,
  proposal: AllowRulePreview,
): Promise<string[] | undefined> {
  const rules = [...proposal.rules];
  for (let i = 0; i < rules.length; i++) {
    const step = rules.length > 1 ? { n: i + 1, of: rules.length } : undefined;
    const box = vscode.window.createInputBox();
    box.title = `Always Allow: ${permissionQuestion(r)}`;
    box.value = rules[i] ?? '';
    box.prompt = alwaysAllowPrompt(proposal, step);
    box.placeholder = 'A Claude Code allow rule, such as Bash(npm test *)';
    let checked: { value: string; preview: AllowRulePreview } | undefined = { value: box.value, preview: proposal };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async (value: string): Promise<AllowRulePreview | undefined> => {
      const edited = rules.map((x, j) => (j === i ? value : x));
      try {
        const preview = await orchestrator.request(PreviewAllowRuleRequest, {
          sessionId: r.sessionId,
          requestId: r.requestId,
          rules: edited,
        });
        if (box.value !== value) return undefined; // typed on meanwhile
        checked = { value, preview };
        box.prompt = alwaysAllowPrompt(preview.rules.length === edited.length ? preview : proposal, step);
        box.validationMessage = preview.problems[0]
          ? { message: preview.problems.join(' '), severity: vscode.InputBoxValidationSeverity.Error }
          : preview.warnings[0]
            ? { message: preview.warnings.join(' '), severity: vscode.InputBoxValidationSeverity.Warning }
            : undefined;
        return preview;
      } catch (e) {
        box.validationMessage = { message: e instanceof Error ? e.message : String(e), severity: vscode.InputBoxValidationSeverity.Error };
        return undefined;
      }
    };
    const changes = box.onDidChangeValue((v) => {
      checked = undefined;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void check(v), CHECK_DELAY_MS);
    });
    const value = await flow.step<string>(
      box,
      (answer) =>
        box.onDidAccept(async () => {
          const value = box.value;
          const preview = checked?.value === value ? checked.preview : await check(value);
          if (preview && preview.problems.length === 0) answer(value.trim());
        }),
      [changes, { dispose: () => timer && clearTimeout(timer) }],
    );
    if (value === undefined) return undefined;
    rules[i] = value;
  }
  return rules;
}
