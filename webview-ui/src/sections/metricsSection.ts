// The dashboard's metrics section: per session tasks run, success rate, median task duration and
// tokens per task; the MCP tools' calls per session; routing decision latency (p50, p99); the
// token-count cache hit rate; export.
import type { MetricsView } from '../../../src/protocol/metrics';
import type { SessionSummary } from '../../../src/protocol/sessions';
import type { WebviewToHostMessage } from '../../../src/protocol/webviewMessages';
import { button } from '../components/controls';
import { el, section } from '../components/dom';
import { formatDuration } from '../../../src/common/format';

export interface MetricsSection {
  element: HTMLElement;
  update(metrics: MetricsView | undefined, sessions: readonly SessionSummary[]): void;
}

function ms(x: number): string {
  return x < 1000 ? `${x < 10 ? x.toFixed(1) : Math.round(x)} ms` : formatDuration(x);
}

export function metricsSection(post: (m: WebviewToHostMessage) => void): MetricsSection {
  const body = el('tbody');
  const table = el(
    'table',
    { class: 'grid', testId: 'metrics-table' },
    el(
      'thead',
      {},
      el('tr', {}, ...['Session', 'Tasks run', 'Success rate', 'Median duration', 'Tokens per task'].map((h) => el('th', {}, h))),
    ),
    body,
  );
  const empty = el('p', { class: 'empty', testId: 'metrics-empty' }, 'No tasks have finished since the orchestrator started.');
  const toolsHead = el('tr');
  const toolsBody = el('tbody');
  const toolsTable = el('table', { class: 'grid', testId: 'metrics-tools' }, el('thead', {}, toolsHead), toolsBody);
  const toolsTitle = el('h3', {}, 'MCP tool calls');
  const routing = el('dd', { testId: 'metrics-routing' }, 'no decisions yet');
  const cache = el('dd', { testId: 'metrics-cache' }, 'no lookups yet');
  const since = el('dd', { class: 'muted', testId: 'metrics-since' }, '—');
  const facts = el(
    'dl',
    { class: 'facts' },
    el('dt', {}, 'Routing latency'),
    routing,
    el('dt', {}, 'Token-count cache'),
    cache,
    el('dt', {}, 'Counting since'),
    since,
  );
  const actions = el(
    'div',
    { class: 'actions' },
    button({ label: 'Export…', testId: 'metrics-export', needsTrust: 'metricsExport', onClick: () => post({ type: 'metricsExport' }) }),
  );
  const element = section('Metrics', 'metrics', empty, table, toolsTitle, toolsTable, facts, actions);

  return {
    element,
    update(metrics, sessions) {
      const names = new Map(sessions.map((s) => [s.id, s.name]));
      const rows = metrics?.sessions ?? [];
      empty.hidden = rows.length > 0;
      table.hidden = rows.length === 0;
      body.replaceChildren(
        ...rows.map((m) =>
          el(
            'tr',
            { testId: `metrics-row-${names.get(m.sessionId) ?? m.sessionId}` },
            el('td', {}, names.get(m.sessionId) ?? m.sessionId),
            el('td', {}, String(m.tasksRun)),
            el('td', {}, `${Math.round(m.successRate * 100)}% (${m.succeeded}/${m.tasksRun})`),
            el('td', {}, ms(m.medianDurationMs)),
            el('td', {}, m.tokensPerTask > 0 ? Math.round(m.tokensPerTask).toLocaleString() : '—'),
          ),
        ),
      );
      const calls = metrics?.tools ?? [];
      const tools = [...new Set(calls.map((c) => c.tool))].sort();
      const callers = [...new Set(calls.map((c) => c.sessionId))];
      toolsTitle.hidden = toolsTable.hidden = calls.length === 0;
      toolsHead.replaceChildren(...['Caller', ...tools].map((h) => el('th', {}, h)));
      toolsBody.replaceChildren(
        ...callers.map((caller) => {
          const name = caller === '' ? 'other clients' : (names.get(caller) ?? caller);
          return el(
            'tr',
            { testId: `metrics-tools-row-${name}` },
            el('td', {}, name),
            ...tools.map((tool) => {
              const c = calls.find((x) => x.sessionId === caller && x.tool === tool);
              const cell = el('td', {}, c ? `${c.calls}${c.errors ? ` (${c.errors} errors)` : ''}` : '—');
              if (c) cell.title = `mean ${ms(c.meanLatencyMs)}, max ${ms(c.maxLatencyMs)}`;
              return cell;
            }),
          );
        }),
      );
      routing.textContent =
        metrics && metrics.routing.count > 0
          ? `p50 ${ms(metrics.routing.p50)} · p99 ${ms(metrics.routing.p99)} over ${metrics.routing.count} decisions`
          : 'no decisions yet';
      const lookups = metrics ? metrics.tokenCache.hits + metrics.tokenCache.misses : 0;
      cache.textContent =
        metrics && lookups > 0
          ? `${Math.round(metrics.tokenCache.hitRate * 100)}% hits (${metrics.tokenCache.hits} of ${lookups})`
          : 'no lookups yet';
      since.textContent = metrics ? new Date(metrics.since).toLocaleString() : '—';
    },
  };
}
