// The dashboard's routing section: the audit log of the last decisions (task, where it went,
// by whom, and the reasons of the chosen session).
import type { AuditEntryView } from '../../../src/protocol/routing';
import { el, section } from '../components/dom';

export interface RoutingSection {
  element: HTMLElement;
  update(audit: AuditEntryView[]): void;
}

export function routingSection(): RoutingSection {
  const body = el('tbody');
  const table = el('table', { class: 'grid', testId: 'routing-audit' },
    el('thead', {}, el('tr', {}, ...['When', 'Task', 'Sent to', 'By', 'Why'].map((h) => el('th', {}, h)))),
    body);
  const empty = el('p', { class: 'empty', testId: 'routing-empty' }, 'No routing decisions yet: use Agent Affinity: Send Task…');
  const element = section('Routing', 'routing', empty, table);
  return {
    element,
    update(audit) {
      empty.hidden = audit.length > 0;
      table.hidden = audit.length === 0;
      body.replaceChildren(...audit.map((a) => {
        const chosen = a.candidates.find((c) => c.sessionId === a.chosen);
        return el('tr', {},
          el('td', { class: 'muted' }, new Date(a.at).toLocaleTimeString()),
          el('td', {}, a.task.split('\n', 1)[0]?.slice(0, 80) ?? ''),
          el('td', {}, a.chosen === 'new' ? 'new session' : a.chosenName),
          el('td', { class: 'muted' }, a.proposed ? `${a.by} (router proposed ${a.proposed})` : a.by),
          el('td', { class: 'muted' }, chosen?.reasons.join('; ') ?? '—'));
      }));
    },
  };
}
