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
import type { ApprovalsModel } from './approvals/approvalsModel';
import type { RuleSuggestionsModel } from './approvals/ruleSuggestionsModel';

/** What the API reads: the extension's models and controllers. */
export interface ApiSources {
  orchestrator: OrchestratorController;
  dashboard: DashboardController;
  sessions: SessionsModel;
  activationMs: () => number;
  budgets: BudgetFeature;
  statusBar: StatusBar;
  ruleSuggestions: RuleSuggestionsModel;
  approvals: ApprovalsModel;
  mcp: McpFeature;
}

export function createApi(sources: ApiSources): AgentAffinityApi {
  const { orchestrator, dashboard, sessions, activationMs, budgets, statusBar, ruleSuggestions, approvals, mcp } = sources;
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
    ruleSuggestions: () => ruleSuggestions.all(),
    ruleSuggestionsTold: () => [...ruleSuggestions.told],
    resolveRuleSuggestion: (id, how) => ruleSuggestions.resolve(id, how),
    approvals: () => approvals.all(),
    mcpServers: () => ({
      registered: mcp.registered,
      definitions: mcp.definitions().map((d) => ({ ...d, args: [...d.args], env: { ...d.env } })),
      provided: mcp.asked.provided,
      resolved: mcp.asked.resolved.map((r) => ({ ...r })),
    }),
  };
}
