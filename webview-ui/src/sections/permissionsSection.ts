// The dashboard's permissions section: the last consolidation per folder (when, rules before →
// after, findings, backups, undone or not) and buttons that run Consolidate and Undo.
import type { ConsolidationRecord } from '../../../src/protocol/permissions';
import type { WebviewToHostMessage } from '../../../src/protocol/webviewMessages';
import { badge, button } from '../components/controls';
import { el, section } from '../components/dom';
import { formatAge } from '../format';

export interface PermissionsSection {
  element: HTMLElement;
  update(records: ConsolidationRecord[] | undefined): void;
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
  const element = section('Permissions', 'permissions', empty, table, el('div', { class: 'actions' }, consolidate, undo));
  const when: { cell: HTMLElement; at: number }[] = [];

  return {
    element,
    update(records) {
      const list = records ?? [];
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
