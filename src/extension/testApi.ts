// Builds the API object `activate()` returns (protocol/testApi.ts).
import { HealthRequest } from '../protocol/orchestrator';
import { AuditLogRequest } from '../protocol/routing';
import type { AgentAffinityApi } from '../protocol/testApi';
import type { DashboardController } from './dashboard/dashboardController';
import type { OrchestratorController } from './orchestrator/orchestratorController';
import type { SessionsModel } from './sessions/sessionsModel';
import type { BudgetFeature } from './budget/budgetFeature';
import type { McpFeature } from './mcp/mcpFeature';
import type { StatusBar } from './statusBar';

export function createApi(
  orchestrator: OrchestratorController,
  dashboard: DashboardController,
  sessions: SessionsModel,
  activationMs: () => number,
  budgets: BudgetFeature,
  statusBar: StatusBar,
  mcp: McpFeature,
): AgentAffinityApi {
  return {
    routingAudit: (limit = 50) => orchestrator.request(AuditLogRequest, { limit }),
    orchestratorHealth: async () => {
      const h = await orchestrator.request(HealthRequest, undefined);
      return { state: orchestrator.current.state, version: h.version, pid: h.pid, uptimeMs: h.uptimeMs };
    },
    orchestratorPulse: () => orchestrator.responsiveness,
    orchestratorPid: () => (orchestrator.current.state === 'ready' ? orchestrator.current.pid : undefined),
    restartOrchestrator: () => orchestrator.restart(),
    onDidChangeOrchestratorState: (listener) => orchestrator.onDidChangeStatus((s) => listener(s.state)),
    dashboardVisible: () => dashboard.visible,
    sessions: () => sessions.all(),
    onDidChangeSessions: (listener) => sessions.onDidChange(listener),
    activationMs,
    budgets: () => budgets.model.all(),
    onDidChangeBudgets: (listener) => budgets.onDidChange(listener),
    statusBarText: () => statusBar.text,
    budgetNotifications: () => [...budgets.notifications.shown],
    mcpServers: () => ({
      registered: mcp.registered,
      definitions: mcp.definitions().map((d) => ({ ...d, args: [...d.args], env: { ...d.env } })),
    }),
  };
}
