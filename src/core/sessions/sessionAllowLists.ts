// The consolidated allow list each Claude Code session's run gets on its command line, read from
// the settings files that apply to its folder, as the agent's environment locates them (HOME,
// CLAUDE_CONFIG_DIR). Cached per folder until one of those files changes, appears or disappears,
// so a warm session's next task costs a few stat calls.
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { claudeConfigDir } from '../budget/claudeDirs';
import { defaultManagedDir } from '../permissions/scopes';
import { sessionAllowList, type SessionAllowList } from '../permissions/sessionAllowList';

export interface AllowListEnvironment {
  /** The Claude agent's configured environment (agentAffinity.agentEnvironment.claude). */
  claudeEnv(): Record<string, string> | undefined;
  /** Reports a settings file that could not be used (once per distinct message). */
  problem(message: string): void;
}

interface Cached {
  signature: string;
  list: SessionAllowList;
}

function statOf(path: string): { mtimeMs: number; size: number } | undefined {
  try {
    const s = statSync(path);
    return { mtimeMs: s.mtimeMs, size: s.size };
  } catch {
    return undefined;
  }
}

export class SessionAllowLists {
  private readonly cache = new Map<string, Cached>();
  private readonly reported = new Set<string>();

  constructor(private readonly env: AllowListEnvironment) {}

  /** The allow rules for a run in `folder` (undefined when the settings allow nothing). */
  forFolder(folder: string): string[] | undefined {
    const agentEnv = this.env.claudeEnv() ?? {};
    const home = agentEnv.HOME ?? homedir();
    const configDir = claudeConfigDir(process.env, agentEnv);
    const managedDir = defaultManagedDir(process.platform);
    const candidates = [
      join(managedDir, 'managed-settings.json'),
      join(configDir, 'settings.json'),
      join(folder, '.claude', 'settings.json'),
      join(folder, '.claude', 'settings.local.json'),
    ];
    const key = JSON.stringify([folder, home, configDir]);
    const cached = this.cache.get(key);
    const signatureOf = (paths: string[]): string => JSON.stringify(paths.map((p) => [p, statOf(p) ?? null]));
    if (cached && cached.signature === signatureOf([...candidates, ...cached.list.sources.map((s) => s.path)]))
      return nonEmpty(cached.list.allow);
    const list = sessionAllowList(folder, { home, claudeConfigDir: configDir, managedDir }, statOf);
    this.cache.set(key, { signature: signatureOf([...candidates, ...list.sources.map((s) => s.path)]), list });
    for (const p of list.problems) {
      if (this.reported.has(p)) continue;
      this.reported.add(p);
      this.env.problem(`${p}. Sessions get the allow rules of the other settings files until it is fixed.`);
    }
    return nonEmpty(list.allow);
  }
}

function nonEmpty(allow: string[]): string[] | undefined {
  return allow.length > 0 ? allow : undefined;
}
