// The status bar as a small state machine: one pure function maps the orchestrator's state to
// what the item shows and what a click does. No vscode import, so it is unit-tested in plain Node.
import type { OrchestratorStatus } from '../protocol/orchestratorState';
import { CommandIds } from './contributions';

export interface StatusBarView {
  text: string;
  tooltip: string;
  /** A theme color id for the background, or undefined for the default. */
  background?: 'statusBarItem.errorBackground' | 'statusBarItem.warningBackground';
  command: string;
  accessibilityLabel: string;
}

function uptime(startedAt: number | undefined, now: number): string {
  if (startedAt === undefined) return '';
  const s = Math.max(0, Math.round((now - startedAt) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${s % 60}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

export function statusBarView(status: OrchestratorStatus, now: number = Date.now()): StatusBarView {
  switch (status.state) {
    case 'restricted':
      return {
        text: '$(shield) Affinity: restricted',
        tooltip: 'Agent Affinity is limited in Restricted Mode: no agent sessions run and no files are written until you trust this workspace. Click to manage workspace trust.',
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
