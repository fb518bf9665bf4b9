// Reads the workspace's git history as prior knowledge for routing: the last N commits' subjects
// and files (`git log --name-status -z`, spawned with an argument array, never a shell), with the
// files under their current names. Incremental through a cache keyed by HEAD in a folder the
// caller gives: when HEAD moved forward only the new commits are read; a rewritten history is read
// again. Bounded in time and bytes; no git, no repository, an empty or shallow one all give a
// plain-words status, never an exception.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentNames, GIT_LOG_FORMAT, GitLogParser, type GitFileChange, type GitLogCommit } from './gitLogParser';

export interface GitHistoryOptions {
  /**
   * A folder inside the repository (the workspace folder). Files come relative to it (as the
   * workspace's own paths are); files outside it are left out.
   */
  readonly cwd: string;
  /** Commits read at most (the newest). Default 3,000. */
  readonly maxCommits?: number;
  /** Folder for the cache file (e.g. the extension's workspace storage); no cache when absent. */
  readonly cacheDir?: string;
  /** Time allowed for all git commands together. Default 15 s. */
  readonly timeoutMs?: number;
  /** Bytes of `git log` output read at most. Default 64 MB. */
  readonly maxBytes?: number;
  /** The git executable. Default `git` (found on the PATH). */
  readonly git?: string;
  /** Environment for git (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
}

export type GitHistoryStatus = 'ok' | 'no-git' | 'not-a-repository' | 'empty' | 'failed';

/** A commit to learn from: its subject and files (current names). */
export interface HistoryCommit {
  readonly hash: string;
  readonly text: string;
  readonly files: readonly string[];
}

export interface GitHistory {
  readonly status: GitHistoryStatus;
  /** What happened, in plain words ("read 2,000 commits (1,990 from the cache)", "git is not installed …"). */
  readonly message: string;
  /** The commit HEAD points to, when there is one. */
  readonly head?: string;
  /** Non-merge commits, oldest first (the order to learn them in), files under their current names. */
  readonly commits: readonly HistoryCommit[];
  /** Commits that came from the cache, and commits read from git this time. */
  readonly fromCache: number;
  readonly read: number;
  /** The time or size bound stopped the reading: the newest commits only. */
  readonly truncated: boolean;
  readonly shallow: boolean;
}

export const DEFAULT_HISTORY_COMMITS = 3_000;
const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const CACHE_VERSION = 1;
const HASH = /^[0-9a-f]{40,64}$/;

interface GitRun {
  readonly code: number | 'missing' | 'timeout';
  readonly stdout: string;
  readonly stderr: string;
}

/** Reads the history (see the module comment). Never throws. */
export async function readGitHistory(options: GitHistoryOptions): Promise<GitHistory> {
  try {
    return await readHistory(options);
  } catch (e) {
    return result('failed', `reading the git history failed: ${e instanceof Error ? e.message : String(e)}`, [], {});
  }
}

async function readHistory(o: GitHistoryOptions): Promise<GitHistory> {
  const max = Math.max(1, Math.floor(o.maxCommits ?? DEFAULT_HISTORY_COMMITS));
  const deadline = Date.now() + (o.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const git = (args: readonly string[]): Promise<GitRun> => run(o, args, deadline);

  const top = await git(['rev-parse', '--show-toplevel', '--show-prefix', '--is-shallow-repository']);
  if (top.code === 'missing')
    return result('no-git', 'git is not installed or not on the PATH: routing learns from finished tasks only', [], {});
  if (top.code === 'timeout') return result('failed', 'git did not answer in time: routing learns from finished tasks only', [], {});
  if (top.code !== 0)
    return result('not-a-repository', `${o.cwd} is not inside a git repository: routing learns from finished tasks only`, [], {});
  const [root = o.cwd, prefix = '', shallowWord = 'false'] = top.stdout.split('\n');
  const shallow = shallowWord.trim() === 'true';
  const headRun = await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (headRun.code === 'timeout')
    return result('failed', 'git did not answer in time: routing learns from finished tasks only', [], { shallow });
  const head = headRun.code === 0 ? headRun.stdout.trim() : '';
  if (!HASH.test(head)) return result('empty', 'the repository has no commits yet', [], { shallow });

  const cacheFile = o.cacheDir === undefined ? undefined : join(o.cacheDir, `git-history-${hashOf(root)}.json`);
  const cached = cacheFile === undefined ? undefined : await loadCache(cacheFile);
  let newestFirst: GitLogCommit[];
  let fromCache = 0;
  let read = 0;
  let truncated = false;
  if (cached !== undefined && cached.head === head && cached.maxCommits >= max) {
    newestFirst = cached.commits.slice(0, max);
    fromCache = newestFirst.length;
  } else {
    let range = 'HEAD';
    let keep: GitLogCommit[] = [];
    if (cached !== undefined && cached.maxCommits >= max) {
      const ancestor = await git(['merge-base', '--is-ancestor', cached.head, head]);
      if (ancestor.code === 0) {
        range = `${cached.head}..${head}`;
        keep = cached.commits;
      }
    }
    const log = await readLog(o, range, max, deadline);
    truncated = log.truncated;
    read = log.commits.length;
    const merged = [...log.commits, ...keep];
    newestFirst = merged.slice(0, max);
    fromCache = newestFirst.length - Math.min(read, newestFirst.length);
    if (log.failed !== undefined && read === 0 && fromCache === 0)
      return result('failed', `git log failed: ${log.failed}`, [], { head, shallow });
    if (cacheFile !== undefined && !truncated && log.failed === undefined) await saveCache(cacheFile, head, max, newestFirst);
  }
  const commits = underFolder(currentNames(newestFirst.filter((c) => c.parents < 2)), prefix).filter((c) => c.files.length > 0);
  const parts = [`read ${commits.length.toLocaleString('en')} commits`];
  if (fromCache > 0) parts.push(`${fromCache.toLocaleString('en')} from the cache`);
  if (shallow) parts.push('shallow clone: only the fetched history');
  if (truncated) parts.push('stopped at the time or size limit: the newest commits only');
  return result('ok', parts.join('; '), commits, { head, fromCache, read, truncated, shallow });
}

function result(
  status: GitHistoryStatus,
  message: string,
  commits: readonly HistoryCommit[],
  rest: { head?: string; fromCache?: number; read?: number; truncated?: boolean; shallow?: boolean },
): GitHistory {
  return {
    status,
    message,
    ...(rest.head !== undefined ? { head: rest.head } : {}),
    commits,
    fromCache: rest.fromCache ?? 0,
    read: rest.read ?? 0,
    truncated: rest.truncated ?? false,
    shallow: rest.shallow ?? false,
  };
}

/** Runs git with an argument array (no shell) in `cwd`, bounded by the deadline. */
function run(o: GitHistoryOptions, args: readonly string[], deadline: number): Promise<GitRun> {
  return new Promise((resolve) => {
    const left = deadline - Date.now();
    if (left <= 0) return resolve({ code: 'timeout', stdout: '', stderr: '' });
    const child = spawn(o.git ?? 'git', ['-c', 'core.fsmonitor=false', ...args], {
      cwd: o.cwd,
      env: { ...(o.env ?? process.env), GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    let done = false;
    const finish = (r: GitRun): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ code: 'timeout', stdout, stderr });
    }, left);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (stdout.length < 1_000_000) stdout += d;
    });
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 4_000) stderr += d;
    });
    child.on('error', (e: NodeJS.ErrnoException) => finish({ code: e.code === 'ENOENT' ? 'missing' : 1, stdout, stderr: e.message }));
    child.on('close', (code) => finish({ code: code ?? 1, stdout, stderr }));
  });
}

