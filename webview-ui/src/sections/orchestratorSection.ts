// The dashboard's orchestrator section: state, version and a live uptime.
import type { OrchestratorStatus } from '../../../src/protocol/orchestratorState';
import type { WebviewToHostMessage } from '../../../src/protocol/webviewMessages';
import { badge, button } from '../components/controls';
import { el, section } from '../components/dom';
import { formatDuration } from '../format';

export interface OrchestratorSection {
  element: HTMLElement;
  update(status: OrchestratorStatus, extensionVersion: string): void;
  /** Re-renders the live parts (uptime); called every second. */
  tick(now: number): void;
}

export function orchestratorSection(post: (m: WebviewToHostMessage) => void): OrchestratorSection {
  const state = badge('…', 'orchestrator-state');
  const version = el('span', { testId: 'orchestrator-version' }, '—');
  const pid = el('span', { testId: 'orchestrator-pid' }, '—');
  const uptime = el('span', { testId: 'orchestrator-uptime' }, '—');
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
  );
  const element = section('Orchestrator', 'orchestrator', facts, detail, el('div', { class: 'actions' }, restart, logs));
  let startedAt: number | undefined;

  return {
    element,
    update(status, extensionVersion) {
      state.textContent = status.state;
      element.dataset.state = status.state;
      version.textContent = status.version ?? extensionVersion;
      pid.textContent = status.pid !== undefined ? `pid ${status.pid}` : '—';
      startedAt = status.state === 'ready' ? status.startedAt : undefined;
      detail.textContent = status.detail ?? '';
      this.tick(Date.now());
    },
    tick(now) {
      uptime.textContent = startedAt !== undefined ? formatDuration(now - startedAt) : '—';
    },
  };
}
