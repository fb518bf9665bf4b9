// `agent-affinity permissions restore FILE [--backup PATH] [--force] [--list]`: lists the backups
// the index holds for FILE, or puts one back (the newest by default), through the index so a
// changed backup or a file edited since the consolidation is refused.
import { join, resolve } from 'node:path';
import { parseCli } from '../cliArgs';
import type { CliIo } from '../cliCommand';
import { BACKUP_INDEX, backupsOf, readBackupIndex, restoreFromIndex } from '../../core/permissions/backupStore';

interface RestoreArgs {
  file: string;
  backupPath?: string;
  force: boolean;
  list: boolean;
}

const OPTIONS = { backup: { type: 'string' }, force: { type: 'boolean' }, list: { type: 'boolean' } } as const;

function parse(rest: string[]): RestoreArgs | string {
  const p = parseCli(rest, OPTIONS, true);
  if (p.kind === 'help') return 'help';
  if (p.kind === 'error') return p.message;
  const [file, extra] = p.positionals;
  if (file === undefined) return 'no FILE given';
  if (extra !== undefined) return `one FILE at a time ("${extra}")`;
  const { backup, force = false, list = false } = p.values;
  return { file, force, list, ...(backup !== undefined ? { backupPath: backup } : {}) };
}

/** Runs the subcommand; returns the exit status. */
export function runRestore(rest: string[], io: CliIo, backupRoot: string, usage: string): number {
  const args = parse(rest);
  if (args === 'help') {
    io.out(usage);
    return 0;
  }
  if (typeof args === 'string') {
    io.err(`error: ${args}\n${usage}`);
    return 2;
  }
  const index = join(backupRoot, BACKUP_INDEX);
  const problem = readBackupIndex(backupRoot).problem;
  if (problem !== undefined) io.err(`warning: ${problem}`);
  if (args.list) {
    const entries = backupsOf(backupRoot, args.file);
    if (entries.length === 0) io.out(`${resolve(args.file)}: no backup in ${index}`);
    for (const e of entries) io.out(`${e.time}  ${e.backupPath}  sha256 ${e.sha256.slice(0, 12)}`);
    return 0;
  }
  try {
    const entry = restoreFromIndex(backupRoot, resolve(args.file), {
      force: args.force,
      ...(args.backupPath !== undefined ? { backupPath: args.backupPath } : {}),
    });
    io.out(`restored ${resolve(args.file)} from ${entry.backupPath} (backed up ${entry.time}; index: ${index})`);
    return 0;
  } catch (e) {
    io.err(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
