// Where the backups of rewritten permission files go, and the index to restore them from. A
// backup never lands inside the repository (a `settings.local.json.<stamp>.bak` beside the file
// showed up in `git status` with the token the tool itself had flagged): the orchestrator keeps
// them in the extension's storage, the CLI in its cache folder. `index.json` there lists every
// backup (original path, backup path, time, SHA-256 of the backup and of the text written), and
// undo and restore go through it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { applyFileRewrite, restoreBackup } from '../files/fileRewrite';
import { writeFileAtomicSync } from '../files/atomicWrite';
import { gitRootOf } from './scopes';
import { describeError } from './settingsFile';

/** One backup, as the index records it. */
export interface BackupEntry {
  /** The file that was rewritten. */
  originalPath: string;
  /** The copy of its bytes before the rewrite. */
  backupPath: string;
  /** When (ISO 8601). */
  time: string;
  /** SHA-256 of the backup's bytes (restore refuses a backup that no longer matches). */
  sha256: string;
  /** SHA-256 of the text written (restore refuses a file edited since, unless forced). */
  writtenSha256: string;
}

interface IndexFile {
  version: 1;
  entries: BackupEntry[];
}

/** The index keeps this many entries (newest); older backup files stay on disk, unlisted. */
const MAX_ENTRIES = 2_000;

export const BACKUP_INDEX = 'index.json';

/** A text's or a file's SHA-256, hex. */
export function sha256Of(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The CLI's backup folder: `$XDG_CACHE_HOME/agent-affinity/permission-backups`, else
 * `%LOCALAPPDATA%\agent-affinity\permission-backups` on Windows, else `~/.cache/…`.
 */
export function cliBackupRoot(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  platform: NodeJS.Platform = process.platform,
): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'agent-affinity', 'permission-backups');
  const local = env.LOCALAPPDATA;
  if (platform === 'win32' && local !== undefined && isAbsolute(local)) return join(local, 'agent-affinity', 'permission-backups');
  return join(home, '.cache', 'agent-affinity', 'permission-backups');
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Throws when the backup folder is inside the repository (or the folder) of the file it would back
 * up. A home folder kept in git (dotfiles) does not count as the repository: the caches and the
 * editor's storage live under it, and Claude Code itself treats a repository root at home apart.
 */
export function assertBackupOutsideRepository(backupRoot: string, filePath: string, home?: string): void {
  const dir = dirname(resolve(filePath));
  const gitRoot = gitRootOf(dir);
  const root = gitRoot !== undefined && (home === undefined || resolve(gitRoot) !== resolve(home)) ? gitRoot : dir;
  if (isInside(backupRoot, root)) {
    throw new Error(
      `${filePath}: the backup folder ${backupRoot} is inside ${root}, and a backup must never be written into the repository; nothing was written (set XDG_CACHE_HOME to a folder outside it)`,
    );
  }
}

/** The index's entries, newest last. A missing index is empty; an unreadable one is kept aside and reported. */
export function readBackupIndex(backupRoot: string): { entries: BackupEntry[]; problem?: string } {
  const file = join(backupRoot, BACKUP_INDEX);
  if (!existsSync(file)) return { entries: [] };
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<IndexFile>;
    if (data.version !== 1 || !Array.isArray(data.entries)) throw new Error('not a backup index (version 1)');
    const entries = data.entries.filter(
      (e): e is BackupEntry =>
        typeof e === 'object' &&
        e !== null &&
        typeof e.originalPath === 'string' &&
        typeof e.backupPath === 'string' &&
        typeof e.time === 'string' &&
        typeof e.sha256 === 'string' &&
        typeof e.writtenSha256 === 'string',
    );
    return { entries };
  } catch (e) {
    return { entries: [], problem: `${file}: cannot read the backup index (${describeError(e)})` };
  }
}

