// Which permission files apply to a workspace folder, read per scope: Claude Code user, project,
// local (also at the git repository root, resolved through worktrees) and managed (read-only);
// Gemini CLI and Roo Code lists; Codex policy files (report only). Plus cross-scope findings.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Finding, RuleScope } from './consolidationTypes';
import { maskFinding } from './credentials';
import { readSettingsFile } from './settingsFile';
import type { SettingsFileResult } from './settingsFile';

export type AgentKind = 'claude' | 'gemini' | 'roo' | 'codex';

export interface ScannedFile {
  agent: AgentKind;
  scope: RuleScope;
  path: string;
  /** Managed settings are never rewritten. */
  readOnly: boolean;
  /** Claude files: the read result. Other agents: read by their own modules from `path`. */
  result?: SettingsFileResult;
}

export interface ScanOptions {
  /** The user's home directory (never taken from the environment here). */
  home: string;
  /** `$CLAUDE_CONFIG_DIR` when set (default `<home>/.claude`). */
  claudeConfigDir?: string;
  /** Folder of managed-settings.json (default per platform); `null` to skip managed settings. */
  managedDir?: string | null;
  platform?: NodeJS.Platform;
  maxBytes?: number;
}

export interface ScanResult {
  files: ScannedFile[];
  findings: Finding[];
}

/** The managed-settings folder Claude Code reads on a platform. */
export function defaultManagedDir(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return '/Library/Application Support/ClaudeCode';
  if (platform === 'win32') return 'C:\\Program Files\\ClaudeCode';
  return '/etc/claude-code';
}

/** The git repository root of a folder, resolved through a worktree's `.git` file to the main checkout. */
export function gitRootOf(folder: string): string | undefined {
  let dir = resolve(folder);
  for (let guard = 0; guard < 64; guard++) {
    const dotGit = join(dir, '.git');
    if (existsSync(dotGit)) {
      try {
        if (statSync(dotGit).isFile()) {
          const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
          const gitdir = m?.[1] ? resolve(dir, m[1].trim()) : undefined;
          const idx = gitdir?.lastIndexOf('/worktrees/') ?? -1;
          if (gitdir !== undefined && idx > 0) return dirname(gitdir.slice(0, idx));
        }
      } catch {
        return dir;
      }
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

function listDir(dir: string, suffix: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => n.endsWith(suffix))
      .sort()
      .map((n) => join(dir, n));
  } catch {
    return [];
  }
}

/** Every permission file that applies to `folder`, read. Missing files are skipped. */
export function scanFolder(folder: string, options: ScanOptions): ScanResult {
  const files: ScannedFile[] = [];
  const seen = new Set<string>();
  const addClaude = (path: string, scope: RuleScope, readOnly: boolean): void => {
    const abs = resolve(path);
    if (seen.has(abs) || !existsSync(abs)) return;
    seen.add(abs);
    files.push({
      agent: 'claude',
      scope,
      path: abs,
      readOnly,
      result: readSettingsFile(abs, options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    });
  };
  const addOther = (path: string, agent: AgentKind, scope: RuleScope): void => {
    const abs = resolve(path);
    if (seen.has(abs) || !existsSync(abs)) return;
    seen.add(abs);
    files.push({ agent, scope, path: abs, readOnly: agent === 'codex' });
  };
  const platform = options.platform ?? process.platform;
  if (options.managedDir !== null) {
    const dir = options.managedDir ?? defaultManagedDir(platform);
    addClaude(join(dir, 'managed-settings.json'), 'managed', true);
    for (const p of listDir(join(dir, 'managed-settings.d'), '.json')) addClaude(p, 'managed', true);
  }
  addClaude(join(options.claudeConfigDir ?? join(options.home, '.claude'), 'settings.json'), 'user', false);
  addClaude(join(folder, '.claude', 'settings.json'), 'project', false);
  addClaude(join(folder, '.claude', 'settings.local.json'), 'local', false);
  const root = gitRootOf(folder);
  if (root !== undefined && resolve(root) !== resolve(options.home))
    addClaude(join(root, '.claude', 'settings.local.json'), 'local', false);

  addOther(join(options.home, '.gemini', 'settings.json'), 'gemini', 'user');
  addOther(join(folder, '.gemini', 'settings.json'), 'gemini', 'project');
  const vscode = join(folder, '.vscode', 'settings.json');
  if (existsSync(vscode) && /roo-cline\.(allowed|denied)Commands/.test(safeRead(vscode))) addOther(vscode, 'roo', 'project');
  for (const base of [join(options.home, '.codex'), join(folder, '.codex')]) {
    const scope: RuleScope = base.startsWith(join(options.home, '.codex')) ? 'user' : 'project';
    addOther(join(base, 'config.toml'), 'codex', scope);
    for (const p of listDir(join(base, 'rules'), '.rules')) addOther(p, 'codex', scope);
    for (const p of listDir(join(base, 'policy'), '.codexpolicy')) addOther(p, 'codex', scope);
  }
  return { files, findings: crossScopeFindings(files) };
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8').slice(0, 1_000_000);
  } catch {
    return '';
  }
}

/** The same rule in several Claude scopes, and local allows that a user/managed deny blocks anyway. */
export function crossScopeFindings(files: ScannedFile[]): Finding[] {
  const where = new Map<string, string[]>();
  for (const f of files) {
    if (f.agent !== 'claude' || !f.result?.ok) continue;
    for (const list of ['allow', 'ask', 'deny'] as const) {
      for (const rule of new Set(f.result.lists[list])) {
        const key = `${list}\0${rule}`;
        const paths = where.get(key);
        if (paths) paths.push(f.path);
        else where.set(key, [f.path]);
      }
    }
  }
  const out: Finding[] = [];
  for (const [key, paths] of where) {
    if (paths.length < 2) continue;
    const [list, rule] = key.split('\0') as [string, string];
    out.push(
      maskFinding({
        kind: 'crossScope',
        severity: 'info',
        rule,
        list: list as 'allow' | 'ask' | 'deny',
        files: paths,
        message: `the ${list} rule appears in ${paths.length} settings files; rules from all scopes apply together, so one copy is enough (keep it in the scope it is meant for)`,
      }),
    );
  }
  return out;
}
