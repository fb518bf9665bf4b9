// How the user's settings decide what each new session's agent may do on its own: Claude Code's
// permission mode, Codex's sandbox, Gemini CLI's approval mode.
import type { AgentKind } from '../agents/agentEvents';
import type { CodexAdapterOptions } from '../agents/codexAdapter';
import type { SessionSettingsPatch } from './sessionInputs';

/** A requested change of a session's model or permission mode; `null` goes back to the default. */
export interface SessionSettingsChange {
  model?: string | null;
  permissionMode?: string | null;
}

/** The permission mode stored with a new session. Claude sessions keep the setting's mode at
 *  creation; Gemini sessions keep only an explicit one, so they follow
 *  agentAffinity.gemini.approvalMode otherwise; Codex and plain commands have none. */
export function sessionPermissionMode(
  agent: AgentKind,
  explicit: string | undefined,
  claudePermissionMode: string,
): { permissionMode?: string } {
  if (agent === 'claude') return { permissionMode: explicit ?? claudePermissionMode };
  if (agent === 'gemini' && explicit) return { permissionMode: explicit };
  return {};
}

const sandboxes: readonly NonNullable<CodexAdapterOptions['sandbox']>[] = ['read-only', 'workspace-write', 'danger-full-access'];

/** The setting's Codex sandbox, as the adapter's type (settings are validated before they get here). */
export function codexSandbox(value: string): NonNullable<CodexAdapterOptions['sandbox']> {
  return sandboxes.find((s) => s === value) ?? 'workspace-write';
}

/** Permission modes a session may choose, per agent (Gemini's follow Claude Code's names). */
export const sessionPermissionModes: Partial<Record<AgentKind, readonly string[]>> = {
  claude: ['default', 'acceptEdits', 'plan', 'bypassPermissions'],
  gemini: ['default', 'acceptEdits', 'plan', 'bypassPermissions'],
};

const modelName = /^[A-Za-z0-9_][\w.:/@[\]-]{0,99}$/;

/** Checks a settings change against the session's agent; throws with the reason, changing nothing. */
export function sessionSettingsPatch(agent: AgentKind, p: SessionSettingsChange): SessionSettingsPatch {
  const patch: SessionSettingsPatch = {};
  if (p.model !== undefined) {
    const model = p.model === null ? '' : p.model.trim();
    if (model !== '' && !modelName.test(model))
      throw new Error(`"${p.model ?? ''}" is not a model name: letters, digits, '.', '-', '_', ':', '/', '@', no leading '-'.`);
    patch.model = model === '' ? null : model;
  }
  if (p.permissionMode !== undefined) {
    const modes = sessionPermissionModes[agent];
    if (p.permissionMode !== null && !modes) throw new Error(`A ${agent} session has no permission mode of its own.`);
    if (p.permissionMode !== null && modes && !modes.includes(p.permissionMode))
      throw new Error(`"${p.permissionMode}" is not a permission mode: ${modes.join(', ')}.`);
    patch.permissionMode = p.permissionMode;
  }
  return patch;
}
