// Validates the settings the host sends; anything malformed falls back to its default, so a bad
// settings.json can never crash the orchestrator.
import type { OrchestratorSettings } from '../protocol/settings';
import type { AgentKindName } from '../protocol/sessions';

export const defaultSettings: OrchestratorSettings = {
  maxParallelSessions: 4,
  taskIdleTimeoutSeconds: 300,
  claudeLongLived: true,
  claudePermissionMode: 'default',
  claudeAskForPermissions: true,
  codexSandbox: 'workspace-write',
  codexSkipGitRepoCheck: false,
  geminiApprovalMode: 'auto_edit',
  geminiSkipTrust: false,
  executables: { claude: 'claude', codex: 'codex', gemini: 'gemini' },
  commandLine: '',
  environment: {},
  worktreeFolder: '../.agent-affinity-worktrees',
  budget: { warnPercent: 70, criticalPercent: 90, importOnStart: false },
  routing: { strategy: 'affinity', focusHalfLifeMinutes: 5 },
};

const kinds: AgentKindName[] = ['claude', 'codex', 'gemini', 'command'];

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' && v.trim() !== '' ? v : fallback;
}

function int(v: unknown, fallback: number, min: number, max: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback;
}

function env(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(record(v))) if (typeof val === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) out[k] = val;
  return out;
}

function oneOf(v: unknown, allowed: readonly string[], fallback: string): string {
  return typeof v === 'string' && allowed.includes(v) ? v : fallback;
}

function budgetSettings(v: unknown): NonNullable<OrchestratorSettings['budget']> {
  const b = record(v);
  const warnPercent = typeof b.warnPercent === 'number' && Number.isFinite(b.warnPercent) ? Math.min(100, Math.max(1, b.warnPercent)) : 70;
  const criticalPercent =
    typeof b.criticalPercent === 'number' && Number.isFinite(b.criticalPercent)
      ? Math.min(100, Math.max(warnPercent, b.criticalPercent))
      : Math.max(90, warnPercent);
  return { warnPercent, criticalPercent, importOnStart: b.importOnStart === true };
}

export function parseSettings(raw: unknown): OrchestratorSettings {
  const r = record(raw);
  const exe = record(r.executables);
  const environment: OrchestratorSettings['environment'] = {};
  const rawEnv = record(r.environment);
  for (const k of kinds) if (k in rawEnv) environment[k] = env(rawEnv[k]);
  return {
    maxParallelSessions: int(r.maxParallelSessions, defaultSettings.maxParallelSessions, 1, 64),
    taskIdleTimeoutSeconds: int(r.taskIdleTimeoutSeconds, defaultSettings.taskIdleTimeoutSeconds, 5, 24 * 3600),
    claudeLongLived: typeof r.claudeLongLived === 'boolean' ? r.claudeLongLived : defaultSettings.claudeLongLived,
    claudePermissionMode:
      typeof r.claudePermissionMode === 'string' && /^[A-Za-z]+$/.test(r.claudePermissionMode)
        ? r.claudePermissionMode
        : defaultSettings.claudePermissionMode,
    claudeAskForPermissions:
      typeof r.claudeAskForPermissions === 'boolean' ? r.claudeAskForPermissions : defaultSettings.claudeAskForPermissions,
    codexSandbox: oneOf(r.codexSandbox, ['read-only', 'workspace-write', 'danger-full-access'], defaultSettings.codexSandbox),
    codexSkipGitRepoCheck: r.codexSkipGitRepoCheck === true,
    geminiApprovalMode: oneOf(r.geminiApprovalMode, ['default', 'auto_edit', 'yolo', 'plan'], defaultSettings.geminiApprovalMode),
    geminiSkipTrust: r.geminiSkipTrust === true,
    executables: {
      claude: str(exe.claude, defaultSettings.executables.claude),
      codex: str(exe.codex, defaultSettings.executables.codex),
      gemini: str(exe.gemini, defaultSettings.executables.gemini),
    },
    commandLine: typeof r.commandLine === 'string' ? r.commandLine : '',
    environment,
    worktreeFolder: str(r.worktreeFolder, defaultSettings.worktreeFolder),
    budget: budgetSettings(r.budget),
    routing: {
      strategy: ['affinity', 'round-robin', 'least-loaded', 'manual'].includes(String(record(r.routing).strategy))
        ? String(record(r.routing).strategy)
        : defaultSettings.routing.strategy,
      focusHalfLifeMinutes: int(record(r.routing).focusHalfLifeMinutes, defaultSettings.routing.focusHalfLifeMinutes, 1, 24 * 60),
    },
  };
}
