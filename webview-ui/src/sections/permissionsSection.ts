// The dashboard's permissions section: the last consolidation per folder (when, rules before →
// after, findings, backups, undone or not), buttons that run Consolidate and Undo, and the rules
// the person's repeated Allow answers suggest (Add Rule / Not Now / Never; nothing is applied
// without a click).
import type { RuleSuggestion } from '../../../src/protocol/approvals';
import type { ConsolidationRecord } from '../../../src/protocol/permissions';
import type { WebviewToHostMessage } from '../../../src/protocol/webviewMessages';
import { badge, button } from '../components/controls';
import { el, section } from '../components/dom';
import { formatAge } from '../../../src/common/format';

export interface PermissionsSection {
  element: HTMLElement;
  update(records: ConsolidationRecord[] | undefined, suggestions?: RuleSuggestion[]): void;
  tick(now: number): void;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

export function permissionsSection(post: (m: WebviewToHostMessage) => void): PermissionsSection {
  const body = el('tbody');
  const table = el(
    'table',
    { class: 'grid', testId: 'permissions-table' },
    el('thead', {}, el('tr', {}, ...['Folder', 'When', 'Rules', 'Findings', 'Backups', ''].map((h) => el('th', {}, h)))),
    body,
  );
  const empty = el('p', { class: 'empty', testId: 'permissions-empty' }, 'No permission consolidation yet.');
  const consolidate = button({
    label: 'Consolidate Permissions…',
    appearance: 'primary',
    testId: 'consolidate-permissions',
    needsTrust: 'consolidatePermissions',
    onClick: () => post({ type: 'consolidatePermissions' }),
  });
  const undo = button({
    label: 'Undo Last Consolidation',
    testId: 'undo-permissions',
    needsTrust: 'undoPermissionConsolidation',
    onClick: () => post({ type: 'undoPermissionConsolidation' }),
  });
  const suggestionList = el('ul', { class: 'suggestions', testId: 'rule-suggestions' });
  const suggested = el('div', { testId: 'rule-suggestions-block' }, el('h3', {}, 'Suggested rules'), suggestionList);
  const element = section('Permissions', 'permissions', empty, table, el('div', { class: 'actions' }, consolidate, undo), suggested);
  const suggestionRow = (s: RuleSuggestion): HTMLElement => {
    const act = (how: 'add' | 'notNow' | 'never', label: string, appearance?: 'primary'): HTMLButtonElement =>
      button({
        label,
        ...(appearance ? { appearance } : {}),
        testId: `suggestion-${how}`,
        ...(how === 'add' ? { needsTrust: 'ruleSuggestion' as const } : {}),
        onClick: () => post({ type: 'ruleSuggestion', id: s.id, how }),
      });
    const row = el(
      'li',
      { testId: `suggestion-${s.id}` },
      el('code', { class: 'rule' }, s.rules.join(', ')),
      el(
        'span',
        { class: 'muted' },
        ` allowed ${s.allowsThisWeek}× this week in ${baseName(s.folder)}${s.state === 'notNow' ? ' · put off' : ''}`,
      ),
      el(
        'div',
        { class: 'actions' },
        act('add', 'Add Rule', 'primary'),
        ...(s.state === 'notNow' ? [] : [act('notNow', 'Not Now')]),
        act('never', 'Never'),
      ),
    );
    row.title = [`${s.folder}/.claude/settings.local.json`, s.extraCoverage, ...s.examples.map((e) => `allowed: ${e}`)]
      .filter(Boolean)
      .join('\n');
    return row;
  };
  const when: { cell: HTMLElement; at: number }[] = [];

  return {
    element,
    update(records, suggestions) {
      const list = records ?? [];
      suggested.hidden = !suggestions || suggestions.length === 0;
      suggestionList.replaceChildren(...(suggestions ?? []).map(suggestionRow));
      empty.hidden = list.length > 0;
      table.hidden = list.length === 0;
      undo.hidden = !list.some((r) => r.undoneAt === undefined);
      when.length = 0;
      body.replaceChildren(
        ...list.map((r) => {
          const at = el('td', {});
          when.push({ cell: at, at: r.at });
          const backups = el('td', { class: 'muted' }, r.files.map((f) => baseName(f.backupPath)).join(', '));
          backups.title = r.files.map((f) => `${f.path} ← ${f.backupPath}`).join('\n');
          const row = el(
            'tr',
            { testId: `permissions-row-${baseName(r.folder)}` },
            el('td', {}, baseName(r.folder)),
            at,
            el('td', { testId: 'permissions-rules' }, `${r.before} → ${r.after}${r.generalize ? ' (generalized)' : ''}`),
            el('td', {}, String(r.findings)),
            backups,
            el('td', {}, r.undoneAt !== undefined ? badge('undone') : ''),
          );
          row.title = r.folder;
          return row;
        }),
      );
      this.tick(Date.now());
    },
    tick(now) {
      for (const w of when) w.cell.textContent = formatAge(now - w.at);
    },
  };
}
