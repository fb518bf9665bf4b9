// The one definition of a task's outcome for success rates, shared by the metrics and the router:
// a task counts once (a retried task by its latest attempt), and only when its agent ran. A CLI
// that is missing or could not start is a setup problem, not a failure of the task.

/** Failures that say nothing of the task (see RunFailureKind): the agent never took it (setup), or
 *  the orchestrator stopped under it (`interrupted`, marked at load). */
const NOT_THE_TASK: ReadonlySet<string> = new Set(['missing-executable', 'spawn-error', 'exit-before-init', 'interrupted']);

export type TaskOutcome = 'succeeded' | 'failed' | 'not-run';

export interface OutcomeInput {
  readonly status: string;
  readonly failureKind?: string | undefined;
  readonly startedAt?: number | undefined;
}

export function taskOutcome(t: OutcomeInput): TaskOutcome {
  if (t.status === 'succeeded') return 'succeeded';
  if (t.startedAt === undefined) return 'not-run';
  if (t.status === 'failed') return t.failureKind !== undefined && NOT_THE_TASK.has(t.failureKind) ? 'not-run' : 'failed';
  // Cancelled while running (stopped by the person): not a verdict on the task either way.
  return 'not-run';
}
