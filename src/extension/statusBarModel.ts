// The status bar as a small state machine: one pure function maps the orchestrator's state to
// what the item shows and what a click does. No vscode import, so it is unit-tested in plain Node.
import type { SessionBudgetSummary } from '../protocol/budget';
import type { OrchestratorStatus } from '../protocol/orchestratorState';
import { formatDuration } from '../common/format';
import { budgetShort, budgetTooltipMarkdown } from './budget/budgetPresentation';
import { CommandIds } from './contributions';

export interface StatusBarView {
  text: string;
  tooltip: string;
  /** A theme color id for the background, or undefined for the default. */
  background?: 'statusBarItem.errorBackground' | 'statusBarItem.warningBackground';
  command: string;
  /** Arguments of the click command (the session the dashboard opens on). */
  commandArgs?: unknown[];
  /** When set, the tooltip is this Markdown (with codicons) instead of `tooltip`. */
  tooltipMarkdown?: string;
  accessibilityLabel: string;
}

/** The sessions as far as the status bar cares: how many, and the active one with its budget. */
export interface ActiveBudgetState {
  sessionCount: number;
  active?: { id: string; name: string; budget?: SessionBudgetSummary };
}

function uptime(startedAt: number | undefined, now: number): string {
  return startedAt === undefined ? '' : formatDuration(now - startedAt);
}

/** The ready state with sessions: the active session's budget, coloured by its threshold level. */
function budgetView(sessions: ActiveBudgetState): StatusBarView | undefined {
  if (sessions.sessionCount === 0) {
    return {
      text: '$(pulse) Affinity: no sessions',
      tooltip: 'Agent Affinity: no agent sessions yet. Click to create one.',
      command: CommandIds.createSession,
      accessibilityLabel: 'Agent Affinity ready, no sessions; activate to create one',
    };
  }
  const active = sessions.active;
  if (!active) return undefined;
  const b = active.budget;
  if (!b) {
    return {
      text: `$(pulse) ${active.name}`,
      tooltip: `Agent Affinity: ${active.name}, no budget figure yet. Click to open the dashboard.`,
      command: CommandIds.showDashboard,
      commandArgs: [active.id],
      accessibilityLabel: `Agent Affinity ready, session ${active.name}`,
    };
  }
  const short = budgetShort(b);
  const view: StatusBarView = {
    text: `$(pulse) ${active.name} ${short}`,
    tooltip: `Agent Affinity: ${active.name}, context ${short}${b.source === 'estimate' ? ' (estimate)' : ''}. Click to open the dashboard.`,
    tooltipMarkdown: budgetTooltipMarkdown(active.name, b),
    command: CommandIds.showDashboard,
    commandArgs: [active.id],
    accessibilityLabel: `Agent Affinity ready, session ${active.name}, context ${b.fraction == null ? 'unknown' : `${Math.round(b.fraction * 100)} percent`}${b.source === 'estimate' ? ', estimated' : ''}${b.level === 'critical' ? ', critical' : b.level === 'warn' ? ', high' : ''}`,
  };
  if (b.level === 'critical') view.background = 'statusBarItem.errorBackground';
  else if (b.level === 'warn') view.background = 'statusBarItem.warningBackground';
  return view;
}

export function statusBarView(status: OrchestratorStatus, now: number = Date.now(), sessions?: ActiveBudgetState): StatusBarView {
  if (status.state === 'ready' && sessions) {
    const view = budgetView(sessions);
    if (view) return view;
  }
  switch (status.state) {
    case 'restricted':
      return {
        text: '$(shield) Affinity: restricted',
        tooltip:
          'Agent Affinity is limited in Restricted Mode: no agent sessions run and no files are written until you trust this workspace. Click to manage workspace trust.',
        command: 'workbench.trust.manage',
        accessibilityLabel: 'Agent Affinity restricted: workspace not trusted',
      };
    case 'starting':
      return {
        text: '$(sync~spin) Affinity: starting',
        tooltip: 'Agent Affinity: the orchestrator is starting…',
        command: CommandIds.showLogs,
        accessibilityLabel: 'Agent Affinity starting',
      };
    case 'ready':
      return {
        text: '$(pulse) Affinity: ready',
        tooltip: `Agent Affinity: orchestrator ready${status.version ? ` (v${status.version}` : ' ('}${status.pid ? `, pid ${status.pid}` : ''}${status.startedAt ? `, up ${uptime(status.startedAt, now)}` : ''}). Click to open the dashboard.`,
        command: CommandIds.showDashboard,
        accessibilityLabel: 'Agent Affinity ready',
      };
    case 'crashed':
      return {
        text: '$(error) Affinity: crashed',
        tooltip: `Agent Affinity: the orchestrator stopped unexpectedly${status.detail ? ` (${status.detail})` : ''}. Click to restart it.`,
        background: 'statusBarItem.errorBackground',
        command: CommandIds.restartOrchestrator,
        accessibilityLabel: 'Agent Affinity crashed, activate to restart',
      };
    case 'stopped':
      return {
        text: '$(circle-slash) Affinity: stopped',
        tooltip: `Agent Affinity: the orchestrator is stopped${status.detail ? ` (${status.detail})` : ''}. Click to start it.`,
        background: 'statusBarItem.warningBackground',
        command: CommandIds.restartOrchestrator,
        accessibilityLabel: 'Agent Affinity stopped, activate to start',
      };
  }
}
