// The session state machine, pure: which state may follow which. Illegal transitions throw.

export type SessionState = 'idle' | 'starting' | 'running' | 'waiting' | 'stopping' | 'stopped' | 'failed';

export const sessionStates: readonly SessionState[] = ['idle', 'starting', 'running', 'waiting', 'stopping', 'stopped', 'failed'];

const allowed: Record<SessionState, readonly SessionState[]> = {
  // idle: no task running (a warm agent process may still be up)
  idle: ['starting', 'stopping', 'stopped'],
  // starting: a task was handed to the agent, its process is coming up
  starting: ['running', 'idle', 'failed', 'stopping'],
  // running: the agent is working on a task
  running: ['waiting', 'idle', 'failed', 'stopping'],
  // waiting: the agent waits for a permission or for input
  waiting: ['running', 'idle', 'failed', 'stopping'],
  stopping: ['stopped', 'failed'],
  // stopped and failed: no process; a new task (or resume) starts it again
  stopped: ['starting', 'idle'],
  failed: ['starting', 'idle', 'stopped'],
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: SessionState,
    readonly to: SessionState,
  ) {
    super(`Illegal session transition ${from} → ${to} (allowed from ${from}: ${allowed[from].join(', ') || 'none'})`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: SessionState, to: SessionState): boolean {
  return allowed[from].includes(to);
}

/** Returns `to` when the transition is legal; throws IllegalTransitionError otherwise. */
export function transition(from: SessionState, to: SessionState): SessionState {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
  return to;
}

/** States in which the session's agent is busy with a task (holds a parallel slot). */
export function isActive(state: SessionState): boolean {
  return state === 'starting' || state === 'running' || state === 'waiting';
}
