// Words for the permission-consolidation UI (no vscode import, unit-tested): the summary title,
// each file's line, the confirmation's detail with the extra coverage of generalizations, and
// the outcome messages.
import type {
  ApplyPermissionsResult,
  ConsolidationRecord,
  PermissionChange,
  PermissionFilePlan,
  PermissionsPlan,
  UndoPermissionsResult,
} from '../../protocol/permissions';

export const scopeNames: Record<PermissionFilePlan['scope'], string> = {
  user: 'user',
  project: 'project (shared)',
  local: 'local (personal)',
  managed: 'managed (read-only)',
  other: 'other',
};

/** A path shown relative to its folder when it is inside it, with `~` for the home folder. */
export function displayPath(path: string, folder: string, home?: string): string {
  const f = folder.replace(/[\\/]+$/, '');
  if (path.startsWith(`${f}/`) || path.startsWith(`${f}\\`)) return `${f.split(/[\\/]/).pop() ?? f}/${path.slice(f.length + 1)}`;
  if (home && (path.startsWith(`${home}/`) || path.startsWith(`${home}\\`))) return `~${path.slice(home.length)}`;
  return path;
}

export type FileGroup = 'rewrite' | 'unchanged' | 'skipped';

export function fileGroup(f: PermissionFilePlan): FileGroup {
  if (!f.ok) return 'skipped';
  return f.changed ? 'rewrite' : 'unchanged';
}

export const groupTitles: Record<FileGroup, string> = {
  rewrite: 'To rewrite',
  unchanged: 'Nothing to rewrite',
  skipped: 'Skipped: unreadable, not written',
};

/** What a generalizing change puts in (or, for a pure removal, takes out). */
function widening(c: PermissionChange): string {
  return c.added.length ? c.added.join(', ') : `drops ${c.removed.join(', ')}`;
}

/** Totals over the plan: rules before → after over readable files and every finding. */
export function planTotals(plan: Pick<PermissionsPlan, 'files' | 'folders'>): {
  files: number;
  before: number;
  after: number;
  findings: number;
  skipped: number;
  rewritable: number;
} {
  let before = 0;
  let after = 0;
  let findings = plan.folders.reduce((n, f) => n + f.findings.length, 0);
  for (const f of plan.files) {
    if (!f.ok) continue;
    before += f.before;
    after += f.after;
    findings += f.findings.length;
  }
  return {
    files: plan.files.length,
    before,
    after,
    findings,
    skipped: plan.files.filter((f) => !f.ok).length,
    rewritable: plan.files.filter((f) => f.ok && f.changed).length,
  };
}

/** ", generalizing and pruning" for the opt-in tiers that are on ('' for the exact tier alone). */
export function tiersNote(plan: { generalize: boolean; prune?: boolean | undefined }): string {
  const on = [...(plan.generalize ? ['generalizing'] : []), ...(plan.prune === true ? ['pruning one-offs'] : [])];
  return on.length ? `, ${on.join(' and ')}` : '';
}

export function summaryTitle(plan: Pick<PermissionsPlan, 'files' | 'folders' | 'generalize' | 'prune'>): string {
  const t = planTotals(plan);
  const tiers = tiersNote(plan);
  return `Consolidate Permissions${tiers ? ` (${tiers.slice(2)})` : ''}: ${t.files} file(s), rules ${t.before} → ${t.after}, ${t.findings} finding(s)${t.skipped ? `, ${t.skipped} unreadable (skipped)` : ''}`;
}

/** The file's row: label (path in its folder), description (rules), detail (where, findings, widenings or why skipped). */
export function fileRow(f: PermissionFilePlan, home?: string): { label: string; description: string; detail: string } {
  const shown = displayPath(f.path, f.folder, home);
  const inFolder = shown !== f.path && !shown.startsWith('~');
  const label = inFolder ? shown.slice(shown.indexOf('/') + 1) : shown;
  const where = `${inFolder ? `${shown.slice(0, shown.indexOf('/'))} · ` : ''}${scopeNames[f.scope]}`;
  if (!f.ok) return { label, description: 'skipped', detail: `${where} · ${f.error}` };
  const generalized = f.changes.filter((c) => c.tier === 'generalize');
  // What widens comes first: the detail line is cut at the quick pick's width.
  const parts = generalized.length ? [`${generalized.length} widen what is allowed: ${generalized.map(widening).join('; ')}`] : [];
  const pruned = f.changes.filter((c) => c.tier === 'prune').flatMap((c) => c.removed);
  if (pruned.length) parts.push(`${pruned.length} one-off approval(s) pruned`);
  parts.push(`${f.findings.length} finding(s)`, `${f.changes.length} change(s)`, where);
  if (f.reportOnly) parts.push('read-only here');
  return { label, description: `${f.before} → ${f.after} rules`, detail: parts.join(' · ') };
}

