// Resolves which session a command is about: an id, a tree node, or (from the palette) a quick pick.
import * as vscode from 'vscode';
import type { SessionStateName, SessionSummary } from '../../protocol/sessions';
import { pickOne, type QuickFlow } from '../input/quickFlow';
import { sessionLongDescription } from './sessionPresentation';
import type { SessionsModel } from './sessionsModel';

/** The session id a command argument names: an id, or a tree node carrying one. */
export function sessionIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { sessionId?: unknown }).sessionId === 'string')
    return (arg as { sessionId: string }).sessionId;
  return undefined;
}

/** The session a command is about; from the palette, a pick (a step of `flow` when given). */
export async function resolveSession(
  model: SessionsModel,
  arg: unknown,
  placeHolder: string,
  states?: SessionStateName[],
  flow?: QuickFlow,
): Promise<SessionSummary | undefined> {
  const id = sessionIdOf(arg);
  if (id !== undefined) {
    const s = model.get(id);
    if (!s) void vscode.window.showWarningMessage(`Agent Affinity: that session no longer exists.`);
    return s;
  }
  const candidates = model.all().filter((s) => !states || states.includes(s.state));
  if (candidates.length === 0) {
    const create = 'Create Session…';
    const choice = await vscode.window.showInformationMessage(
      model.all().length ? 'Agent Affinity: no session is in a state for this.' : 'Agent Affinity: there are no sessions yet.',
      create,
    );
    if (choice === create) await vscode.commands.executeCommand('agentAffinity.createSession');
    return undefined;
  }
  const picked = await pickOne(
    candidates.map((s) => ({ label: s.name, description: sessionLongDescription(s), detail: s.cwd, session: s })),
    { placeholder: placeHolder, matchOnDescription: true },
    flow,
  );
  return picked?.session;
}