function writeIndex(backupRoot: string, entries: BackupEntry[]): void {
  const file = join(backupRoot, BACKUP_INDEX);
  const body: IndexFile = { version: 1, entries: entries.slice(-MAX_ENTRIES) };
  writeFileAtomicSync(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
}

/** Adds an entry to the index (an unreadable index is moved aside first, never overwritten silently). */
export function recordBackup(backupRoot: string, entry: BackupEntry): void {
  const read = readBackupIndex(backupRoot);
  if (read.problem !== undefined) {
    const file = join(backupRoot, BACKUP_INDEX);
    renameSync(file, `${file}.unreadable-${Date.now()}`);
  }
  writeIndex(backupRoot, [...read.entries, entry]);
}

/** The backups of one file, newest first. */
export function backupsOf(backupRoot: string, originalPath: string): BackupEntry[] {
  const path = resolve(originalPath);
  return readBackupIndex(backupRoot)
    .entries.filter((e) => resolve(e.originalPath) === path)
    .reverse();
}

export interface RewriteWithBackupResult {
  path: string;
  backupPath: string;
  /** The index that lists the backup. */
  indexPath: string;
}

/**
 * Rewrites a file (applyFileRewrite: refuses when it changed since it was read) after saving its
 * bytes in the backup folder, outside any repository, and records the backup in the index.
 */
export function rewriteWithBackup(
  path: string,
  originalText: string,
  newText: string,
  backupRoot: string,
  options: { now?: Date; home?: string } = {},
): RewriteWithBackupResult {
  const now = options.now ?? new Date();
  assertBackupOutsideRepository(backupRoot, path, options.home);
  try {
    mkdirSync(backupRoot, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new Error(`${path}: cannot create the backup folder ${backupRoot} (${describeError(e)}); nothing was written`);
  }
  const { backupPath } = applyFileRewrite(path, originalText, newText, { backupDir: backupRoot, now });
  recordBackup(backupRoot, {
    originalPath: resolve(path),
    backupPath,
    time: now.toISOString(),
    sha256: sha256Of(readFileSync(backupPath)),
    writtenSha256: sha256Of(Buffer.from(newText, 'utf8')),
  });
  return { path, backupPath, indexPath: join(backupRoot, BACKUP_INDEX) };
}

export interface RestoreOptions {
  /** A particular backup (default: the newest of the file). */
  backupPath?: string;
  /** Restore even when the file was edited after the rewrite. */
  force?: boolean;
}

/**
 * Restores a file from a backup the index lists. Refuses (file untouched) when the index has no
 * such backup, when the backup's bytes no longer match the index, or when the file was edited
 * since the rewrite (unless forced).
 */
export function restoreFromIndex(backupRoot: string, originalPath: string, options: RestoreOptions = {}): BackupEntry {
  const candidates = backupsOf(backupRoot, originalPath);
  const entry =
    options.backupPath !== undefined ? candidates.find((e) => resolve(e.backupPath) === resolve(options.backupPath ?? '')) : candidates[0];
  if (!entry) {
    throw new Error(
      options.backupPath !== undefined
        ? `${options.backupPath}: not a backup of ${originalPath} in ${join(backupRoot, BACKUP_INDEX)}; nothing was restored`
        : `${originalPath}: no backup in ${join(backupRoot, BACKUP_INDEX)}; nothing was restored`,
    );
  }
  let backup: Buffer;
  try {
    backup = readFileSync(entry.backupPath);
  } catch (e) {
    throw new Error(`${entry.backupPath}: cannot read the backup (${describeError(e)}); nothing was restored`);
  }
  if (sha256Of(backup) !== entry.sha256) {
    throw new Error(
      `${entry.backupPath}: the backup changed since it was written (its SHA-256 differs from the index); nothing was restored`,
    );
  }
  const current = existsSync(originalPath) ? readFileSync(originalPath) : undefined;
  if (current !== undefined && options.force !== true && sha256Of(current) !== entry.writtenSha256) {
    throw new Error(
      `${originalPath}: the file changed since the consolidation was applied; nothing was restored (its backup is ${entry.backupPath})`,
    );
  }
  restoreBackup(originalPath, entry.backupPath, current?.toString('utf8'));
  return entry;
}
