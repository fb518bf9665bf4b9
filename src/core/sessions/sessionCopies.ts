// Copies of session records for listeners, callers and the saver, without copying a long history
// every time: a finished task in a session's history is never edited again (a retry, a requeue or
// a trim replaces or drops it), so it is copied once, frozen, and that copy is shared by every
// later copy of the session. A session with 200 finished tasks then costs a copy of its queue,
// working set and own fields, and one array of 200 references, instead of 200 task copies per
// change. Each copy is its caller's own at the top (the session, its arrays, queued and running
// tasks); the shared finished tasks are frozen, so no holder can change another's.
import type { SessionRecord, TaskRecord } from './sessionTypes';

interface Shared {
  /** The fields a finishing step sets: a task edited after all is copied afresh. */
  status: TaskRecord['status'];
  finishedAt: number | undefined;
  attempts: number;
  error: string | undefined;
  copy: TaskRecord;
}

export class SessionCopies {
  private readonly finished = new WeakMap<TaskRecord, Shared>();

  /** A copy of the record (its finished tasks shared and frozen). */
  session(s: SessionRecord): SessionRecord {
    const { history, queue, workingSet, ...own } = s;
    return {
      ...structuredClone(own),
      queue: structuredClone(queue),
      history: history.map((t) => this.task(t)),
      workingSet: structuredClone(workingSet),
    };
  }

  /** A copy of a task: a finished one's shared, frozen copy, else a fresh copy. */
  task(t: TaskRecord): TaskRecord {
    if (t.status === 'queued' || t.status === 'running') return structuredClone(t);
    const known = this.finished.get(t);
    if (known && known.status === t.status && known.finishedAt === t.finishedAt && known.attempts === t.attempts && known.error === t.error)
      return known.copy;
    const copy = structuredClone(t);
    Object.freeze(copy.dependsOn);
    if (copy.stderrTail) Object.freeze(copy.stderrTail);
    Object.freeze(copy);
    this.finished.set(t, { status: t.status, finishedAt: t.finishedAt, attempts: t.attempts, error: t.error, copy });
    return copy;
  }
}
