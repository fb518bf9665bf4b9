// How the user's settings decide what each new session's agent may do on its own: Claude Code's
// permission mode, Codex's sandbox, Gemini CLI's approval mode.
import type { CodexAdapterOptions } from '../../core/agents/codexAdapter';
import type { AgentKindName } from '../../protocol/sessions';
import type { OrchestratorSettings } from '../../protocol/settings';

/** The permission mode stored with a new session. Claude sessions keep the setting's mode at
 *  creation; Gemini sessions keep only an explicit one, so they follow
 *  agentAffinity.gemini.approvalMode otherwise; Codex and plain commands have none. */
export function sessionPermissionMode(agent: AgentKindName, explicit: string | undefined, settings: OrchestratorSettings): { permissionMode?: string } {
  if (agent === 'claude') return { permissionMode: explicit ?? settings.claudePermissionMode };
  if (agent === 'gemini' && explicit) return { permissionMode: explicit };
  return {};
}

const sandboxes: readonly NonNullable<CodexAdapterOptions['sandbox']>[] = ['read-only', 'workspace-write', 'danger-full-access'];

/** The setting's Codex sandbox, as the adapter's type (settings are validated before they get here). */
export function codexSandbox(value: string): NonNullable<CodexAdapterOptions['sandbox']> {
  return sandboxes.find((s) => s === value) ?? 'workspace-write';
}
