// Why Claude Code sessions cannot ask before using a tool with the current settings, if they cannot.
import type { OrchestratorSettings } from '../../protocol/settings';

/** A line for the log when agentAffinity.claude.askForPermissions is on but has no effect. */
export function askForPermissionsNote(
  settings: Pick<OrchestratorSettings, 'claudeAskForPermissions' | 'claudeLongLived'>,
): string | undefined {
  if (!settings.claudeAskForPermissions || settings.claudeLongLived) return undefined;
  return 'sessions: agentAffinity.claude.askForPermissions needs agentAffinity.claude.longLived: one-shot Claude Code runs cannot be asked, so tools that need approval are refused';
}
