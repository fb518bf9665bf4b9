// Limits that decide when a run is failed rather than merely slow or noisy.

export interface RunOptions {
  /** No output (stdout or stderr) for this long while a task runs → failed (timeout). */
  idleTimeoutMs?: number;
  /** More non-JSON lines than this in one task → failed (garbage). */
  maxGarbageLines?: number;
  /** How many stderr lines a failure keeps. */
  stderrTailLines?: number;
  /** SIGTERM → SIGKILL delay when stopping a process tree. */
  killGraceMs?: number;
  /** Where skipped non-JSON lines are logged. */
  log?: (message: string) => void;
}

export interface ResolvedRunOptions {
  idleTimeoutMs: number;
  maxGarbageLines: number;
  stderrTailLines: number;
  killGraceMs: number;
  log: (message: string) => void;
}

export function resolveRunOptions(o: RunOptions = {}): ResolvedRunOptions {
  return {
    idleTimeoutMs: o.idleTimeoutMs ?? 300_000,
    maxGarbageLines: o.maxGarbageLines ?? 100,
    stderrTailLines: o.stderrTailLines ?? 20,
    killGraceMs: o.killGraceMs ?? 2_000,
    log: o.log ?? (() => undefined),
  };
}

/** Restartable "no activity for N ms" timer. */
export class IdleWatchdog {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {}

  touch(): void {
    this.clear();
    this.timer = setTimeout(this.onIdle, this.ms);
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
