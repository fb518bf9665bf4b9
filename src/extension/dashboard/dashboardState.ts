// What the dashboard renders, gathered from the host's models, and one event when any of them changes.
import * as vscode from 'vscode';
import type { DashboardState } from '../../protocol/webviewMessages';
import type { ApprovalsModel } from '../approvals/approvalsModel';
import type { RuleSuggestionsModel } from '../approvals/ruleSuggestionsModel';
import type { BudgetModel } from '../budget/budgetModel';
import type { FixesDashboardModel } from '../fixes/fixesDashboardModel';
import { Disposable } from '../lifecycle';
import type { MetricsModel } from '../metrics/metricsModel';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import type { PermissionsModel } from '../permissions/permissionsModel';
import type { ActiveSession } from '../routing/activeSession';
import type { RoutingAuditModel } from '../routing/routingAuditModel';
import type { SessionsModel } from '../sessions/sessionsModel';

export interface DashboardSources {
  orchestrator: OrchestratorController;
  extensionVersion: string;
  sessions: SessionsModel;
  budgets: BudgetModel;
  permissions: PermissionsModel;
  fixes: FixesDashboardModel;
  metrics: MetricsModel;
  routingAudit: RoutingAuditModel;
  activeSession: ActiveSession;
  approvals: ApprovalsModel;
  ruleSuggestions: RuleSuggestionsModel;
}

export class DashboardStateSource extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly sources: DashboardSources) {
    super();
    const fire = (): void => this.changed.fire();
    const s = sources;
    for (const event of [
      s.orchestrator.onDidChangeStatus,
      s.sessions.onDidChange,
      s.budgets.onDidChange,
      s.permissions.onDidChange,
      s.fixes.onDidChange,
      s.metrics.onDidChange,
      s.routingAudit.onDidChange,
      s.activeSession.onDidChange,
      s.approvals.onDidChange,
      s.ruleSuggestions.onDidChange,
    ] as vscode.Event<unknown>[])
      this._register(event(fire));
    // The dashboard shows the slowest answer and a stall, not every round trip: re-render only
    // when one of those changes.
    let shown = '';
    this._register(
      s.orchestrator.onDidChangePulse((p) => {
        const key = `${p.checks > 0}|${p.slowestMs ?? ''}|${p.waitingSince ?? ''}`;
        if (key !== shown) fire();
        shown = key;
      }),
    );
  }

  state(): DashboardState {
    const s = this.sources;
    const metrics = s.metrics.current();
    const activeSessionId = s.activeSession.sessionId;
    const routingStatus = s.routingAudit.status();
    return {
      orchestrator: s.orchestrator.current,
      ...(s.orchestrator.current.state === 'ready' &&
      s.orchestrator.responsiveness.checks + (s.orchestrator.responsiveness.waitingSince ?? 0) > 0
        ? { orchestratorPulse: s.orchestrator.responsiveness }
        : {}),
      extensionVersion: s.extensionVersion,
      sessions: s.sessions.all(),
      budgets: s.budgets.all(),
      permissions: s.permissions.all(),
      fixes: s.fixes.fixes(),
      ...(metrics ? { metrics } : {}),
      routing: {
        audit: s.routingAudit.all(),
        ...(activeSessionId ? { activeSessionId } : {}),
        ...(routingStatus ? { status: routingStatus } : {}),
      },
      approvals: s.approvals.all(),
      ruleSuggestions: s.ruleSuggestions.all(),
    };
  }
}
