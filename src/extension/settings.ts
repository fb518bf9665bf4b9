// Reads the agentAffinity.* settings the orchestrator needs and tells it when they change.
import * as vscode from 'vscode';
import type { OrchestratorSettings } from '../protocol/settings';
import { SettingKeys } from './contributions';

function get<T>(key: string, fallback: T): T {
  const value = vscode.workspace.getConfiguration().get<T>(key);
  return value === undefined || value === null ? fallback : value;
}

export function readOrchestratorSettings(): OrchestratorSettings {
  return {
    maxParallelSessions: get(SettingKeys.maxParallelSessions, 4),
    taskIdleTimeoutSeconds: get(SettingKeys.taskIdleTimeoutSeconds, 300),
    claudeLongLived: get(SettingKeys.claudeLongLived, true),
    claudePermissionMode: get(SettingKeys.claudePermissionMode, 'default'),
    claudeAskForPermissions: get(SettingKeys.claudeAskForPermissions, true),
    codexSandbox: get(SettingKeys.codexSandbox, 'workspace-write'),
    codexSkipGitRepoCheck: get(SettingKeys.codexSkipGitRepoCheck, false),
    geminiApprovalMode: get(SettingKeys.geminiApprovalMode, 'auto_edit'),
    geminiSkipTrust: get(SettingKeys.geminiSkipTrust, false),
    executables: {
      claude: get(SettingKeys.claudePath, 'claude'),
      codex: get(SettingKeys.codexPath, 'codex'),
      gemini: get(SettingKeys.geminiPath, 'gemini'),
    },
    commandLine: get(SettingKeys.commandLine, ''),
    environment: get(SettingKeys.agentEnvironment, {}),
    worktreeFolder: get(SettingKeys.worktreeFolder, '../.agent-affinity-worktrees'),
    routing: {
      strategy: get(SettingKeys.routingStrategy, 'affinity'),
      focusHalfLifeMinutes: get(SettingKeys.routingFocusHalfLifeMinutes, 5),
    },
    budget: {
      warnPercent: get(SettingKeys.budgetWarnPercent, 70),
      criticalPercent: get(SettingKeys.budgetCriticalPercent, 90),
      importOnStart: get(SettingKeys.budgetImportOnStart, false),
    },
  };
}

export function worktreesByDefault(): boolean {
  return get(SettingKeys.worktreeByDefault, false);
}

/** Calls `onChange` with fresh settings whenever one the orchestrator reads changes. */
export function watchOrchestratorSettings(onChange: (s: OrchestratorSettings) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('agentAffinity')) onChange(readOrchestratorSettings());
  });
}
