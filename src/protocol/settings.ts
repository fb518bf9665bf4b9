// The user's settings that the orchestrator needs: sent by the host in `initialize` and again on
// every change (`affinity/settings`), the one way settings reach the orchestrator. Their defaults
// are written here once; package.json's contributed defaults are checked against them by a test.
import { notificationType } from './rpc';
import type { AgentKindName } from './sessions';

export interface OrchestratorSettings {
  maxParallelSessions: number;
  /** No output from a running agent for this long fails the task. */
  taskIdleTimeoutSeconds: number;
  /** Finished tasks kept per session in its history (older ones are dropped; running and queued ones never). */
  taskHistoryLimit: number;
  /** Keep one Claude Code process per session between tasks. */
  claudeLongLived: boolean;
  /** Claude Code's permission mode for new sessions (`default`, `acceptEdits`, `plan`, …). */
  claudePermissionMode: string;
  /** Ask the person (through the host) before a Claude Code session uses a tool its permission mode
   *  and allow rules do not allow; the long-lived process only (one-shot runs refuse such tools). */
  claudeAskForPermissions: boolean;
  /** Codex's `--sandbox` for its runs (`read-only`, `workspace-write`, `danger-full-access`). */
  codexSandbox: string;
  /** Run Codex outside a git repository (`--skip-git-repo-check`). */
  codexSkipGitRepoCheck: boolean;
  /** Gemini CLI's `--approval-mode` for sessions created without a permission mode. */
  geminiApprovalMode: string;
  /** Run Gemini CLI in folders it has not been told to trust (`--skip-trust`). */
  geminiSkipTrust: boolean;
  executables: { claude: string; codex: string; gemini: string };
  /** The generic agent's command line, `{task}` where the task goes; empty when not configured. */
  commandLine: string;
  /** Extra environment per agent kind. */
  environment: Partial<Record<AgentKindName, Record<string, string>>>;
  /** Where session worktrees are created; relative paths are resolved against the folder. */
  worktreeFolder: string;
  /** Routing: the strategy, the focus half-life, and how many commits of the git history are learned (0: none). */
  routing: { strategy: string; focusHalfLifeMinutes: number; historyCommits: number };
  /** Context budget thresholds (percent of the window) and import of Claude Code conversations at start. */
  budget: { warnPercent: number; criticalPercent: number; importOnStart: boolean };
  /** Learned fixes: on/off, the similarity a near match needs, sharing with sessions, files never learned from. */
  fixes: { enabled: boolean; similarityThreshold: number; shareWithSessions: boolean; exclude: string[] };
  /** Permission consolidation: the commands never widened (the engine's default list when absent). */
  permissions: { neverGeneralize?: string[] };
  /** The MCP server: on/off, hand-offs between sessions (off unless turned on) and how deep they may chain. */
  mcp: { enabled: boolean; handOff: boolean; handOffMaxDepth: number };
}

export const DEFAULT_SETTINGS: OrchestratorSettings = {
  maxParallelSessions: 4,
  taskIdleTimeoutSeconds: 300,
  taskHistoryLimit: 200,
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
  routing: { strategy: 'affinity', focusHalfLifeMinutes: 5, historyCommits: 3000 },
  budget: { warnPercent: 70, criticalPercent: 90, importOnStart: false },
  fixes: {
    enabled: true,
    similarityThreshold: 0.6,
    shareWithSessions: true,
    exclude: ['**/node_modules/**', '**/.git/**', '**/.vscode/**'],
  },
  permissions: {},
  mcp: { enabled: true, handOff: false, handOffMaxDepth: 3 },
};

export const SettingsNotification = notificationType<OrchestratorSettings>('affinity/settings');
