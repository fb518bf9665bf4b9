// How an agent's permission question is put in words; pure, so it is unit-tested.
import type { ApprovalRequest } from '../../protocol/approvals';

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

/** The decision a command argument names: 'allow', 'deny', or { allow, message? }; undefined otherwise. */
export function decisionArgument(arg: unknown): { allow: boolean; message?: string } | undefined {
  if (arg === 'allow') return { allow: true };
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
