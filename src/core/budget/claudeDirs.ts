// Where Claude Code keeps transcripts: the config dirs (CLAUDE_CONFIG_DIR, comma-separated, else
// $XDG_CONFIG_HOME/claude and ~/.claude, as ccusage resolves them), the folder→directory-name
// encoding of `projects/<encoded-cwd>/`, and the recursive listing of `*.jsonl` files.

import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { TranscriptWalk, type SkippedPath, type TranscriptFile, type WalkLimits } from './transcriptWalk';

/** Claude config dirs to scan, given the environment and home directory (pure: pass `process.env`, `os.homedir()`). */
export function defaultClaudeDirs(env: Readonly<Record<string, string | undefined>>, home: string): string[] {
  const fromEnv = (env.CLAUDE_CONFIG_DIR ?? '').trim();
  if (fromEnv !== '')
    return fromEnv
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map((p) => resolve(p));
  const xdg = env.XDG_CONFIG_HOME != null && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(home, '.config');
  return [resolve(xdg, 'claude'), resolve(home, '.claude')];
}

/** The environment a Claude Code agent runs with: its agentAffinity.agentEnvironment over the orchestrator's. */
function agentEnvironment(
  processEnv: Readonly<Record<string, string | undefined>>,
  agentEnv: Readonly<Record<string, string | undefined>>,
): { env: Record<string, string | undefined>; home: string } {
  const env = { ...processEnv, ...agentEnv };
  return { env, home: env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir() };
}

/**
 * The one way to find the Claude Code config dir an agent uses for its settings (`settings.json`):
 * the first entry of CLAUDE_CONFIG_DIR (the agent's own environment over the orchestrator's), else
 * `.claude` under the HOME the agent runs with.
 */
export function claudeConfigDir(
  processEnv: Readonly<Record<string, string | undefined>>,
  agentEnv: Readonly<Record<string, string | undefined>> = {},
): string {
  const { env, home } = agentEnvironment(processEnv, agentEnv);
  const first = (env.CLAUDE_CONFIG_DIR ?? '').split(',')[0]?.trim();
  return first ? resolve(first) : join(home, '.claude');
}

/** Every dir Claude Code keeps transcripts in for that agent (as ccusage finds them): all of
 *  CLAUDE_CONFIG_DIR, else $XDG_CONFIG_HOME/claude and ~/.claude. */
export function claudeConfigDirs(
  processEnv: Readonly<Record<string, string | undefined>>,
  agentEnv: Readonly<Record<string, string | undefined>> = {},
): string[] {
  const { env, home } = agentEnvironment(processEnv, agentEnv);
  return defaultClaudeDirs(env, home);
}

const MAX_ENCODED = 200;

/**
 * The `projects/` directory name Claude Code uses for a working folder: every non-alphanumeric
 * character becomes `-` (the SDK's `re.sub(r"[^a-zA-Z0-9]", "-", path)` on the NFC path). Names past
 * 200 characters get a hash suffix we cannot reproduce (Bun.hash), so callers match them by prefix.
 */
export function encodeProjectDir(folderPath: string): string {
  return folderPath.normalize('NFC').replace(/[^a-zA-Z0-9]/g, '-');
}

/** Whether a `projects/` entry belongs to `folderPath` (exact name, or the 200-char prefix for long paths). */
export function projectDirMatches(dirName: string, folderPath: string): boolean {
  const encoded = encodeProjectDir(folderPath);
  if (encoded.length <= MAX_ENCODED) return dirName === encoded;
  return dirName.startsWith(`${encoded.slice(0, MAX_ENCODED)}-`);
}

export type { SkippedPath, TranscriptFile, WalkLimits } from './transcriptWalk';

export interface ListOptions extends WalkLimits {
  /** Keep only these workspace folders' project dirs; all projects when absent. */
  folders?: readonly string[];
}

export interface TranscriptListing {
  files: TranscriptFile[];
  /** Unreadable folders or links, each naming the path and the cause. */
  errors: string[];
  /** Folders and files not entered or not counted (link loops, second links to the same file, limits). */
  skipped: SkippedPath[];
}

/**
 * Every `*.jsonl` below `<dir>/projects/` of each dir (recursively, hidden entries skipped like
 * ccusage's glob), each real folder and file once. Missing dirs are skipped; unreadable subfolders
 * are reported in `errors`, loops and limits in `skipped`.
 */
export async function listTranscriptFiles(claudeDirs: readonly string[], options: ListOptions = {}): Promise<TranscriptListing> {
  const walk = new TranscriptWalk(options);
  const folders = options.folders;
  const keepTop = folders == null ? undefined : (name: string): boolean => folders.some((f) => projectDirMatches(name, f));
  const seen = new Set<string>();
  for (const dir of claudeDirs) {
    const projectsDir = resolve(dir, 'projects');
    if (seen.has(projectsDir)) continue;
    seen.add(projectsDir);
    await walk.walkProjects(projectsDir, keepTop);
  }
  await walk.followLinks();
  return { files: walk.files, errors: walk.errors, skipped: walk.skipped };
}
