// The Markdown report of a consolidation plan: per file the rules before and after, each change
// with its reason (and the extra coverage of generalizations), and every finding; skipped files
// with the reason they could not be read.
import type { PermissionChange, PermissionFilePlan, PermissionFinding, PermissionsPlan } from '../../protocol/permissions';

type PlanBody = Pick<PermissionsPlan, 'createdAt' | 'generalize' | 'prune' | 'folders' | 'files'>;

/** Most changes listed per file; the rest are counted. */
const MAX_CHANGES = 200;

/** Inline code that survives backticks and newlines in the rule. */
export function mdCode(text: string): string {
  const flat = text.replace(/\r?\n/g, '⏎');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Plain text on one line; only what would break a table row or turn into HTML is escaped (the report is read as source too). */
function mdText(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/([<>|])/g, '\\$1');
}

const severityMark: Record<PermissionFinding['severity'], string> = { error: '⛔', warning: '⚠️', info: 'ℹ️' };

function findingLine(f: PermissionFinding): string {
  const rule = f.rule !== undefined ? ` ${mdCode(f.rule)}` : '';
  const list = f.list !== undefined ? ` (${f.list})` : '';
  const files = f.files?.length ? ` — ${f.files.map(mdCode).join(', ')}` : '';
  return `- ${severityMark[f.severity]} **${f.kind}**${list}: ${mdText(f.message)}${rule}${files}`;
}

function changeLine(c: PermissionChange): string {
  const removed = c.removed.map(mdCode).join(', ');
  const added = c.added.length ? ` → ${c.added.map(mdCode).join(', ')}` : '';
  const covered = c.coveredBy !== undefined ? ` (covered by ${mdCode(c.coveredBy)})` : '';
  const extra = c.extraCoverage !== undefined ? `\n  - **also allows:** ${mdText(c.extraCoverage)}` : '';
  const evidence = (c.evidence ?? []).map((e) => `\n  - **evidence:** ${mdCode(e.text)}: ${mdText(e.why)}`).join('');
  const mark = c.tier === 'generalize' ? '🔓 ' : c.tier === 'prune' ? '✂️ ' : '';
  return `- ${mark}${c.list}: ${removed}${added}${covered} — ${mdText(c.reason)}${extra}${evidence}`;
}

/** Counts findings by severity across files and folders (what the summary shows). */
export function findingCounts(plan: Pick<PermissionsPlan, 'folders' | 'files'>): { total: number; errors: number; warnings: number } {
  const all = [...plan.folders.flatMap((f) => f.findings), ...plan.files.flatMap((f) => (f.ok ? f.findings : []))];
  return {
    total: all.length,
    errors: all.filter((f) => f.severity === 'error').length,
    warnings: all.filter((f) => f.severity === 'warning').length,
  };
}

function fileSection(f: PermissionFilePlan): string[] {
  const out = [`### ${mdCode(f.path)}`, ''];
  if (!f.ok) return [...out, `Skipped, nothing will be written: ${mdText(f.error)}`, ''];
  out.push(
    `Scope: ${f.scope} · agent: ${f.agent} · rules ${f.before} → ${f.after}${f.reportOnly ? ' · read-only here (findings only)' : ''}`,
    '',
  );
  if (f.findings.length) out.push('**Findings**', '', ...f.findings.map(findingLine), '');
  if (f.changes.length) {
    out.push('**Changes**', '', ...f.changes.slice(0, MAX_CHANGES).map(changeLine));
    if (f.changes.length > MAX_CHANGES) out.push(`- … and ${f.changes.length - MAX_CHANGES} more`);
    out.push('');
  } else if (!f.reportOnly) out.push('Nothing to consolidate.', '');
  return out;
}

function tiersLine(plan: PlanBody): string {
  const tiers = ['exact', ...(plan.generalize ? ['generalizing'] : []), ...(plan.prune === true ? ['pruning'] : [])];
  if (tiers.length === 1) return 'exact tier only (no decision changes)';
  const marks = [
    ...(plan.generalize ? ['🔓 marks rules that widen what is allowed'] : []),
    ...(plan.prune === true ? ['✂️ marks one-off approvals removed, which will be asked for again'] : []),
  ];
  return `${tiers.slice(0, -1).join(', ')} and ${tiers[tiers.length - 1] ?? ''} tiers (${marks.join('; ')})`;
}

/** Renders the whole plan as a Markdown document. */
export function renderPermissionReport(plan: PlanBody): string {
  const counts = findingCounts(plan);
  const before = plan.files.reduce((n, f) => n + (f.ok ? f.before : 0), 0);
  const after = plan.files.reduce((n, f) => n + (f.ok ? f.after : 0), 0);
  const out = [
    '# Permission consolidation report',
    '',
    `${new Date(plan.createdAt).toISOString()} · ${tiersLine(plan)}`,
    '',
    `**${plan.files.length} file(s), rules ${before} → ${after}, ${counts.total} finding(s)** (${counts.errors} error(s), ${counts.warnings} warning(s))`,
    '',
  ];
  if (plan.files.length) {
    out.push('| File | Scope | Rules | Findings |', '| --- | --- | --- | --- |');
    for (const f of plan.files) {
      out.push(
        f.ok
          ? `| ${mdCode(f.path)} | ${f.scope} | ${f.before} → ${f.after} | ${f.findings.length} |`
          : `| ${mdCode(f.path)} | ${f.scope} | skipped | ${mdText(f.error)} |`,
      );
    }
    out.push('');
  } else out.push('No permission files were found in these folders.', '');
  for (const folder of plan.folders) {
    if (!folder.findings.length) continue;
    out.push(`## Across scopes in ${mdCode(folder.folder)}`, '', ...folder.findings.map(findingLine), '');
  }
  if (plan.files.length) out.push('## Files', '');
  for (const f of plan.files) out.push(...fileSection(f));
  return `${out.join('\n').trimEnd()}\n`;
}
