// `agent-affinity permissions restore FILE [--backup PATH] [--force] [--list]`: lists the backups
// the index holds for FILE, or puts one back (the newest by default), through the index so a
// changed backup or a file edited since the consolidation is refused.
import { join, resolve } from 'node:path';
import type { CliIo } from '../cliCommand';
import { BACKUP_INDEX, backupsOf, readBackupIndex, restoreFromIndex } from '../../core/permissions/backupStore';

interface RestoreArgs {
  file: string;
  backupPath?: string;
  force: boolean;
  list: boolean;
}

function parse(rest: string[]): RestoreArgs | string {
  let file: string | undefined;
  let backupPath: string | undefined;
  let force = false;
  let list = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] ?? '';
    if (a === '--force') force = true;
    else if (a === '--list') list = true;
    else if (a === '--backup') {
      backupPath = rest[++i];
      if (backupPath === undefined) return '--backup needs a PATH';
    } else if (a.startsWith('--')) return `unknown option "${a}"`;
    else if (file === undefined) file = a;
    else return `one FILE at a time ("${a}")`;
  }
  if (file === undefined) return 'no FILE given';
  return { file, force, list, ...(backupPath !== undefined ? { backupPath } : {}) };
}

/** Runs the subcommand; returns the exit status. */
export function runRestore(rest: string[], io: CliIo, backupRoot: string): number {
  const args = parse(rest);
  if (typeof args === 'string') {
    io.err(`error: ${args}`);
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
