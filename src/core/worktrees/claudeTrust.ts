// Claude Code honours a project's own allow rules (`.claude/settings*.json`) only in a folder whose
// trust dialog was accepted — `projects[<path>].hasTrustDialogAccepted` in its global config
// (`~/.claude.json`, or `$CLAUDE_CONFIG_DIR/.claude.json`); in `-p` mode an untrusted folder's
// allowed commands come back "This command requires approval". A worktree made for a session is a
// new path, so it would lose the rules the user has in the repository. When, and only when, the user
// trusted the repository, the worktree gets the same trust; its entry is removed with the worktree.
// The config is Claude's own file: it is changed with a read-modify-write that keeps every other key,
// retried if Claude wrote it meanwhile (checked again just before the atomic replace), written with
// its owner and permission bits, and never touched when it cannot be parsed or is not ours to write.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { FileWriteRefusedError, writeFileAtomic } from '../files/atomicWrite';

export type TrustOutcome =
  | { kind: 'trusted' }
  | { kind: 'already-trusted' }
  | { kind: 'source-not-trusted' }
  | { kind: 'no-config' }
  | { kind: 'unreadable'; reason: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The global config file the Claude Code CLI reads, for the environment its sessions run with. */
export function claudeGlobalConfigPath(env: Readonly<Record<string, string | undefined>>, home: string = homedir()): string {
  const dir = env.CLAUDE_CONFIG_DIR?.split(',')[0]?.trim();
  return dir ? join(dir, '.claude.json') : join(env.HOME ?? home, '.claude.json');
}

interface Loaded {
  config: Json;
  /** The bytes the config was parsed from: the write goes ahead only while the file still holds them. */
  bytes: Buffer;
}

async function load(file: string): Promise<Loaded | TrustOutcome> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'no-config' };
    return { kind: 'unreadable', reason: `${file}: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    const config: unknown = JSON.parse(bytes.toString('utf8'));
    if (!isObject(config)) return { kind: 'unreadable', reason: `${file} is not a JSON object` };
    return { config, bytes };
  } catch (e) {
    return { kind: 'unreadable', reason: `${file} is not valid JSON (${e instanceof Error ? e.message : String(e)}); left untouched` };
  }
}

function isLoaded(v: Loaded | TrustOutcome): v is Loaded {
  return 'config' in v;
}

/**
 * Writes `config` unless the file changed since it was read; false when it did (the caller
 * retries). Throws FileWriteRefusedError when the file is not this process's to write.
 */
async function writeIfUnchanged(file: string, loaded: Loaded, config: Json): Promise<boolean> {
  try {
    await writeFileAtomic(file, `${JSON.stringify(config, null, 2)}\n`, { expected: loaded.bytes });
    return true;
  } catch (e) {
    if (e instanceof FileWriteRefusedError && e.reason === 'changed') return false;
    throw e;
  }
}

function trusted(config: Json, folder: string): boolean {
  const projects = config.projects;
  if (!isObject(projects)) return false;
  const entry = projects[folder];
  return isObject(entry) && entry.hasTrustDialogAccepted === true;
}

/** Gives `worktree` the trust one of `sources` has (the repository root, the session's folder). */
export async function inheritClaudeTrust(
  configFile: string,
  sources: readonly string[],
  worktree: string,
  attempts = 3,
): Promise<TrustOutcome> {
  const target = resolve(worktree);
  for (let i = 0; i < attempts; i++) {
    const loaded = await load(configFile);
    if (!isLoaded(loaded)) return loaded;
    if (!sources.some((s) => trusted(loaded.config, resolve(s)))) return { kind: 'source-not-trusted' };
    if (trusted(loaded.config, target)) return { kind: 'already-trusted' };
    const projects = isObject(loaded.config.projects) ? { ...loaded.config.projects } : {};
    const previous = projects[target];
    projects[target] = { ...(isObject(previous) ? previous : {}), hasTrustDialogAccepted: true };
    try {
      if (await writeIfUnchanged(configFile, loaded, { ...loaded.config, projects })) return { kind: 'trusted' };
    } catch (e) {
      if (e instanceof FileWriteRefusedError) return { kind: 'unreadable', reason: e.message };
      throw e;
    }
  }
  return { kind: 'unreadable', reason: `${configFile} kept changing while it was being updated; the worktree was not marked trusted` };
}

/** Removes a removed worktree's entry; true when there was one. A file that cannot be parsed is left alone. */
export async function forgetClaudeProject(configFile: string, worktree: string, attempts = 3): Promise<boolean> {
  const target = resolve(worktree);
  for (let i = 0; i < attempts; i++) {
    const loaded = await load(configFile);
    if (!isLoaded(loaded) || !isObject(loaded.config.projects) || !(target in loaded.config.projects)) return false;
    const projects = { ...loaded.config.projects };
    delete projects[target];
    if (await writeIfUnchanged(configFile, loaded, { ...loaded.config, projects })) return true;
  }
  return false;
}
