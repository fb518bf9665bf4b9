// Where each setting may come from, and the orchestrator's settings read under those rules. Pure
// (no vscode import): VS Code's `inspect()` results come in through a function, so it is unit-tested.
//
// - Machine settings (which programs run, their environment): VS Code itself reads them from User
//   settings in a local window and from Remote settings in a remote one, never from a workspace.
// - Protected settings (what the agents may do on their own): read from User or Remote settings
//   only. A workspace's `.vscode/settings.json` is a file a cloned repository carries, so its value
//   is ignored unless the person accepted that exact value for this workspace.
// - Everything else (limits, thresholds, routing): wherever VS Code finds it, workspace included.
import { DEFAULT_SETTINGS, type OrchestratorSettings } from '../../protocol/settings';
import { SettingKeys } from '../contributions';

export interface InspectedSetting {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export type SettingInspector = (key: string) => InspectedSetting | undefined;

/** Settings that decide which program runs; VS Code's `machine` scope keeps workspaces out. */
export const MACHINE_SETTINGS: readonly string[] = [
  SettingKeys.claudePath,
  SettingKeys.codexPath,
  SettingKeys.geminiPath,
  SettingKeys.commandLine,
  SettingKeys.agentEnvironment,
];

/** Settings that decide what agents may do: a workspace's value needs the person's explicit consent. */
export const PROTECTED_SETTINGS: readonly string[] = [
  SettingKeys.claudePermissionMode,
  SettingKeys.codexSandbox,
  SettingKeys.codexSkipGitRepoCheck,
  SettingKeys.geminiApprovalMode,
  SettingKeys.geminiSkipTrust,
  SettingKeys.worktreeFolder,
  SettingKeys.permissionsNeverGeneralize,
  SettingKeys.mcpHandOff,
];

/** A workspace value of a protected setting that differs from the person's own. */
export interface WorkspaceOverride {
  key: string;
  workspaceValue: unknown;
  /** The value in effect unless the workspace's is accepted (User/Remote settings, else the default). */
  ownValue: unknown;
  /** True when the person accepted this exact workspace value for this workspace. */
  accepted: boolean;
}

/** Accepted workspace values, by setting key: the JSON of the value accepted. */
export type AcceptedOverrides = Readonly<Record<string, string>>;

export interface SettingsReading {
  settings: OrchestratorSettings;
  overrides: WorkspaceOverride[];
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Reads one setting under its rules; records a refused (or accepted) workspace override. */
function reader(inspect: SettingInspector, accepted: AcceptedOverrides, overrides: WorkspaceOverride[]) {
  return <T>(key: string, fallback: T): T => {
    const i = inspect(key) ?? {};
    const own = i.globalValue ?? i.defaultValue;
    const workspace = i.workspaceFolderValue ?? i.workspaceValue;
    let value: unknown;
    if (MACHINE_SETTINGS.includes(key)) {
      value = own;
    } else if (PROTECTED_SETTINGS.includes(key)) {
      value = own;
      if (workspace !== undefined && !sameValue(workspace, own)) {
        const ok = accepted[key] === JSON.stringify(workspace);
        overrides.push({ key, workspaceValue: workspace, ownValue: own ?? fallback, accepted: ok });
        if (ok) value = workspace;
      }
    } else {
      value = workspace ?? own;
    }
    return (value === undefined || value === null ? fallback : value) as T;
  };
}

/** The orchestrator's settings; malformed values are checked again by the orchestrator's schema. */
export function readOrchestratorSettings(inspect: SettingInspector, accepted: AcceptedOverrides = {}): SettingsReading {
  const overrides: WorkspaceOverride[] = [];
  const get = reader(inspect, accepted, overrides);
  const D = DEFAULT_SETTINGS;
  const neverGeneralize = get<unknown>(SettingKeys.permissionsNeverGeneralize, undefined);
  const settings: OrchestratorSettings = {
    maxParallelSessions: get(SettingKeys.maxParallelSessions, D.maxParallelSessions),
    taskIdleTimeoutSeconds: get(SettingKeys.taskIdleTimeoutSeconds, D.taskIdleTimeoutSeconds),
    taskHistoryLimit: get(SettingKeys.taskHistoryLimit, D.taskHistoryLimit),
    claudeLongLived: get(SettingKeys.claudeLongLived, D.claudeLongLived),
    claudePermissionMode: get(SettingKeys.claudePermissionMode, D.claudePermissionMode),
    claudeAskForPermissions: get(SettingKeys.claudeAskForPermissions, D.claudeAskForPermissions),
    codexSandbox: get(SettingKeys.codexSandbox, D.codexSandbox),
    codexSkipGitRepoCheck: get(SettingKeys.codexSkipGitRepoCheck, D.codexSkipGitRepoCheck),
    geminiApprovalMode: get(SettingKeys.geminiApprovalMode, D.geminiApprovalMode),
    geminiSkipTrust: get(SettingKeys.geminiSkipTrust, D.geminiSkipTrust),
    executables: {
      claude: get(SettingKeys.claudePath, D.executables.claude),
      codex: get(SettingKeys.codexPath, D.executables.codex),
      gemini: get(SettingKeys.geminiPath, D.executables.gemini),
    },
    commandLine: get(SettingKeys.commandLine, D.commandLine),
    environment: get(SettingKeys.agentEnvironment, D.environment),
    worktreeFolder: get(SettingKeys.worktreeFolder, D.worktreeFolder),
    routing: {
      strategy: get(SettingKeys.routingStrategy, D.routing.strategy),
      focusHalfLifeMinutes: get(SettingKeys.routingFocusHalfLifeMinutes, D.routing.focusHalfLifeMinutes),
      historyCommits: get(SettingKeys.routingHistoryCommits, D.routing.historyCommits),
    },
    budget: {
      warnPercent: get(SettingKeys.budgetWarnPercent, D.budget.warnPercent),
      criticalPercent: get(SettingKeys.budgetCriticalPercent, D.budget.criticalPercent),
      importOnStart: get(SettingKeys.budgetImportOnStart, D.budget.importOnStart),
    },
    fixes: {
      enabled: get(SettingKeys.fixesEnabled, D.fixes.enabled),
      similarityThreshold: get(SettingKeys.fixesSimilarityThreshold, D.fixes.similarityThreshold),
      shareWithSessions: get(SettingKeys.fixesShareWithSessions, D.fixes.shareWithSessions),
      exclude: get(SettingKeys.fixesExclude, D.fixes.exclude),
    },
    permissions: Array.isArray(neverGeneralize) ? { neverGeneralize: neverGeneralize as string[] } : {},
    mcp: {
      enabled: get(SettingKeys.mcpEnabled, D.mcp.enabled),
      handOff: get(SettingKeys.mcpHandOff, D.mcp.handOff),
      handOffMaxDepth: get(SettingKeys.mcpHandOffMaxDepth, D.mcp.handOffMaxDepth),
    },
  };
  return { settings, overrides };
}
