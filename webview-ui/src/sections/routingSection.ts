// The dashboard's routing section: the audit log of the last decisions (task, where it went, by
// whom, the chosen session's reasons), each opening onto every candidate with its score and reasons.
import type { AuditEntryView, RoutingStatusView } from '../../../src/protocol/routing';
import { el, section } from '../components/dom';

export interface RoutingSection {
  element: HTMLElement;
  update(audit: AuditEntryView[], status?: RoutingStatusView): void;
}

/** The chosen session's reasons, opening onto the full scoring of the decision. */
function why(a: AuditEntryView): HTMLDetailsElement {
  const chosen = a.candidates.find((c) => c.sessionId === a.chosen);
  const summary = el('summary', {}, chosen?.reasons.join('; ') || (a.chosen === 'new' ? 'no session held enough of the task' : '—'));
  const ranked = [...a.candidates].sort((x, y) => y.score - x.score);
  const list = el(
    'ol',
    { class: 'candidates', testId: 'routing-candidates' },
    ...ranked.map((c) =>
      el(
        'li',
        { class: c.sessionId === a.chosen ? 'chosen' : '' },
        el('strong', {}, c.name),
        ` ${c.score.toFixed(2)}`,
        c.reasons.length ? ` — ${c.reasons.join('; ')}` : '',
      ),
    ),
  );
  const sure = a.confidence !== undefined ? `; ${a.closeCall ? 'close call, ' : ''}${Math.round(a.confidence * 100)}% confident` : '';
  const strategy = el('p', { class: 'muted' }, `strategy ${a.strategy}; ${ranked.length} candidate(s)${sure}`);
  return el('details', { class: 'audit-why' }, summary, strategy, list);
}

export function routingSection(): RoutingSection {
  const body = el('tbody');
  const table = el(
    'table',
    { class: 'grid', testId: 'routing-audit' },
    el('thead', {}, el('tr', {}, ...['When', 'Task', 'Sent to', 'By', 'Why'].map((h) => el('th', {}, h)))),
    body,
  );
  const empty = el('p', { class: 'empty', testId: 'routing-empty' }, 'No routing decisions yet: use Agent Affinity: Send Task…');
  const learned = el('p', { class: 'muted', testId: 'routing-learned' });
  const element = section('Routing', 'routing', learned, empty, table);
  // Which rows the user opened, kept across live updates (by decision time and task).
  const open = new Set<string>();
  return {
    element,
    update(audit, status) {
      learned.textContent = status ? `Routing ${status.text}.${status.history.map((h) => ` ${h.message}.`).join('')}` : '';
      learned.hidden = status === undefined;
      empty.hidden = audit.length > 0;
      table.hidden = audit.length === 0;
      body.replaceChildren(
        ...audit.map((a) => {
          const key = `${a.at}\n${a.task}`;
          const details = why(a);
          details.open = open.has(key);
          details.addEventListener('toggle', () => {
            if (details.open) open.add(key);
            else open.delete(key);
          });
          return el(
            'tr',
            {},
            el('td', { class: 'muted' }, new Date(a.at).toLocaleTimeString()),
            el('td', {}, a.task.split('\n', 1)[0]?.slice(0, 80) ?? ''),
            el('td', {}, a.chosen === 'new' ? 'new session' : a.chosenName),
            el('td', { class: 'muted' }, a.proposed ? `${a.by} (router proposed ${a.proposed})` : a.by),
            el('td', { class: 'muted' }, details),
          );
        }),
      );
    },
  };
}
