// How `agent-affinity permissions consolidate` prints its plans: one block per file (counts, each
// change with its reason, extra coverage or evidence, the findings, what was written and where
// the backup is), or the same as JSON. No secret is ever printed: rules, reasons and findings are
// masked here (the JSON's newText is the file itself).
import type { CliIo } from '../cliCommand';
import type { Change, Finding } from '../../core/permissions/consolidationTypes';
import { maskChange, maskFinding, maskSecrets } from '../../core/permissions/credentials';
import type { FilePlan } from '../../core/permissions/planFile';

/** One file's plan and what happened when writing it. */
export interface Outcome {
  plan: FilePlan;
  written?: { backupPath: string; indexPath: string };
  writeError?: string;
}

/** A rule for a terminal line: secrets masked, newlines shown as \n, very long rules shortened (--json keeps them whole). */
function show(rule: string): string {
  const one = maskSecrets(rule).replace(/\r?\n/g, '\\n');
  return one.length > 160 ? `${one.slice(0, 150)}… (${rule.length} chars)` : one;
}

function changeLine(change: Change): string {
  const c = maskChange(change);
  const tag = `[${c.list}${c.tier === 'exact' ? '' : `, ${c.tier}`}]`;
  const removed = c.removed.map(show).join(', ');
  if (c.added.length === 0) {
    const evidence = (c.evidence ?? []).map((e) => `\n      evidence: ${show(e.text)}: ${e.why}`).join('');
    return `  - ${removed} ${tag}: ${c.reason}${evidence}`;
  }
  if (c.removed.length === 1 && c.kind === 'normalizeLegacy')
    return `  ~ ${removed} -> ${c.added.map(show).join(', ')} ${tag}: ${c.reason}`;
  const extra = c.extraCoverage !== undefined ? `\n      extra coverage: ${c.extraCoverage}` : '';
  return `  + ${c.added.map(show).join(', ')} replaces ${c.removed.length} rule(s) ${tag}: ${c.reason}\n      replaced: ${removed}${extra}`;
}

function findingLine(f: Finding): string {
  const mark = f.severity === 'error' ? '!!' : f.severity === 'warning' ? '! ' : 'i ';
  const where = f.list !== undefined && f.index !== undefined ? ` (${f.list} #${f.index + 1})` : '';
  const rule = f.rule !== undefined ? ` ${show(f.rule)}` : '';
  return `  ${mark} ${f.kind}${where}${rule}: ${maskSecrets(f.message)}`;
}

export function printText(io: CliIo, outcomes: Outcome[], write: boolean): void {
  let before = 0;
  let after = 0;
  for (const { plan, written, writeError } of outcomes) {
    if (!plan.ok) {
      io.err(`error: ${plan.error}`);
      continue;
    }
    before += plan.before;
    after += plan.after;
    const delta = plan.after - plan.before;
    io.out(
      `${plan.path} (${plan.agent}, ${plan.scope}${plan.reportOnly ? ', report only' : ''}): ${plan.before} -> ${plan.after} rules${delta !== 0 ? ` (${delta})` : ''}`,
    );
    for (const c of plan.changes) io.out(`${changeLine(c)}`);
    if (plan.findings.length > 0) {
      io.out('  findings:');
      for (const f of plan.findings) io.out(`${findingLine(f)}`);
    }
    if (writeError !== undefined) io.err(`error: ${writeError}`);
    else if (written !== undefined) io.out(`  wrote ${plan.path} (backup: ${written.backupPath}; backup index: ${written.indexPath})`);
    else if (plan.newText !== plan.originalText) {
      if (!write) io.out('  (dry run: add --write to apply)');
    } else io.out('  nothing to change');
  }
  io.out(`total: ${before} -> ${after} rules in ${outcomes.filter((o) => o.plan.ok).length} file(s)`);
}

export function printJson(io: CliIo, outcomes: Outcome[]): void {
  const files = outcomes.map(({ plan, written, writeError }) =>
    plan.ok
      ? {
          path: plan.path,
          agent: plan.agent,
          scope: plan.scope,
          reportOnly: plan.reportOnly,
          before: plan.before,
          after: plan.after,
          changed: plan.newText !== plan.originalText,
          changes: plan.changes.map(maskChange),
          findings: plan.findings.map(maskFinding),
          verification: plan.verification,
          newText: plan.newText,
          ...(written !== undefined ? { backupPath: written.backupPath, backupIndex: written.indexPath } : {}),
          ...(writeError !== undefined ? { error: writeError } : {}),
        }
      : { path: plan.path, error: plan.error },
  );
  io.out(`${JSON.stringify({ files }, null, 2)}`);
}
