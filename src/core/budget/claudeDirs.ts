// Where Claude Code keeps transcripts: the config dirs (CLAUDE_CONFIG_DIR, comma-separated, else
// $XDG_CONFIG_HOME/claude and ~/.claude, as ccusage resolves them), the folder→directory-name
// encoding of `projects/<encoded-cwd>/`, and the recursive listing of `*.jsonl` files.

import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';

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

/** One transcript file found under a config dir's `projects/`. */
export interface TranscriptFile {
  path: string;
  /** The `projects/` folder it was found under. */
  projectsDir: string;
  /** Path segments below `projects/` (first = encoded project dir, last = file name). */
  segments: string[];
}

export interface ListOptions {
  /** Keep only these workspace folders' project dirs; all projects when absent. */
  folders?: readonly string[];
}

/**
 * Every `*.jsonl` below `<dir>/projects/` of each dir (recursively, hidden entries skipped like
 * ccusage's glob). Missing dirs are skipped; unreadable subfolders are reported in `errors`.
 */
export async function listTranscriptFiles(
  claudeDirs: readonly string[],
  options: ListOptions = {},
): Promise<{ files: TranscriptFile[]; errors: string[] }> {
  const files: TranscriptFile[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const dir of claudeDirs) {
    const projectsDir = resolve(dir, 'projects');
    if (seen.has(projectsDir)) continue;
    seen.add(projectsDir);
    let top;
    try {
      top = (await readdir(projectsDir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
    } catch {
      continue;
    }
    if (options.folders == null) {
      for (const e of top)
        if (e.isFile() && e.name.endsWith('.jsonl')) files.push({ path: join(projectsDir, e.name), projectsDir, segments: [e.name] });
    }
    for (const e of top) {
      if (e.isFile()) continue;
      if (options.folders != null && !options.folders.some((f) => projectDirMatches(e.name, f))) continue;
      await walk(projectsDir, [e.name], files, errors);
    }
  }
  return { files, errors };
}

// Like ccusage's glob (fdir): a folder's files in readdir order come before its subfolders' files,
// which matters only for the order of files whose earliest timestamps tie.
async function walk(projectsDir: string, segments: string[], out: TranscriptFile[], errors: string[]): Promise<void> {
  const full = join(projectsDir, ...segments);
  let entries;
  try {
    entries = await readdir(full, { withFileTypes: true });
  } catch (e) {
    errors.push(`${full}: ${(e as Error).message}`);
    return;
  }
  const dirs: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    let isFile = entry.isFile();
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      try {
        const info = await stat(join(full, entry.name));
        isFile = info.isFile();
        isDir = info.isDirectory();
      } catch {
        continue;
      }
    }
    if (isFile && entry.name.endsWith('.jsonl'))
      out.push({ path: join(full, entry.name), projectsDir, segments: [...segments, entry.name] });
    else if (isDir) dirs.push(entry.name);
  }
  for (const name of dirs) await walk(projectsDir, [...segments, name], out, errors);
}

/** `segments` joined for display (`<project>/<file>`), with the platform separator. */
export function relativeTranscriptPath(f: TranscriptFile): string {
  return f.segments.join(sep);
}
