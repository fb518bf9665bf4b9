// The user's settings as the agents run with them: each agent's adapter options, the drivers'
// options, and why Claude Code sessions cannot ask before using a tool, if they cannot.
import type { AgentSettings } from '../agents/adapterSet';
import type { DriverFactoryOptions } from '../agents/agentDriver';
import type { AgentKind } from '../agents/agentEvents';
import { codexSandbox } from './agentModes';

/** The settings that decide how agents run (a subset of the orchestrator's settings). */
export interface AgentRunSettings {
  maxParallelSessions: number;
  taskIdleTimeoutSeconds: number;
  claudeLongLived: boolean;
  claudePermissionMode: string;
  claudeAskForPermissions: boolean;
  codexSandbox: string;
  codexSkipGitRepoCheck: boolean;
  geminiApprovalMode: string;
  geminiSkipTrust: boolean;
  executables: { claude: string; codex: string; gemini: string };
  commandLine: string;
  environment: Partial<Record<AgentKind, Record<string, string>>>;
  worktreeFolder: string;
  taskHistoryLimit: number;
}

export function agentSettings(settings: AgentRunSettings): AgentSettings {
  return {
    // Only the long-lived process can be asked (a one-shot run's stdin is closed): without it,
    // tools that need approval are refused, as when the setting is off.
    claude: {
      executable: settings.executables.claude,
      ...(settings.claudeAskForPermissions && settings.claudeLongLived ? { interactivePermissions: true } : {}),
    },
    codex: {
      executable: settings.executables.codex,
      sandbox: codexSandbox(settings.codexSandbox),
      skipGitRepoCheck: settings.codexSkipGitRepoCheck,
    },
    gemini: { executable: settings.executables.gemini, approvalMode: settings.geminiApprovalMode, skipTrust: settings.geminiSkipTrust },
    ...(settings.commandLine.trim() ? { commandLine: settings.commandLine } : {}),
  };
}

export function driverOptions(settings: AgentRunSettings, log: (m: string) => void): DriverFactoryOptions {
  return { longLivedClaude: settings.claudeLongLived, runOptions: { idleTimeoutMs: settings.taskIdleTimeoutSeconds * 1000, log } };
}

/** A line for the log when agentAffinity.claude.askForPermissions is on but has no effect. */
export function askForPermissionsNote(settings: Pick<AgentRunSettings, 'claudeAskForPermissions' | 'claudeLongLived'>): string | undefined {
  if (!settings.claudeAskForPermissions || settings.claudeLongLived) return undefined;
  return 'sessions: agentAffinity.claude.askForPermissions needs agentAffinity.claude.longLived: one-shot Claude Code runs cannot be asked, so tools that need approval are refused';
}
