// A session's task history across restarts and over time: a task left running by a restart is
// marked interrupted, and the history stays bounded (it is persisted with every save and holds
// task texts): past a limit the oldest finished tasks are dropped. Running tasks stay, and so do
// finished ones a queued task still depends on (its dependency check needs their status).
import type { TaskRecord } from './sessionTypes';

/**
 * After a restart no agent runs: a task the history shows running was interrupted. It is marked
 * failed and retryable, never lost (a task reported finished was saved finished, so it is not here).
 */
export function failInterruptedTasks(history: TaskRecord[], at: number): void {
  for (const t of history) {
    if (t.status !== 'running') continue;
    Object.assign(t, {
      status: 'failed',
      error: 'interrupted: the orchestrator restarted while it ran',
      failureKind: 'interrupted',
      retryable: true,
      finishedAt: at,
    });
  }
}

/** Finished tasks kept per session when no limit is given. */
export const DEFAULT_HISTORY_LIMIT = 200;

/**
 * Drops the oldest finished tasks of `history` (in place) so that at most `limit` remain, keeping
 * running tasks and those whose id is in `keep`. Returns how many were dropped. Linear.
 */
export function trimHistory(history: TaskRecord[], limit: number, keep: ReadonlySet<string>): number {
  const finished = history.reduce((n, t) => (t.status === 'running' || t.status === 'queued' ? n : n + 1), 0);
  const excess = finished - Math.max(0, Math.floor(limit));
  if (excess <= 0) return 0;
  let dropped = 0;
  const kept = history.filter((t) => {
    if (dropped >= excess || t.status === 'running' || t.status === 'queued' || keep.has(t.id)) return true;
    dropped += 1;
    return false;
  });
  history.splice(0, history.length, ...kept);
  return dropped;
}

/** A task that will not change any more (neither queued nor running). */
export function isTerminal(status: TaskRecord['status']): boolean {
  return status !== 'queued' && status !== 'running';
}
