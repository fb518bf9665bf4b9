// Follows one task run's events and the process exit, and decides its outcome: ok, or failed
// with a kind, a reason in words and the last stderr lines. Shared by one-shot and long-lived runs.
import type { AgentEvent, DoneEvent, PermissionDecision } from './agentEvents';
import type { AgentAdapter } from './agentAdapter';
import type { ProcessExit } from './agentProcess';

export type RunFailureKind =
  | 'missing-executable'
  | 'spawn-error'
  | 'crash'
  | 'exit-code'
  | 'timeout'
  | 'exit-before-init'
  | 'no-result'
  | 'garbage'
  | 'agent-error'
  /** The task cannot be given to this agent as it is (too long, a character it cannot carry);
   *  nothing was started and the session is fine. */
  | 'invalid-task'
  | 'stopped';

export interface RunFailure {
  kind: RunFailureKind;
  reason: string;
  stderrTail: string[];
}

export interface RunOutcome {
  ok: boolean;
  failure?: RunFailure;
  conversationId?: string;
  resultText?: string;
  costUsd?: number;
  contextWindow?: number;
  exitCode: number | null;
  signal: string | null;
  garbageLines: number;
  durationMs: number;
}

export interface RunHandle {
  readonly pid: number | undefined;
  readonly outcome: Promise<RunOutcome>;
  /** Stops the run (and for one-shot runs, its process tree); resolves when it is down. */
  stop(): Promise<void>;
  /** Answers a permission_request of this run (only runs that can ask have it). */
  respond?(requestId: string, decision: PermissionDecision): void;
}

export type AgentEventListener = (event: AgentEvent) => void;

export class RunTracker {
  conversationId: string | undefined;
  initSeen = false;
  done: DoneEvent | undefined;
  garbageLines = 0;
  /** A failure decided before the exit (timeout, garbage, stop). */
  forced: Omit<RunFailure, 'stderrTail'> | undefined;
  private readonly startedAt = Date.now();

  constructor(private readonly adapter: AgentAdapter) {}

  /** Records an event; returns true when the run must be aborted for too much garbage. */
  observe(ev: AgentEvent, maxGarbage: number): boolean {
    if (ev.type === 'init') {
      this.initSeen = true;
      this.conversationId = ev.conversationId;
    }
    if (ev.type === 'done') {
      this.done = ev;
      if (ev.conversationId) this.conversationId = ev.conversationId;
    }
    if (ev.type === 'garbage') {
      this.garbageLines += 1;
      if (this.garbageLines > maxGarbage && !this.forced) {
        this.forced = {
          kind: 'garbage',
          reason: `${this.adapter.displayName} wrote ${this.garbageLines} lines that are not its event format (limit ${maxGarbage}); last: ${truncate(ev.line)}`,
        };
        return true;
      }
    }
    return false;
  }

  force(kind: RunFailureKind, reason: string): void {
    if (!this.forced) this.forced = { kind, reason };
  }

  /** The outcome once a task's done event arrived while the process keeps running (long-lived). */
  outcomeFromDone(stderrTail: string[]): RunOutcome {
    return this.build(this.failureFromDone(stderrTail), null, null);
  }

  /** The outcome when the process exited. */
  outcomeFromExit(exit: ProcessExit, stderrTail: string[], executable: string): RunOutcome {
    return this.build(this.failureFromExit(exit, stderrTail, executable), exit.code, exit.signal);
  }

  private failureFromDone(stderrTail: string[]): RunFailure | undefined {
    if (this.forced) return { ...this.forced, stderrTail };
    if (this.done && !this.done.ok)
      return { kind: 'agent-error', reason: this.done.errorMessage ?? 'the agent reported an error', stderrTail };
    return undefined;
  }

  private failureFromExit(exit: ProcessExit, stderrTail: string[], executable: string): RunFailure | undefined {
    const name = this.adapter.displayName;
    if (exit.spawnError) {
      const code = exit.spawnError.code ?? 'error';
      if (code === 'ENOENT' || code === 'EACCES') {
        return {
          kind: 'missing-executable',
          stderrTail,
          reason: `${name} could not be started: "${executable}" was not found or is not executable (${code}). Set ${this.adapter.executableSetting} to the full path of the executable, or install it: ${this.adapter.installHint}`,
        };
      }
      if (code === 'ENOCWD')
        return {
          kind: 'spawn-error',
          reason: `${name} could not be started: ${exit.spawnError.message} (the session's folder or worktree is gone)`,
          stderrTail,
        };
      if (code === 'E2BIG')
        return {
          kind: 'spawn-error',
          reason: `${name} could not be started: its command line is too long for the system (E2BIG). Shorten the settings that add arguments (allowed tools, extra arguments) or the environment in agentAffinity.agentEnvironment`,
          stderrTail,
        };
      return { kind: 'spawn-error', reason: `${name} could not be started: ${exit.spawnError.message}`, stderrTail };
    }
    const fromDone = this.failureFromDone(stderrTail);
    if (fromDone || this.done) {
      if (fromDone) return fromDone;
      if (exit.code !== 0 && exit.code !== null)
        return { kind: 'exit-code', reason: `${name} reported success but exited with code ${exit.code}`, stderrTail };
      return undefined;
    }
    if (exit.signal)
      return {
        kind: 'crash',
        reason: `${name} crashed (killed by ${exit.signal})${this.initSeen ? '' : ' before it started'}`,
        stderrTail,
      };
    if (this.adapter.expectsInit && !this.initSeen) {
      const hint = this.adapter.startFailureHint?.(exit.code, stderrTail);
      return {
        kind: 'exit-before-init',
        reason: `${name} exited with code ${exit.code ?? '?'} before it started (no init event)${hint ? `: ${hint}` : ''}`,
        stderrTail,
      };
    }
    if (exit.code !== 0)
      return { kind: 'exit-code', reason: `${name} exited with code ${exit.code ?? '?'} before finishing the task`, stderrTail };
    if (this.adapter.expectsDone) return { kind: 'no-result', reason: `${name} exited without reporting a result`, stderrTail };
    return undefined;
  }

  private build(failure: RunFailure | undefined, exitCode: number | null, signal: string | null): RunOutcome {
    const d = this.done;
    return {
      ok: failure === undefined,
      ...(failure ? { failure } : {}),
      ...(this.conversationId !== undefined ? { conversationId: this.conversationId } : {}),
      ...(d?.resultText !== undefined ? { resultText: d.resultText } : {}),
      ...(d?.costUsd !== undefined ? { costUsd: d.costUsd } : {}),
      ...(d?.contextWindow !== undefined ? { contextWindow: d.contextWindow } : {}),
      exitCode,
      signal,
      garbageLines: this.garbageLines,
      durationMs: Date.now() - this.startedAt,
    };
  }
}

function truncate(s: string, n = 120): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
