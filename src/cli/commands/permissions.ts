// `agent-affinity permissions consolidate FILE… [--generalize] [--prune] [--write] [--json]`: prints
// the before/after counts, each change with its reason and the findings; with --write applies the
// new text atomically, keeping a backup in the CLI's cache folder (never in the repository) listed
// in its index. `agent-affinity permissions restore FILE [--backup PATH] [--force] [--list]` puts a
// backup back through that index.
import { homedir } from 'node:os';
import { parseCli } from '../cliArgs';
import type { CliCommand, CliIo } from '../cliCommand';
import { cliBackupRoot, rewriteWithBackup } from '../../core/permissions/backupStore';
import { planFile } from '../../core/permissions/planFile';
import { printJson, printText } from './permissionsOutput';
import type { Outcome } from './permissionsOutput';
import { runRestore } from './permissionsRestore';

const USAGE = `usage: agent-affinity permissions consolidate FILE... [--generalize] [--prune] [--write] [--json]
       agent-affinity permissions restore FILE [--backup PATH] [--force] [--list]

  consolidate   Consolidates Claude Code settings files (.claude/settings*.json), Gemini CLI
                settings (tools.allowed / tools.exclude), Roo Code allowed/denied command
                lists; reports Codex policy files (.rules, config.toml).
    --generalize  also collapse one-off commands and merge subcommands (widens allow rules;
                  each widening is listed with what it newly allows)
    --prune       also remove allow rules that approved one moment only (process ids, commit
                  hashes, temporary paths, dates, local ports…), each with its evidence; never
                  widens: those commands are asked for again
    --write       apply: atomic write; the old file is kept in BACKUPS (listed in its index.json)
    --json        machine-readable output

  restore       Puts back the newest backup of FILE (or --backup PATH) from the index; refuses a
                file edited since the consolidation unless --force. --list shows the backups.

  BACKUPS is $XDG_CACHE_HOME/agent-affinity/permission-backups (default ~/.cache/…; on Windows
  %LOCALAPPDATA%\\agent-affinity\\permission-backups), never inside a repository.

Exit status: 0; 1 when a file cannot be read, consolidated (a limit or the time limit was reached)
or written, or restored (the reason is printed); 2 on usage errors.`;

/** Where the command reads its environment (tests pass their own). */
export interface PermissionsCommandEnv {
  env: Readonly<Record<string, string | undefined>>;
  home: string;
}

interface ConsolidateArgs {
  files: string[];
  generalize: boolean;
  prune: boolean;
  write: boolean;
  json: boolean;
}

const CONSOLIDATE_OPTIONS = {
  generalize: { type: 'boolean' },
  prune: { type: 'boolean' },
  write: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

function parseConsolidate(rest: string[]): ConsolidateArgs | string {
  const p = parseCli(rest, CONSOLIDATE_OPTIONS, true);
  if (p.kind === 'help') return 'help';
  if (p.kind === 'error') return p.message;
  if (p.positionals.length === 0) return 'no FILE given';
  const v = p.values;
  return {
    files: p.positionals,
    generalize: v.generalize ?? false,
    prune: v.prune ?? false,
    write: v.write ?? false,
    json: v.json ?? false,
  };
}

function consolidateFiles(args: ConsolidateArgs, io: CliIo, where: PermissionsCommandEnv): number {
  const backupRoot = cliBackupRoot(where.env, where.home);
  const outcomes: Outcome[] = [];
  let failed = false;
  for (const file of args.files) {
    const plan = planFile(file, { generalize: args.generalize, prune: args.prune, home: where.home });
    const outcome: Outcome = { plan };
    // A file that hit a limit or the time limit was not consolidated: say so in the exit status.
    if (!plan.ok || plan.findings.some((f) => f.kind === 'limit' && f.severity === 'error')) failed = true;
    if (plan.ok && args.write && !plan.reportOnly && plan.newText !== plan.originalText) {
      try {
        const done = rewriteWithBackup(plan.path, plan.originalText, plan.newText, backupRoot, { home: where.home });
        outcome.written = { backupPath: done.backupPath, indexPath: done.indexPath };
      } catch (e) {
        outcome.writeError = e instanceof Error ? e.message : String(e);
        failed = true;
      }
    }
    outcomes.push(outcome);
  }
  if (args.json) printJson(io, outcomes);
  else printText(io, outcomes, args.write);
  return failed ? 1 : 0;
}

/** The `permissions` command, reading its environment from `where`. */
export function createPermissionsCommand(where: PermissionsCommandEnv): CliCommand {
  return {
    name: 'permissions',
    summary: "consolidate agents' permission rules (allow/ask/deny lists), preview or apply; restore a backup",
    run(argv: string[], io: CliIo): Promise<number> {
      const [sub, ...rest] = argv;
      if (sub === undefined || sub === '--help' || sub === '-h') {
        io.out(`${USAGE}`);
        return Promise.resolve(0);
      }
      if (sub !== 'consolidate' && sub !== 'restore') {
        io.err(`error: unknown subcommand "${sub}"\n${USAGE}`);
        return Promise.resolve(2);
      }
      if (sub === 'restore') {
        return Promise.resolve(runRestore(rest, io, cliBackupRoot(where.env, where.home), USAGE));
      }
      const parsed = parseConsolidate(rest);
      if (parsed === 'help') {
        io.out(`${USAGE}`);
        return Promise.resolve(0);
      }
      if (typeof parsed === 'string') {
        io.err(`error: ${parsed}\n${USAGE}`);
        return Promise.resolve(2);
      }
      return Promise.resolve(consolidateFiles(parsed, io, where));
    },
  };
}

export const permissionsCommand: CliCommand = createPermissionsCommand({ env: process.env, home: homedir() });
