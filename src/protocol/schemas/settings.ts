// The settings schema: lenient by design. A malformed value (hand-edited settings.json, an old host)
// falls back to its default field by field, so a bad setting can never stop the orchestrator.
import { z } from 'zod';
import { DEFAULT_SETTINGS as D, type OrchestratorSettings } from '../settings';

const int = (min: number, max: number, fallback: number): z.ZodType<number> =>
  z
    .number()
    .transform((n) => Math.min(max, Math.max(min, Math.round(n))))
    .catch(fallback);
const num = (min: number, max: number, fallback: number): z.ZodType<number> =>
  z
    .number()
    .refine(Number.isFinite)
    .transform((n) => Math.min(max, Math.max(min, n)))
    .catch(fallback);
const bool = (fallback: boolean): z.ZodType<boolean> => z.boolean().catch(fallback);
const nonEmpty = (fallback: string): z.ZodType<string> => z.string().trim().min(1).max(4096).catch(fallback);
const oneOf = (values: readonly [string, ...string[]], fallback: string): z.ZodType<string> => z.enum(values).catch(fallback);
const strings = (fallback: string[]): z.ZodType<string[]> =>
  z
    .array(z.unknown())
    .transform((xs) => xs.filter((x): x is string => typeof x === 'string' && x.length <= 1000))
    .catch(fallback);

/** Environment variables: valid names and string values only; anything else is dropped. */
const environmentVariables = z
  .record(z.string(), z.unknown())
  .transform((r) => Object.fromEntries(Object.entries(r).filter(([k, v]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && typeof v === 'string')))
  .catch({}) as z.ZodType<Record<string, string>>;

const environment = z
  .object({
    claude: environmentVariables.exactOptional(),
    codex: environmentVariables.exactOptional(),
    gemini: environmentVariables.exactOptional(),
    command: environmentVariables.exactOptional(),
  })
  .catch({});

const budget = z
  .object({
    warnPercent: num(1, 100, D.budget.warnPercent),
    criticalPercent: num(1, 100, D.budget.criticalPercent),
    importOnStart: bool(D.budget.importOnStart),
  })
  .transform((b) => ({ ...b, criticalPercent: Math.max(b.warnPercent, b.criticalPercent) }))
  .catch(D.budget);

export const orchestratorSettings: z.ZodType<OrchestratorSettings> = z
  .object({
    maxParallelSessions: int(1, 64, D.maxParallelSessions),
    taskIdleTimeoutSeconds: int(5, 24 * 3600, D.taskIdleTimeoutSeconds),
    taskHistoryLimit: int(10, 100_000, D.taskHistoryLimit),
    claudeLongLived: bool(D.claudeLongLived),
    claudePermissionMode: z
      .string()
      .regex(/^[A-Za-z]{1,40}$/)
      .catch(D.claudePermissionMode),
    claudeAskForPermissions: bool(D.claudeAskForPermissions),
    codexSandbox: oneOf(['read-only', 'workspace-write', 'danger-full-access'], D.codexSandbox),
    codexSkipGitRepoCheck: bool(D.codexSkipGitRepoCheck),
    geminiApprovalMode: oneOf(['default', 'auto_edit', 'yolo', 'plan'], D.geminiApprovalMode),
    geminiSkipTrust: bool(D.geminiSkipTrust),
    executables: z
      .object({
        claude: nonEmpty(D.executables.claude),
        codex: nonEmpty(D.executables.codex),
        gemini: nonEmpty(D.executables.gemini),
      })
      .catch(D.executables),
    commandLine: z.string().max(10_000).catch(D.commandLine),
    environment,
    worktreeFolder: nonEmpty(D.worktreeFolder),
    routing: z
      .object({
        strategy: oneOf(['affinity', 'round-robin', 'least-loaded', 'manual'], D.routing.strategy),
        focusHalfLifeMinutes: int(1, 24 * 60, D.routing.focusHalfLifeMinutes),
        historyCommits: int(0, 20_000, D.routing.historyCommits),
      })
      .catch(D.routing),
    budget,
    fixes: z
      .object({
        enabled: bool(D.fixes.enabled),
        similarityThreshold: num(0.3, 1, D.fixes.similarityThreshold),
        shareWithSessions: bool(D.fixes.shareWithSessions),
        exclude: strings(D.fixes.exclude),
      })
      .catch(D.fixes),
    permissions: z.object({ neverGeneralize: strings([]).exactOptional() }).catch({}),
    mcp: z
      .object({
        enabled: bool(D.mcp.enabled),
        handOff: bool(D.mcp.handOff),
        handOffMaxDepth: int(1, 10, D.mcp.handOffMaxDepth),
      })
      .catch(D.mcp),
  })
  .catch(D) as z.ZodType<OrchestratorSettings>;

/** Settings from anything: never throws; what is missing or malformed takes its default. */
export function parseOrchestratorSettings(raw: unknown): OrchestratorSettings {
  return orchestratorSettings.parse(typeof raw === 'object' && raw !== null ? raw : {});
}
