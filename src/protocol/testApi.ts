// The API `activate()` returns: used by the extension-host tests and by other extensions that
// want to observe the orchestrator. Kept small and stable.
import type { OrchestratorPulse, OrchestratorState } from './orchestratorState';
import type { AddedAllowRules, ApprovalRequest, RuleSuggestion } from './approvals';
import type { AuditEntryView } from './routing';
import type { SessionSummary } from './sessions';
import type { BudgetThresholdEvent, SessionBudgetSummary } from './budget';

export interface OrchestratorHealthSnapshot {
  state: OrchestratorState;
  version: string;
  pid: number;
  uptimeMs: number;
}

export interface Unsubscribe {
  dispose(): void;
}

export interface AgentAffinityApi {
  /** Asks the orchestrator for its health (a real round trip); rejects when it is not running. */
  orchestratorHealth(): Promise<OrchestratorHealthSnapshot>;
  /** The orchestrator's process id while it runs. */
  orchestratorPid(): number | undefined;
  /** How quickly the orchestrator answered its periodic health requests. */
  orchestratorPulse(): OrchestratorPulse;
  restartOrchestrator(): Promise<void>;
  onDidChangeOrchestratorState(listener: (state: OrchestratorState) => void): Unsubscribe;
  dashboardVisible(): boolean;
  /** The routing audit log, newest first (a round trip to the orchestrator). */
  routingAudit(limit?: number): Promise<AuditEntryView[]>;
  /** The sessions as the views show them. */
  sessions(): SessionSummary[];
  onDidChangeSessions(listener: () => void): Unsubscribe;
  /** Every session's context budget as the status bar and dashboard show it. */
  budgets(): SessionBudgetSummary[];
  onDidChangeBudgets(listener: () => void): Unsubscribe;
  /** The status bar item's text now. */
  statusBarText(): string;
  /** Budget threshold notifications shown so far (warn and critical). */
  budgetNotifications(): BudgetThresholdEvent[];
  /** Rules suggested by repeated Allow answers (as the dashboard lists them). */
  ruleSuggestions(): RuleSuggestion[];
  /** Ids of the suggestions told in a notification, in order. */
  ruleSuggestionsTold(): string[];
  /** Answers a suggestion as its notification's buttons do. */
  resolveRuleSuggestion(id: string, how: 'add' | 'notNow' | 'never'): Promise<AddedAllowRules | undefined>;
  /** The permission questions agents are waiting on, oldest first. */
  approvals(): ApprovalRequest[];
  /** Milliseconds of extension-host time from module load to the status bar's first paint. */
  activationMs(): number;
  /** The MCP server: whether VS Code took the definition provider, what it lists now, how many
   *  times VS Code asked for the list and which servers it resolved before starting them. */
  mcpServers(): {
    registered: boolean;
    definitions: { label: string; command: string; args: string[]; env: Record<string, string>; version: string }[];
    provided: number;
    resolved: { label: string; started: boolean }[];
  };
}
