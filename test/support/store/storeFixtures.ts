// Shared fixtures for the store tests: temporary folders removed after the test, a problem
// collector, a small typed data shape, and a helper that waits for a condition (not a fixed sleep).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { after, before } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreProblem } from '../../../src/core/store/storeTypes';

export interface CounterData {
  count: number;
  items: string[];
}

export function counterDefaults(): CounterData {
  return { count: 0, items: [] };
}

/** A fresh folder under the OS temp dir; `cleanup` removes it. */
export async function makeTempDir(prefix = 'affinity-store-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Collects the problems a store reports. */
export function problemCollector(): { problems: StoreProblem[]; onProblem: (problem: StoreProblem) => void } {
  const problems: StoreProblem[] = [];
  return { problems, onProblem: (problem) => problems.push(problem) };
}

/** Names in `dir` that are our temporary files. */
export async function tempFilesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => /\.tmp-\d+-[0-9a-f]+$/.test(name));
}

/** Resolves once `condition()` holds; checks on every timer turn, fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The pid of a process that has exited (for stale lock / temp file tests). */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start a child process');
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return pid;
}

/**
 * Call inside a `describe`: one temporary root for the suite (removed after it), and `fresh()`
 * gives each case its own empty folder in it.
 */
export function caseDirs(): { fresh(): Promise<string> } {
  let root = '';
  let cleanup: () => Promise<void> = async () => undefined;
  let n = 0;
  before(async () => ({ dir: root, cleanup } = await makeTempDir()));
  after(() => cleanup());
  return {
    fresh: async () => {
      const dir = join(root, `case-${++n}`);
      await mkdir(dir);
      return dir;
    },
  };
}