/** `git log` of `range`, newest first, parsed as it streams, within the time and byte bounds. */
function readLog(
  o: GitHistoryOptions,
  range: string,
  max: number,
  deadline: number,
): Promise<{ commits: GitLogCommit[]; truncated: boolean; failed?: string }> {
  return new Promise((resolve) => {
    const left = deadline - Date.now();
    if (left <= 0) return resolve({ commits: [], truncated: true });
    const args = [
      '-c',
      'core.fsmonitor=false',
      '-c',
      'log.showSignature=false',
      'log',
      '-z',
      '--no-color',
      '--name-status',
      '-M',
      GIT_LOG_FORMAT,
      '-n',
      String(max),
      range,
      '--',
    ];
    const child = spawn(o.git ?? 'git', args, {
      cwd: o.cwd,
      env: { ...(o.env ?? process.env), GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const parser = new GitLogParser();
    const commits: GitLogCommit[] = [];
    const maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
    let bytes = 0;
    let truncated = false;
    let stderr = '';
    let done = false;
    const finish = (failed?: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (!truncated) for (const c of parser.end()) commits.push(c);
      resolve(failed === undefined ? { commits, truncated } : { commits, truncated, failed });
    };
    const stop = (): void => {
      truncated = true;
      child.kill('SIGKILL');
      finish();
    };
    const timer = setTimeout(stop, left);
    child.stdout.on('data', (chunk: Buffer) => {
      if (done) return;
      bytes += chunk.length;
      for (const c of parser.push(chunk)) commits.push(c);
      if (bytes >= maxBytes) stop();
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 4_000) stderr += d;
    });
    child.on('error', (e) => finish(e.message));
    child.on('close', (code) => finish(code === 0 ? undefined : stderr.trim() || `exit ${String(code)}`));
  });
}

/** Paths relative to the folder at `prefix` ("src/ui/" → "src/ui/a.ts" is "a.ts"); files outside it dropped. */
function underFolder(commits: { hash: string; text: string; files: string[] }[], prefix: string): HistoryCommit[] {
  if (prefix === '') return commits;
  return commits.map((c) => ({
    hash: c.hash,
    text: c.text,
    files: c.files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length)),
  }));
}

