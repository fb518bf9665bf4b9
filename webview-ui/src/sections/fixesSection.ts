// The dashboard's learned-fixes section: search, sort (success, recency, uses), the list, one fix
// with its diff and history, edit (title and diff) and delete, export and import as JSON with the
// import's report.
import type { FixDetailView, FixSortName, FixSummaryView } from '../../../src/protocol/fixes';
import type { FixEditStatus, FixesDashboardState, WebviewToHostMessage } from '../../../src/protocol/webviewMessages';
import { badge, button } from '../components/controls';
import { el, section } from '../components/dom';
import { formatAge } from '../../../src/common/format';
import { fixEditor, type FixEditor } from './fixEditor';

export interface FixesSection {
  element: HTMLElement;
  update(state: FixesDashboardState | undefined): void;
}

const SORTS: readonly { value: FixSortName; label: string }[] = [
  { value: 'recency', label: 'Most recent' },
  { value: 'success', label: 'Success rate' },
  { value: 'uses', label: 'Most used' },
];

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function ago(at: number): string {
  return formatAge(Date.now() - at);
}

function diffView(diff: string): HTMLElement {
  const pre = el('pre', { class: 'diff', testId: 'fix-diff' });
  for (const line of diff.split('\n')) {
    const cls =
      line.startsWith('+++') || line.startsWith('---')
        ? 'diff-file'
        : line.startsWith('@@')
          ? 'diff-hunk'
          : line.startsWith('+')
            ? 'diff-add'
            : line.startsWith('-')
              ? 'diff-del'
              : '';
    pre.append(el('span', cls ? { class: cls } : {}, `${line}\n`));
  }
  return pre;
}

