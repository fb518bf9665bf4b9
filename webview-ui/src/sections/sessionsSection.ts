// The dashboard's sessions section: every session's state, agent, folder, current task, queue
// length and last activity, live; the session the active editor has most affinity with is marked.
import type { ApprovalRequest } from '../../../src/protocol/approvals';
import type { SessionSummary } from '../../../src/protocol/sessions';
import type { WebviewToHostMessage } from '../../../src/protocol/webviewMessages';
import { badge, button } from '../components/controls';
import { el, section } from '../components/dom';
import { formatAge } from '../../../src/common/format';
import { permissionQuestions } from './approvalsSection';

export interface SessionsSection {
  element: HTMLElement;
  /** `activeSessionId`: the session the active editor has most affinity with (as the status bar). */
  update(sessions: SessionSummary[], activeSessionId?: string, questions?: readonly ApprovalRequest[]): void;
  tick(now: number): void;
}

const agentNames: Record<SessionSummary['agent'], string> = {
  claude: 'Claude Code',
  codex: 'Codex',
  gemini: 'Gemini CLI',
  command: 'Command',
};

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

export function sessionsSection(post: (m: WebviewToHostMessage) => void): SessionsSection {
  const body = el('tbody');
  const table = el(
    'table',
    { class: 'grid', testId: 'sessions-table' },
    el(
      'thead',
      {},
      el('tr', {}, ...['Session', 'State', 'Agent', 'Folder', 'Current task', 'Queue', 'Last activity'].map((h) => el('th', {}, h))),
    ),
    body,
  );
  const empty = el('p', { class: 'empty', testId: 'sessions-empty' }, 'No sessions yet.');
  const create = button({
    label: 'Create Session…',
    appearance: 'primary',
    testId: 'create-session',
    needsTrust: 'createSession',
    onClick: () => post({ type: 'createSession' }),
  });
  const questions = permissionQuestions(post);
  const element = section('Sessions', 'sessions', empty, questions.element, table, el('div', { class: 'actions' }, create));
  const activity: { cell: HTMLElement; at: number }[] = [];

  return {
    element,
    update(sessions, activeSessionId, pending = []) {
      questions.update(pending);
      empty.hidden = sessions.length > 0;
      table.hidden = sessions.length === 0;
      activity.length = 0;
      body.replaceChildren(
        ...sessions.map((s) => {
          const name = el('a', { class: 'link' }, s.name);
          name.setAttribute('href', '#');
          name.addEventListener('click', (e) => {
            e.preventDefault();
            post({ type: 'openTranscript', sessionId: s.id });
          });
          const state = badge(s.state);
          state.dataset.state = s.state;
          const last = el('td', {});
          activity.push({ cell: last, at: s.lastActivityAt });
          const row = el(
            'tr',
            { testId: `session-row-${s.name}` },
            el(
              'td',
              {},
              name,
              s.specialty ? el('span', { class: 'muted' }, ` · ${s.specialty.label}`) : '',
              s.id === activeSessionId ? el('span', { class: 'active-marker', testId: 'session-active' }, ' ● active editor') : '',
            ),
            el('td', { testId: 'session-state' }, state),
            el('td', {}, agentNames[s.agent]),
            el('td', { class: 'muted' }, s.worktree ? `${baseName(s.folder)} ⎇ ${s.worktree.branch}` : baseName(s.folder)),
            el(
              'td',
              {},
              s.current ? (s.current.text.split('\n', 1)[0]?.slice(0, 80) ?? '') : s.lastError ? `✖ ${s.lastError.reason}` : '—',
            ),
            el('td', {}, String(s.queue.length)),
            last,
          );
          row.title = s.id === activeSessionId ? `${s.cwd}\nThe active editor's files are most in this session's context.` : s.cwd;
          if (s.id === activeSessionId) row.classList.add('active-session');
          return row;
        }),
      );
      this.tick(Date.now());
    },
    tick(now) {
      for (const a of activity) a.cell.textContent = formatAge(now - a.at);
    },
  };
}
