// How an agent's permission question is put in words; pure, so it is unit-tested.
import type { AddedAllowRules, AllowRulePreview, ApprovalRequest, RuleSuggestion } from '../../protocol/approvals';

/** Backticks inside the detail would break the code span; they are shown as quotes instead. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** `'backend' wants to run Bash: \`npm test\`` (a shell tool runs; any other tool is used). */
export function permissionQuestion(r: Pick<ApprovalRequest, 'sessionName' | 'toolName' | 'detail'>): string {
  const verb = /^(Bash|run_shell_command|shell)$/.test(r.toolName) ? 'run' : 'use';
  return `'${r.sessionName}' wants to ${verb} ${r.toolName}: ${code(r.detail)}`;
}

/** One line for a tree item or a quick pick: the tool and what it would do. */
export function permissionLabel(r: Pick<ApprovalRequest, 'toolName' | 'detail'>): string {
  return `${r.toolName}: ${r.detail}`;
}

/** The decision a command argument names: 'allow', 'alwaysAllow', 'deny', or { allow, message? }; undefined otherwise. */
export function decisionArgument(arg: unknown): { allow: boolean; message?: string; always?: true } | undefined {
  if (arg === 'allow') return { allow: true };
  if (arg === 'alwaysAllow') return { allow: true, always: true };
  if (arg === 'deny') return { allow: false };
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as { allow?: unknown; message?: unknown };
  if (typeof a.allow !== 'boolean') return undefined;
  return typeof a.message === 'string' && a.message.trim() ? { allow: a.allow, message: a.message.trim() } : { allow: a.allow };
}

/** The request a command argument names: a session id, a tree node or `{ sessionId, requestId }`. */
export function requestArgument(arg: unknown): { sessionId?: string; requestId?: string } {
  if (typeof arg === 'string') return { sessionId: arg };
  if (typeof arg !== 'object' || arg === null) return {};
  const a = arg as { sessionId?: unknown; requestId?: unknown; request?: { sessionId?: unknown; requestId?: unknown } };
  const src = typeof a.request === 'object' && a.request !== null ? a.request : a;
  return {
    ...(typeof src.sessionId === 'string' ? { sessionId: src.sessionId } : {}),
    ...(typeof src.requestId === 'string' ? { requestId: src.requestId } : {}),
  };
}

/** What a saved rule did: "added Bash(npm test *) to app/.claude/settings.local.json (created)". */
export function addedRulesMessage(a: AddedAllowRules): string {
  const parts: string[] = [];
  if (a.added.length > 0) parts.push(`added ${a.added.join(', ')} to ${a.file}${a.created ? ' (created)' : ''}`);
  if (a.removed.length > 0) parts.push(`removed ${a.removed.length} rule(s) it covers (${a.removed.join(', ')})`);
  for (const n of a.notAdded) parts.push(`${n.rule} not added: ${n.reason}`);
  if (a.backupPath) parts.push(`the old file is kept at ${a.backupPath}`);
  return parts.length > 0 ? `${parts.join('; ')}.` : `nothing changed in ${a.file}.`;
}

/** The notification's text for a suggested rule. */
export function suggestionMessage(s: Pick<RuleSuggestion, 'rules' | 'folder' | 'allowsThisWeek' | 'extraCoverage'>): string {
  const rules = s.rules.join(', ');
  const extra = s.extraCoverage ? ` It ${s.extraCoverage.replace(/^.*? also allows /, 'also allows ')}.` : '';
  return `you allowed this ${s.allowsThisWeek} times this week in ${baseName(s.folder)}. Add ${rules} to its .claude/settings.local.json, so agents stop asking?${extra}`;
}

/** The input box's prompt for Always Allow…: where the rule goes and what it newly allows. */
export function alwaysAllowPrompt(p: Pick<AllowRulePreview, 'file' | 'extraCoverage'>, step?: { n: number; of: number }): string {
  const where = `Saved to ${p.file}, consolidated, with a backup.`;
  const extra = p.extraCoverage ? ` Newly allows: ${p.extraCoverage}` : ' Allows exactly this call.';
  return `${step ? `Rule ${step.n} of ${step.of}. ` : ''}${where}${extra}`;
}

function baseName(folder: string): string {
  return (
    folder
      .split(/[\\/]/)
      .filter((x) => x !== '')
      .pop() ?? folder
  );
}
