// Git worktrees for session isolation: each isolated session gets its own worktree and branch.
// git runs with argument arrays (never a shell), and a name can never become a flag.
import { execFile } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

function git(args: string[], cwd: string): Promise<GitResult> {
  return new Promise((done) => {
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
      done({ code, stdout, stderr: stderr || (error && code === 127 ? error.message : '') });
    });
  });
}

export interface WorktreeSupport {
  available: boolean;
  /** The repository's top-level folder when available. */
  repoRoot?: string;
  reason?: string;
}

/** Whether `folder` is inside a git work tree (and git is installed). */
export async function worktreeSupport(folder: string): Promise<WorktreeSupport> {
  const r = await git(['rev-parse', '--show-toplevel'], folder);
  if (r.code === 127) return { available: false, reason: 'git is not installed or not on the PATH' };
  if (r.code !== 0) return { available: false, reason: `${folder} is not inside a git repository` };
  return { available: true, repoRoot: r.stdout.trim() };
}

/** A branch- and folder-safe slug of a session name. */
export function worktreeSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 48);
  return slug || 'session';
}

export interface CreatedWorktree {
  path: string;
  branch: string;
}

/**
 * Creates `<baseDir>/<slug>` on a new branch `agent-affinity/<slug>` from the current HEAD.
 * `baseDir` may be relative to the repository root. A taken name gets a numeric suffix.
 */
export async function createWorktree(repoRoot: string, baseDir: string, name: string): Promise<CreatedWorktree> {
  const base = isAbsolute(baseDir) ? baseDir : resolve(repoRoot, baseDir);
  await mkdir(base, { recursive: true });
  const slug = worktreeSlug(name);
  for (let i = 0; i < 50; i++) {
    const suffix = i === 0 ? '' : `-${i + 1}`;
    const branch = `agent-affinity/${slug}${suffix}`;
    const path = join(base, `${slug}${suffix}`);
    const r = await git(['worktree', 'add', '-b', branch, '--', path], repoRoot);
    if (r.code === 0) return { path, branch };
    if (!/already exists|already checked out/i.test(r.stderr)) {
      throw new Error(`git worktree add failed for ${path}: ${r.stderr.trim() || `exit ${r.code}`}`);
    }
  }
  throw new Error(`no free worktree name for '${name}' under ${base}`);
}

/** Lists what is uncommitted in a worktree (empty when clean). */
export async function worktreeChanges(path: string): Promise<string[]> {
  const r = await git(['status', '--porcelain'], path);
  if (r.code !== 0) throw new Error(`git status failed in ${path}: ${r.stderr.trim()}`);
  return r.stdout.split('\n').filter((l) => l.trim() !== '');
}

/** Removes a worktree (its branch stays, so no commit is lost). */
export async function removeWorktree(repoRoot: string, path: string, force: boolean): Promise<void> {
  const args = ['worktree', 'remove', ...(force ? ['--force'] : []), '--', path];
  const r = await git(args, repoRoot);
  if (r.code !== 0) throw new Error(`git worktree remove failed for ${path}: ${r.stderr.trim() || `exit ${r.code}`}`);
}

/**
 * Git-ignored files an agent needs that a new worktree lacks: Claude Code's personal
 * `.claude/settings.local.json` (its allow and deny rules). Copied, never overwriting; returns
 * what was copied.
 */
export async function copyLocalAgentFiles(repoRoot: string, worktreePath: string): Promise<string[]> {
  const copied: string[] = [];
  for (const rel of ['.claude/settings.local.json']) {
    const target = join(worktreePath, rel);
    try {
      await mkdir(join(target, '..'), { recursive: true });
      await copyFile(join(repoRoot, rel), target, 1 /* COPYFILE_EXCL */);
      copied.push(rel);
    } catch {
      // absent in the repository, or already in the worktree: nothing to do
    }
  }
  return copied;
}
