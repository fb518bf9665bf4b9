// Choosing a session's next task: highest priority first (ties by age), only when every
// dependency succeeded; a task whose dependency failed, was skipped or is unknown is skipped
// with the reason in words.
import type { TaskRecord, TaskStatus } from './sessionTypes';

export type TaskPick =
  | { kind: 'run'; task: TaskRecord }
  | { kind: 'skip'; task: TaskRecord; reason: string }
  /** Tasks are queued but all wait on dependencies still queued or running. */
  | { kind: 'blocked'; waitingOn: string[] }
  | { kind: 'empty' };

export type TaskStatusLookup = (taskId: string) => TaskStatus | undefined;

/** Queue order: priority descending, then creation time (the sort is stable: ties keep queue order). */
export function byPriority(a: TaskRecord, b: TaskRecord): number {
  return b.priority - a.priority || a.createdAt - b.createdAt;
}

export function pickNextTask(queue: readonly TaskRecord[], statusOf: TaskStatusLookup): TaskPick {
  if (queue.length === 0) return { kind: 'empty' };
  const waitingOn = new Set<string>();
  for (const task of [...queue].sort(byPriority)) {
    let ready = true;
    for (const dep of task.dependsOn) {
      const s = statusOf(dep);
      if (s === 'succeeded') continue;
      if (s === undefined) return { kind: 'skip', task, reason: `dependency ${dep} does not exist` };
      if (s === 'failed' || s === 'skipped' || s === 'cancelled')
        return { kind: 'skip', task, reason: `dependency ${dep} ${s === 'failed' ? 'failed' : `was ${s}`}` };
      ready = false;
      waitingOn.add(dep);
    }
    if (ready) return { kind: 'run', task };
  }
  return { kind: 'blocked', waitingOn: [...waitingOn] };
}
