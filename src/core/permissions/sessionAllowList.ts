// The allow list a Claude Code session gets on its command line (`--allowedTools`): the allow rules
// of every Claude settings file that applies to its folder (managed, user, project, local), merged
// and consolidated with the exact tier against all their ask and deny rules, so it is the smallest
// list with the same decisions. Read-only: the files are never written here.
import { consolidate } from './consolidate';
import { scanFolder, type ScanOptions } from './scopes';
import type { RuleLists } from './types';

export interface SessionAllowList {
  /** The consolidated allow rules (empty when the files allow nothing). */
  allow: string[];
  /** The settings files read, each with its modification time and size (for caching). */
  sources: { path: string; mtimeMs: number; size: number }[];
  /** Files that could not be used, with the reason; they contribute nothing. */
  problems: string[];
  /** Managed settings allow only their own rules (`allowManagedPermissionRulesOnly`): only those are listed. */
  managedOnly: boolean;
}

/** Reads and consolidates; never throws (a file that cannot be read is a problem, not an error). */
export function sessionAllowList(
  folder: string,
  options: ScanOptions,
  stat: (path: string) => { mtimeMs: number; size: number } | undefined,
): SessionAllowList {
  const claude = scanFolder(folder, options).files.filter((f) => f.agent === 'claude');
  const problems: string[] = [];
  const sources: SessionAllowList['sources'] = [];
  const read = claude.flatMap((f) => {
    const s = stat(f.path);
    if (s) sources.push({ path: f.path, ...s });
    if (!f.result) return [];
    if (!f.result.ok) {
      problems.push(f.result.error);
      return [];
    }
    return [{ scope: f.scope, text: f.result.text, lists: f.result.lists }];
  });
  const managedOnly = read.some((f) => f.scope === 'managed' && /"allowManagedPermissionRulesOnly"\s*:\s*true/.test(f.text));
  const merged: RuleLists<string> = { deny: [], ask: [], allow: [] };
  for (const f of read) {
    merged.deny.push(...f.lists.deny);
    merged.ask.push(...f.lists.ask);
    if (!managedOnly || f.scope === 'managed') merged.allow.push(...f.lists.allow);
  }
  if (merged.allow.length === 0) return { allow: [], sources, problems, managedOnly };
  // The exact tier only: nothing is widened, and a rewrite that would change a decision is reverted.
  const result = consolidate(merged, { generalize: false, verify: merged.allow.length <= 2_000 });
  return { allow: result.rules.allow, sources, problems, managedOnly };
}
