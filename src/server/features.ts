// Starts the orchestrator's features and wires them to each other: nothing else. Without a
// workspace (no storage folder), the workspace features answer one way (src/server/noWorkspace.ts).
import type { BudgetWorkspace } from '../core/budget/budgetWorkspace';
import type { RoutingWorkspace } from '../core/routing/routingWorkspace';
import { startApprovalsService } from './approvals/approvalsService';
import { startBudgetService } from './budget/budgetService';
import { startFixesService } from './fixes/fixesService';
import { prepareMcpService, type McpEngines, type McpService } from './mcp/mcpService';
import { startMetricsService } from './metrics/metricsService';
import { serveWithoutWorkspace } from './noWorkspace';
import { startPermissionsService } from './permissions/permissionsService';
import { startRoutingService } from './routing/routingService';
import type { ServerContext } from './serverContext';
import { startSessionsService } from './sessions/sessionsService';

/** How often the token-count cache's hit rate is passed to the metrics. */
const CACHE_STATS_MS = 5000;

/** Starts every feature of a trusted workspace; resolves when all have started (or failed, told). */
export async function startFeatures(ctx: ServerContext): Promise<void> {
  const metrics = startMetricsService(ctx);
  const fixes = startFixesService(ctx);
  fixes.onTaskFinished((t) => metrics.taskFinished(t));
  const permissions = startPermissionsService(ctx).catch((e: unknown) => failed(ctx, 'permission consolidation', e));
  const storageDir = ctx.options.workspaceStorageDir;
  if (!storageDir) {
    serveWithoutWorkspace(ctx);
    await permissions;
    return;
  }
  const mcp = prepareMcpService(ctx);
  const workspace = startWorkspaceFeatures(ctx, storageDir, {
    mcp: { runMcp: (session) => mcp.runMcp(session), start: (engines) => mcp.start({ ...engines, fixes, metrics }) },
    taskText: (id, text) => fixes.taskText(id, text),
    knownFixes: (folder, files) => fixes.knownFixes(folder, files),
    attach: (manager) => fixes.attachSessions(manager),
    forgetSession: (id) => metrics.forgetSession(id),
    routingDecision: (ms) => metrics.routingDecision(ms),
    sessionSuccess: (id) => metrics.outcomes.success(id),
    tokenCache: (stats) => metrics.tokenCacheTotals(stats),
  }).catch((e: unknown) => failed(ctx, 'sessions', e));
  await Promise.all([workspace, permissions]);
}

interface WorkspaceHooks {
  /** The MCP server: each agent run's launch, and answering once the engines run. */
  mcp: { runMcp: McpService['runMcp']; start(engines: Omit<McpEngines, 'fixes' | 'metrics'>): Promise<void> };
  taskText(sessionId: string, text: string): string;
  knownFixes: Parameters<typeof startRoutingService>[1]['knownFixes'];
  attach(manager: Parameters<typeof startApprovalsService>[1]): void;
  forgetSession(sessionId: string): void;
  routingDecision(latencyMs: number): void;
  sessionSuccess(sessionId: string): { rate: number; samples: number };
  tokenCache(stats: { hits: number; misses: number }): void;
}

async function startWorkspaceFeatures(ctx: ServerContext, storageDir: string, hooks: WorkspaceHooks): Promise<void> {
  // Routing starts after sessions, but learns the texts of tasks sent by hand from the first one on.
  const late: { routing?: RoutingWorkspace } = {};
  const sessions = await startSessionsService(ctx, storageDir, {
    taskText: hooks.taskText,
    taskSent: (taskId, text) => late.routing?.taskSent(taskId, text),
    runMcp: (s) => hooks.mcp.runMcp(s),
  });
  const { manager } = sessions;
  hooks.attach(manager);
  manager.on('sessionDeleted', ({ sessionId }) => hooks.forgetSession(sessionId));
  await startApprovalsService(ctx, manager, storageDir).catch((e: unknown) => failed(ctx, 'permission questions', e));
  const budget: BudgetWorkspace | undefined = await startBudgetService(
    ctx,
    { manager, worktreeOf: (id) => sessions.worktree(id)?.path },
    storageDir,
  ).catch((e: unknown) => failed(ctx, 'context budgets', e));
  const routing = await startRoutingService(ctx, {
    manager,
    workspaceFolderOf: (id) => sessions.workspaceFolderOf(id),
    createSession: (input) => sessions.createForRouting(input),
    taskText: hooks.taskText,
    sessionSuccess: hooks.sessionSuccess,
    ...(hooks.knownFixes ? { knownFixes: hooks.knownFixes } : {}),
    ...(budget ? { estimateTask: (text: string) => budget.estimateTask(manager.list()[0]?.id, text) } : {}),
  });
  late.routing = routing;
  routing.onDecision((d) => hooks.routingDecision(d.latencyMs));
  await hooks.mcp
    .start({ manager, budget, routing, workspaceFolderOf: (id) => sessions.workspaceFolderOf(id) })
    .catch((e: unknown) => failed(ctx, 'the MCP server', e));
  if (!budget) return;
  routing.setHeadroom((id) => budget.headroom(id));
  budget.onRolledOver(({ from, to }) => routing.sessionRolledOver(from, to));
  const timer = setInterval(() => hooks.tokenCache(budget.tokenCacheStats()), CACHE_STATS_MS);
  timer.unref();
  ctx.onShutdown(async () => clearInterval(timer));
}

function failed(ctx: ServerContext, what: string, e: unknown): undefined {
  ctx.problem({ severity: 'error', message: `${what} could not start: ${e instanceof Error ? e.message : String(e)}` });
  return undefined;
}
