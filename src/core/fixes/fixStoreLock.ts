// The learned-fix store's lock: `<store file>.lock`, the same lock file every version of Agent
// Affinity takes to write the store (so a window running an older version and one running this
// one never write at the same time). Held for a few file operations at a time: an append, a
// journal rotation, a rename.
import { acquireFileLock, type FileLock } from '../store/fileLock';
import { StoreLockTimeoutError } from '../store/storeErrors';
import type { StoreProblem } from '../store/storeTypes';

export class FixStoreLock {
  constructor(
    private readonly file: string,
    private readonly options: { readonly staleMs?: number; readonly timeoutMs?: number },
    private readonly report: (problem: StoreProblem) => void,
  ) {}

  /** Runs `work` holding the lock. */
  async with(work: (lock: FileLock) => Promise<void>): Promise<void> {
    const lock = await this.acquire();
    try {
      await work(lock);
    } finally {
      await lock.release();
    }
  }

  /** With the lock, or without it when the lock file cannot even be created (a read-only folder: writes will fail and say so). */
  async withIfAny(work: (locked: boolean) => Promise<void>): Promise<void> {
    let lock: FileLock;
    try {
      lock = await this.acquire();
    } catch (error) {
      if (error instanceof StoreLockTimeoutError) throw error;
      return work(false);
    }
    try {
      await work(true);
    } finally {
      await lock.release();
    }
  }

  private acquire(): Promise<FileLock> {
    const { file } = this;
    const lockFile = `${file}.lock`;
    return acquireFileLock(lockFile, {
      ...this.options,
      onStaleLockBroken: (holder, why) =>
        this.report({
          kind: 'staleLockBroken',
          file,
          lockFile,
          holder,
          message: `Removed a stale lock on "${file}" left by ${holder} (${why}).`,
        }),
    });
  }
}

/** A lock held past its stale limit may have been broken by another process: never write without it. */
export async function ensureHeld(lock: FileLock): Promise<void> {
  if (!(await lock.isHeld())) throw new Error(`lost the lock "${lock.path}" before writing (it was taken as stale)`);
}
