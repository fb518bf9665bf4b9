// Tasks queued behind a session's failure. A failed session starts nothing by itself, so rather than
// wait with no word they fail at once, retryable, with the session's reason; Resume queues them again.
import type { SessionRecord, TaskRecord } from './sessionTypes';

const NOT_STARTED = 'not started: the session';

/** The error of a task that was queued when its session failed. */
export function notStartedError(sessionName: string, reason: string): string {
  return `${NOT_STARTED} ${sessionName} failed: ${reason}`;
}

/** Whether a task failed because its session did, before it ever started. */
export function isNotStarted(t: TaskRecord): boolean {
  return t.status === 'failed' && t.attempts === 0 && t.error?.startsWith(NOT_STARTED) === true;
}

/** Moves the session's not-started tasks from its history back to its queue, oldest first; how many. */
export function requeueNotStarted(s: SessionRecord): number {
  const again = s.history.filter(isNotStarted);
  if (again.length === 0) return 0;
  s.history = s.history.filter((t) => !again.includes(t));
  for (const t of again) {
    const { error: _e, stderrTail: _s, retryable: _r, finishedAt: _f, ...rest } = t;
    s.queue.push({ ...rest, status: 'queued' });
  }
  return again.length;
}
