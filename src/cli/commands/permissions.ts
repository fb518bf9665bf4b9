// `agent-affinity permissions consolidate FILE… [--generalize] [--write] [--json]`: prints the
// before/after counts, each change with its reason and the findings; with --write applies the
// new text atomically and keeps a timestamped backup beside each file.
import { homedir } from 'node:os';
import type { CliCommand, CliIo } from '../cliCommand';
import { applyFileRewrite } from '../../core/permissions/atomicWrite';
import type { Change, Finding } from '../../core/permissions/consolidationTypes';
import { maskChange, maskFinding, maskSecrets } from '../../core/permissions/credentials';
import { planFile } from '../../core/permissions/planFile';
import type { FilePlan } from '../../core/permissions/planFile';

const USAGE = `usage: agent-affinity permissions consolidate FILE... [--generalize] [--write] [--json]

  Consolidates Claude Code settings files (.claude/settings*.json), Gemini CLI settings
  (tools.allowed / tools.exclude), Roo Code allowed/denied command lists; reports Codex
  policy files (.rules, config.toml).

  --generalize  also collapse one-off commands and merge subcommands (widens allow rules;
                each widening is listed with the extra coverage it grants)
  --write       apply: atomic write, backup <file>.<UTC time>.bak beside each file
  --json        machine-readable output

Exit status: 0, or 1 when a file cannot be read or written (the reason is printed), 2 on usage errors.`;

interface Parsed {
  files: string[];
  generalize: boolean;
  write: boolean;
  json: boolean;
}

function parseArgs(argv: string[]): Parsed | string {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') return 'help';
  if (sub !== 'consolidate') return `unknown subcommand "${sub}"`;
  const p: Parsed = { files: [], generalize: false, write: false, json: false };
  for (const a of rest) {
    if (a === '--generalize') p.generalize = true;
    else if (a === '--write') p.write = true;
    else if (a === '--json') p.json = true;
    else if (a === '--help' || a === '-h') return 'help';
    else if (a.startsWith('--')) return `unknown option "${a}"`;
    else p.files.push(a);
  }
  return p.files.length === 0 ? 'no FILE given' : p;
}

/** A rule for a terminal line: secrets masked, newlines shown as \\n, very long rules shortened (--json keeps them whole). */
function show(rule: string): string {
  const one = maskSecrets(rule).replace(/\r?\n/g, '\\n');
  return one.length > 160 ? `${one.slice(0, 150)}… (${rule.length} chars)` : one;
}

function changeLine(change: Change): string {
  const c = maskChange(change);
  const tag = `[${c.list}${c.tier === 'generalize' ? ', generalize' : ''}]`;
  const removed = c.removed.map(show).join(', ');
  if (c.added.length === 0) return `  - ${removed} ${tag}: ${c.reason}`;
  if (c.removed.length === 1 && c.kind === 'normalizeLegacy')
    return `  ~ ${removed} -> ${c.added.map(show).join(', ')} ${tag}: ${c.reason}`;
  const extra = c.extraCoverage !== undefined ? `\n      extra coverage: ${c.extraCoverage}` : '';
  return `  + ${c.added.map(show).join(', ')} replaces ${c.removed.length} rule(s) ${tag}: ${c.reason}\n      replaced: ${removed}${extra}`;
}

function findingLine(f: Finding): string {
  const mark = f.severity === 'error' ? '!!' : f.severity === 'warning' ? '! ' : 'i ';
  const rule = f.rule !== undefined ? ` ${show(f.rule)}` : '';
  return `  ${mark} ${f.kind}${rule}: ${maskSecrets(f.message)}`;
}

interface Outcome {
  plan: FilePlan;
  written?: string;
  writeError?: string;
}

function printText(io: CliIo, outcomes: Outcome[], write: boolean): void {
  let before = 0;
  let after = 0;
  for (const { plan, written, writeError } of outcomes) {
    if (!plan.ok) {
      io.err(`error: ${plan.error}\n`);
      continue;
    }
    before += plan.before;
    after += plan.after;
    const delta = plan.after - plan.before;
    io.out(
      `${plan.path} (${plan.agent}, ${plan.scope}${plan.reportOnly ? ', report only' : ''}): ${plan.before} -> ${plan.after} rules${delta !== 0 ? ` (${delta})` : ''}\n`,
    );
    for (const c of plan.changes) io.out(`${changeLine(c)}\n`);
    if (plan.findings.length > 0) {
      io.out('  findings:\n');
      for (const f of plan.findings) io.out(`${findingLine(f)}\n`);
    }
    if (writeError !== undefined) io.err(`error: ${writeError}\n`);
    else if (written !== undefined) io.out(`  wrote ${plan.path} (backup: ${written})\n`);
    else if (plan.newText !== plan.originalText) io.out(write ? '' : '  (dry run: add --write to apply)\n');
    else io.out('  nothing to change\n');
  }
  io.out(`total: ${before} -> ${after} rules in ${outcomes.filter((o) => o.plan.ok).length} file(s)\n`);
}

function printJson(io: CliIo, outcomes: Outcome[]): void {
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
          // Findings are masked by the engine; changes are masked here (newText is the file itself).
          changes: plan.changes.map(maskChange),
          findings: plan.findings.map(maskFinding),
          verification: plan.verification,
          newText: plan.newText,
          ...(written !== undefined ? { backupPath: written } : {}),
          ...(writeError !== undefined ? { error: writeError } : {}),
        }
      : { path: plan.path, error: plan.error },
  );
  io.out(`${JSON.stringify({ files }, null, 2)}\n`);
}

export const permissionsCommand: CliCommand = {
  name: 'permissions',
  summary: "consolidate agents' permission rules (allow/ask/deny lists), preview or apply",
  async run(argv: string[], io: CliIo): Promise<number> {
    const parsed = parseArgs(argv);
    if (parsed === 'help') {
      io.out(`${USAGE}\n`);
      return 0;
    }
    if (typeof parsed === 'string') {
      io.err(`error: ${parsed}\n${USAGE}\n`);
      return 2;
    }
    const outcomes: Outcome[] = [];
    let failed = false;
    for (const file of parsed.files) {
      const plan = planFile(file, { generalize: parsed.generalize, home: homedir() });
      const outcome: Outcome = { plan };
      if (!plan.ok) failed = true;
      else if (parsed.write && !plan.reportOnly && plan.newText !== plan.originalText) {
        try {
          outcome.written = applyFileRewrite(plan.path, plan.originalText, plan.newText).backupPath;
        } catch (e) {
          outcome.writeError = e instanceof Error ? e.message : String(e);
          failed = true;
        }
      }
      outcomes.push(outcome);
    }
    if (parsed.json) printJson(io, outcomes);
    else printText(io, outcomes, parsed.write);
    return failed ? 1 : 0;
  },
};
