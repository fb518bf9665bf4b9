// The tasks each session ran and how they ended, by the one outcome definition
// (core/sessions/taskOutcome.ts): a task counts once, by its latest run. The metrics (tasks run,
// success rate, durations, tokens) and the router's success figure both read it, so the dashboard
// and Send Task… show the same number.

export interface LoggedTask {
  readonly success: boolean;
  readonly durationMs: number;
  /** Tokens the task used (input + output), when known. */
  readonly tokens?: number;
}

/** Successes over the tasks logged: `rate` in 0..1 (0.5 before any task), `samples` the task count. */
export interface SuccessFigure {
  readonly rate: number;
  readonly samples: number;
  readonly succeeded: number;
}

const NONE: SuccessFigure = { rate: 0.5, samples: 0, succeeded: 0 };

/** Tasks kept per session (the oldest are dropped first). */
const MAX_TASKS_PER_SESSION = 1000;

export class TaskOutcomeLog {
  private readonly sessions = new Map<string, Map<string, LoggedTask>>();
  /** Cached figures, so a routing decision reads them without allocating. */
  private readonly figures = new Map<string, SuccessFigure>();

  record(sessionId: string, taskId: string, task: LoggedTask): void {
    let tasks = this.sessions.get(sessionId);
    if (!tasks) this.sessions.set(sessionId, (tasks = new Map()));
    tasks.delete(taskId);
    tasks.set(taskId, task);
    if (tasks.size > MAX_TASKS_PER_SESSION) tasks.delete(tasks.keys().next().value as string);
    let succeeded = 0;
    for (const t of tasks.values()) if (t.success) succeeded++;
    this.figures.set(sessionId, { rate: succeeded / tasks.size, samples: tasks.size, succeeded });
  }

  success(sessionId: string): SuccessFigure {
    return this.figures.get(sessionId) ?? NONE;
  }

  tasks(sessionId: string): readonly LoggedTask[] {
    return [...(this.sessions.get(sessionId)?.values() ?? [])];
  }

  sessionIds(): string[] {
    return [...this.sessions.keys()];
  }

  forget(sessionId: string): void {
    this.sessions.delete(sessionId);
    this.figures.delete(sessionId);
  }

  clear(): void {
    this.sessions.clear();
    this.figures.clear();
  }
}