/** Lines naming what the generalizations allow that the old rules did not. */
export function extraCoverageLines(files: PermissionFilePlan[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (!f.ok) continue;
    for (const c of f.changes) {
      if (c.tier !== 'generalize') continue;
      out.push(
        `• ${widening(c)}${c.extraCoverage ? `: ${c.extraCoverage}` : ''}${c.added.length ? ` (replaces ${c.removed.length} rule(s))` : ''}`,
      );
    }
  }
  return out;
}

/** Lines naming each pruned rule with its evidence ("Bash(kill 33668): 33668 is a process id; it will not recur"). */
export function prunedLines(files: PermissionFilePlan[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (!f.ok) continue;
    for (const c of f.changes) {
      if (c.tier !== 'prune') continue;
      const why = c.evidence?.map((e) => `${e.text}: ${e.why}`).join('; ') ?? c.reason;
      for (const rule of c.removed) out.push(`• ${rule} — ${why}`);
    }
  }
  return out;
}

/** The confirmation dialog's detail for the chosen files. */
export function confirmDetail(chosen: PermissionFilePlan[], skipped: PermissionFilePlan[], home?: string): string {
  const lines = chosen.map((f) => `${displayPath(f.path, f.folder, home)}: ${f.ok ? `${f.before} → ${f.after} rules` : ''}`);
  const extra = extraCoverageLines(chosen);
  if (extra.length)
    lines.push(
      '',
      'Generalizing widens what is allowed:',
      ...extra.slice(0, 12),
      ...(extra.length > 12 ? [`… and ${extra.length - 12} more (see the report)`] : []),
    );
  const pruned = prunedLines(chosen);
  if (pruned.length)
    lines.push(
      '',
      'Pruning removes approvals of one moment (they will be asked for again):',
      ...pruned.slice(0, 12),
      ...(pruned.length > 12 ? [`… and ${pruned.length - 12} more (see the report)`] : []),
    );
  if (skipped.length) lines.push('', 'Skipped (cannot be read, not written):', ...skipped.map((f) => `• ${f.ok ? f.path : f.error}`));
  lines.push(
    '',
    'Each file is written atomically; its old text is kept as a backup in the extension\'s storage, never in the repository. A file changed since the scan is not overwritten. Undo with "Agent Affinity: Undo Permission Consolidation".',
  );
  return lines.join('\n');
}

export function appliedMessage(result: ApplyPermissionsResult): string {
  const before = result.applied.reduce((n, a) => n + a.before, 0);
  const after = result.applied.reduce((n, a) => n + a.after, 0);
  return `Agent Affinity: consolidated ${result.applied.length} permission file(s), rules ${before} → ${after}; backups kept (${result.applied.map((a) => a.backupPath).join(', ')}).`;
}

export function refusedMessage(refused: { path: string; reason: string }[]): string {
  const changed = refused.some((r) => /changed (on disk )?since/.test(r.reason));
  return `Agent Affinity: ${refused.length} file(s) not written: ${refused.map((r) => r.reason).join(' · ')}${changed ? ' Run Consolidate Permissions again to review the current contents.' : ''}`;
}

export function undoneMessage(result: UndoPermissionsResult): string {
  return `Agent Affinity: restored ${result.restored.length} permission file(s) from their backups${result.folder ? ` in ${result.folder}` : ''}.`;
}

/** How the dashboard and the undo picker name a record. */
export function recordLine(r: ConsolidationRecord): string {
  return `${r.files.length} file(s), rules ${r.before} → ${r.after}, ${r.findings} finding(s)${r.generalize ? ', generalized' : ''}${r.prune === true ? ', one-offs pruned' : ''}${r.undoneAt !== undefined ? ' (undone)' : ''}`;
}