function hashOf(s: string): string {
  return createHash('sha1').update(s).digest('hex').slice(0, 16);
}

interface HistoryCache {
  readonly head: string;
  readonly maxCommits: number;
  /** Newest first, as git printed them. */
  readonly commits: GitLogCommit[];
}

/** [hash, parents, subject, [[status, path, from?] …]] per commit, newest first. */
type CachedCommit = [string, number, string, ([string, string] | [string, string, string])[]];

async function loadCache(file: string): Promise<HistoryCache | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined; // absent or unreadable: read the history again
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  const head = o['head'];
  const maxCommits = o['maxCommits'];
  if (
    o['v'] !== CACHE_VERSION ||
    typeof head !== 'string' ||
    !HASH.test(head) ||
    typeof maxCommits !== 'number' ||
    !Array.isArray(o['commits'])
  )
    return undefined;
  const commits: GitLogCommit[] = [];
  for (const c of o['commits'] as unknown[]) {
    if (!Array.isArray(c) || typeof c[0] !== 'string' || typeof c[1] !== 'number' || typeof c[2] !== 'string' || !Array.isArray(c[3]))
      return undefined;
    const changes: GitFileChange[] = [];
    for (const ch of c[3] as unknown[]) {
      if (!Array.isArray(ch) || typeof ch[0] !== 'string' || typeof ch[1] !== 'string') return undefined;
      changes.push(typeof ch[2] === 'string' ? { status: ch[0], path: ch[1], from: ch[2] } : { status: ch[0], path: ch[1] });
    }
    commits.push({ hash: c[0], parents: c[1], subject: c[2], changes });
  }
  return { head, maxCommits, commits };
}

/** Written to a temporary file and renamed over the cache, so a crash never leaves half a file. */
async function saveCache(file: string, head: string, maxCommits: number, commits: readonly GitLogCommit[]): Promise<void> {
  const data: CachedCommit[] = commits.map((c) => [
    c.hash,
    c.parents,
    c.subject,
    c.changes.map((ch): [string, string] | [string, string, string] =>
      ch.from === undefined ? [ch.status, ch.path] : [ch.status, ch.path, ch.from],
    ),
  ]);
  try {
    await mkdir(join(file, '..'), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ v: CACHE_VERSION, head, maxCommits, commits: data }));
    await rename(tmp, file);
  } catch {
    // A cache that cannot be written only costs a full read next time.
  }
}
