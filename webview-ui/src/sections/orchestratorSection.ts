// The dashboard's orchestrator section: state, version, a live uptime and how quickly it answers.
import type { OrchestratorPulse, OrchestratorStatus } from '../../../src/protocol/orchestratorState';
import type { WebviewToHostMessage } from '../../../src/protocol/webviewMessages';
import { badge, button } from '../components/controls';
import { el, section } from '../components/dom';
import { formatDuration } from '../../../src/common/format';

export interface OrchestratorSection {
  element: HTMLElement;
  update(status: OrchestratorStatus, extensionVersion: string, pulse?: OrchestratorPulse): void;
  /** Re-renders the live parts (uptime); called every second. */
  tick(now: number): void;
}

export function orchestratorSection(post: (m: WebviewToHostMessage) => void): OrchestratorSection {
  const state = badge('…', 'orchestrator-state');
  const version = el('span', { testId: 'orchestrator-version' }, '—');
  const pid = el('span', { testId: 'orchestrator-pid' }, '—');
  const uptime = el('span', { testId: 'orchestrator-uptime' }, '—');
  const answers = el('span', { testId: 'orchestrator-responsiveness' }, '—');
  const detail = el('p', { class: 'detail', testId: 'orchestrator-detail' });
  const restart = button({
    label: 'Restart Orchestrator',
    testId: 'restart-orchestrator',
    needsTrust: 'restartOrchestrator',
    onClick: () => post({ type: 'restartOrchestrator' }),
  });
  const logs = button({ label: 'Show Logs', testId: 'show-logs', onClick: () => post({ type: 'showLogs' }) });
  const facts = el(
    'dl',
    { class: 'facts' },
    el('dt', {}, 'State'),
    el('dd', {}, state),
    el('dt', {}, 'Version'),
    el('dd', {}, version),
    el('dt', {}, 'Process'),
    el('dd', {}, pid),
    el('dt', {}, 'Uptime'),
    el('dd', {}, uptime),
    el('dt', {}, 'Answers'),
    el('dd', {}, answers),
  );
  const element = section('Orchestrator', 'orchestrator', facts, detail, el('div', { class: 'actions' }, restart, logs));
  let startedAt: number | undefined;
  let pulse: OrchestratorPulse | undefined;

  return {
    element,
    update(status, extensionVersion, current) {
      state.textContent = status.state;
      element.dataset.state = status.state;
      version.textContent = status.version ?? extensionVersion;
      pid.textContent = status.pid !== undefined ? `pid ${status.pid}` : '—';
      startedAt = status.state === 'ready' ? status.startedAt : undefined;
      detail.textContent = status.detail ?? '';
      pulse = status.state === 'ready' ? current : undefined;
      this.tick(Date.now());
    },
    tick(now) {
      uptime.textContent = startedAt !== undefined ? formatDuration(now - startedAt) : '—';
      answers.textContent = pulseText(pulse, now);
      answers.classList.toggle('warning', pulse?.waitingSince !== undefined);
    },
  };
}

/** "in at most 12 ms", or "not for 25 s" while a health request waits. */
function pulseText(pulse: OrchestratorPulse | undefined, now: number): string {
  if (!pulse) return '—';
  if (pulse.waitingSince !== undefined) return `no answer for ${formatDuration(now - pulse.waitingSince)}`;
  if (pulse.slowestMs === undefined) return '—';
  return `health in at most ${pulse.slowestMs} ms since start`;
}