export function fixesSection(post: (m: WebviewToHostMessage) => void): FixesSection {
  const search = document.createElement('input');
  search.type = 'search';
  search.placeholder = 'Search fixes (message, code, file, diff)';
  search.className = 'field';
  search.dataset.testid = 'fixes-search';
  const sort = document.createElement('select');
  sort.className = 'field';
  sort.dataset.testid = 'fixes-sort';
  for (const s of SORTS) sort.append(new Option(s.label, s.value));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const query = (): void => post({ type: 'fixesQuery', text: search.value.trim(), sort: sort.value as FixSortName });
  search.addEventListener('input', () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(query, 250);
  });
  sort.addEventListener('change', query);

  const summary = el('p', { class: 'muted', testId: 'fixes-summary' });
  const body = el('tbody');
  const table = el(
    'table',
    { class: 'grid', testId: 'fixes-table' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...['Fix', 'Language', 'Error', 'Learned from', 'Success', 'Applied / offered', 'Last used'].map((h) => el('th', {}, h)),
      ),
    ),
    body,
  );
  const empty = el(
    'p',
    { class: 'empty', testId: 'fixes-empty' },
    'No learned fixes yet. Fix an error in the editor, or let an agent fix one, and it is remembered here.',
  );
  const detail = el('div', { class: 'fix-detail', testId: 'fix-detail' });
  const report = el('div', { class: 'import-report', testId: 'fixes-import-report' });
  const actions = el(
    'div',
    { class: 'actions' },
    button({ label: 'Export…', testId: 'fixes-export', needsTrust: 'fixesExport', onClick: () => post({ type: 'fixesExport' }) }),
    button({ label: 'Import…', testId: 'fixes-import', needsTrust: 'fixesImport', onClick: () => post({ type: 'fixesImport' }) }),
  );
  const element = section(
    'Learned fixes',
    'fixes',
    el('div', { class: 'toolbar' }, search, sort),
    summary,
    empty,
    table,
    detail,
    report,
    actions,
  );

  function row(f: FixSummaryView): HTMLElement {
    const title = el('a', { class: 'link' }, f.title);
    title.setAttribute('href', '#');
    title.addEventListener('click', (e) => {
      e.preventDefault();
      post({ type: 'fixShow', id: f.id });
    });
    const verified = f.counts.succeeded + f.counts.failed;
    return el(
      'tr',
      { testId: `fix-row-${f.id}` },
      el('td', {}, title),
      el('td', {}, f.language),
      el('td', { class: 'muted' }, `${f.source}${f.code ? ` ${f.code}` : ''}`),
      el('td', {}, f.origin),
      el('td', {}, verified > 0 ? `${percent(f.successRate)} (${f.counts.succeeded}/${verified})` : 'untried'),
      el('td', {}, `${f.counts.applied} / ${f.counts.offered}`),
      el('td', { class: 'muted' }, ago(f.lastUsedAt)),
    );
  }

  /** The open edit form; it survives re-renders (keeping the user's text) until saved or cancelled. */
  let editor: FixEditor | undefined;
  let shown: FixDetailView | undefined;

  function renderDetail(f: FixDetailView | undefined, edit: FixEditStatus | undefined): void {
    shown = f;
    detail.hidden = f === undefined;
    if (editor && editor.id === f?.id && !editor.answered(edit)) return;
    editor = undefined;
    if (!f) {
      detail.replaceChildren();
      return;
    }
    const facts = el(
      'dl',
      { class: 'facts' },
      el('dt', {}, 'Error'),
      el('dd', {}, f.message),
      el('dt', {}, 'Signature'),
      el('dd', { class: 'muted' }, `${f.language} · ${f.source || '—'} ${f.code} · ${f.normalized}`),
      el('dt', {}, 'Learned'),
      el(
        'dd',
        {},
        `from ${f.origin}${f.file ? ` in ${f.file}` : ''}${f.sessionId ? ` (session ${f.sessionId})` : ''}, ${ago(f.createdAt)}`,
      ),
      el('dt', {}, 'Counts'),
      el('dd', {}, `offered ${f.counts.offered}, applied ${f.counts.applied}, worked ${f.counts.succeeded}, failed ${f.counts.failed}`),
    );
    const history = el(
      'ul',
      { class: 'history', testId: 'fix-history' },
      ...f.history
        .slice()
        .reverse()
        .map((h) => el('li', {}, `${h.event} · ${new Date(h.at).toLocaleString()}`)),
    );
    detail.replaceChildren(
      el('h3', {}, f.title, ' ', badge(percent(f.successRate))),
      facts,
      diffView(f.diff),
      el('h4', {}, 'History'),
      history,
      el(
        'div',
        { class: 'actions' },
        button({ label: 'Edit', testId: 'fix-edit', needsTrust: 'fixEdit', onClick: () => openEditor(f) }),
        button({ label: 'Delete', testId: 'fix-delete', needsTrust: 'fixDelete', onClick: () => post({ type: 'fixDelete', id: f.id }) }),
        button({ label: 'Close', testId: 'fix-close', onClick: () => post({ type: 'fixClose' }) }),
      ),
    );
  }

  function openEditor(f: FixDetailView): void {
    editor = fixEditor(f, post, () => {
      editor = undefined;
      renderDetail(shown, undefined);
    });
    detail.replaceChildren(el('h3', {}, `Edit: ${f.title}`), editor.element);
    editor.focus();
  }

  return {
    element,
    update(state) {
      if (!state) return;
      if (document.activeElement !== search) search.value = state.query.text;
      sort.value = state.query.sort;
      const { list } = state;
      summary.textContent =
        list.unavailable ??
        (list.total === 0 ? '' : state.query.text ? `${list.matching} of ${list.total} fixes match` : `${list.total} fixes`);
      empty.hidden = list.total > 0;
      table.hidden = list.items.length === 0;
      body.replaceChildren(...list.items.map(row));
      renderDetail(state.detail, state.edit);
      const imp = state.lastImport;
      report.hidden = imp === undefined;
      if (imp) {
        const r = imp.report;
        report.replaceChildren(
          el(
            'p',
            {},
            r.error !== undefined
              ? `${imp.file} was not imported: ${r.error}`
              : `Imported from ${imp.file}: ${r.added} new, ${r.merged} merged, ${r.skipped.length} skipped.`,
          ),
          el(
            'ul',
            {},
            ...r.skipped.slice(0, 20).map((s) => el('li', { class: 'muted' }, `entry ${s.index}${s.id ? ` (${s.id})` : ''}: ${s.reason}`)),
          ),
        );
      }
    },
  };
}
