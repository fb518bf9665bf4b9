// Adding allow rules to a folder's own Claude Code settings (`.claude/settings.local.json`, the
// file Claude Code itself saves "don't ask again" answers to), so the file stays consolidated:
// each rule goes through addRuleConsolidated (no duplicate, nothing already covered, the rules it
// covers removed), and the file is rewritten atomically with a backup outside the repository
// (rewriteWithBackup), or created when the folder has none. A `.claude` folder or file that leads
// out of the folder (a symlink in a cloned repository) is refused: nothing is written there.
import { closeSync, existsSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, realpathSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isInside } from '../workspace/paths';
import { addRuleConsolidated } from './alwaysAllow';
import { rewriteWithBackup } from './backupStore';
import type { Change } from './consolidationTypes';
import { readSettingsFile } from './settingsFile';

export interface AddedRules {
  /** The settings file written (or that would have been). */
  file: string;
  /** Rules added, in order. */
  added: string[];
  /** Rules not added, each with why (already covered, a deny/ask rule decides first, not a rule). */
  notAdded: { rule: string; reason: string }[];
  /** Rules of the file the new ones cover, removed. */
  removed: string[];
  /** The old file's backup (outside the repository); absent when the file was created or unchanged. */
  backupPath?: string;
  /** The file did not exist and was created. */
  created: boolean;
}

export function localSettingsFile(folder: string): string {
  return join(folder, '.claude', 'settings.local.json');
}

/** Throws unless `.claude` and the file (when present) stay inside `folder` once symlinks are followed. */
function assertInsideFolder(folder: string, file: string): void {
  const root = realpathSync(folder);
  for (const p of [join(folder, '.claude'), file]) {
    if (!existsSync(p) && !isSymlink(p)) continue;
    let real: string;
    try {
      real = realpathSync(p);
    } catch {
      throw new Error(`${p} is a link that leads nowhere; nothing was written`);
    }
    if (!isInside(root, real)) throw new Error(`${p} leads outside the folder (to ${real}); nothing was written there`);
  }
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Adds `rules` to the allow list of `folder`'s `.claude/settings.local.json`. Throws (nothing
 * written) when the file cannot be read as settings, leads outside the folder, or changed while
 * being written; the message names the file and why.
 */
export function addLocalAllowRules(folder: string, rules: readonly string[], backupRoot: string): AddedRules {
  const file = localSettingsFile(folder);
  assertInsideFolder(folder, file);
  const exists = existsSync(file);
  let original = '';
  if (exists) {
    const read = readSettingsFile(file);
    if (!read.ok) throw new Error(`${read.error}; nothing was written`);
    original = read.text;
  }
  let text = original;
  const result: AddedRules = { file, added: [], notAdded: [], removed: [], created: false };
  const changes: Change[] = [];
  for (const rule of rules) {
    const r = addRuleConsolidated(text, 'allow', rule);
    if (!r.added) {
      result.notAdded.push({ rule, reason: r.reason });
      continue;
    }
    text = r.newText;
    result.added.push(rule);
    changes.push(...r.changes);
  }
  // A rule removed as covered and then added back by a later one is not "removed".
  result.removed = [...new Set(changes.flatMap((c) => c.removed))].filter((r) => !result.added.includes(r));
  if (text === original) return result;
  if (!exists) {
    mkdirSync(join(folder, '.claude'), { recursive: true });
    assertInsideFolder(folder, file);
    createExclusively(file, text);
    return { ...result, created: true };
  }
  const { backupPath } = rewriteWithBackup(file, original, text, backupRoot);
  return { ...result, backupPath };
}

/** Writes a new file whole or not at all, and never over one that appeared meanwhile (a hard link
 *  of a complete temporary file fails when the name exists). */
function createExclusively(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new Error(`${file} was created by something else meanwhile; nothing was written`);
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}
