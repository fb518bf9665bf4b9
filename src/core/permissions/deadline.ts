// A time limit for one consolidation run: the tiers and the verification check it as they go,
// and a run past it stops with DeadlineExceeded; consolidate() then changes nothing and says so.

export class DeadlineExceeded extends Error {
  constructor(readonly limitMs: number) {
    super(`consolidation stopped: it took longer than its ${limitMs} ms limit`);
    this.name = 'DeadlineExceeded';
  }
}

export interface Deadline {
  /** Throws DeadlineExceeded once the time is up (reads the clock every few calls). */
  check(): void;
}

/** A deadline that never passes (callers that do not set one). */
export const NO_DEADLINE: Deadline = { check: () => undefined };

/** A deadline `ms` from now on `clock` (milliseconds; `performance.now` by default). */
export function startDeadline(ms: number, clock: () => number = () => performance.now()): Deadline {
  const end = clock() + ms;
  let calls = 0;
  return {
    check(): void {
      if ((calls++ & 15) !== 0) return;
      if (clock() >= end) throw new DeadlineExceeded(ms);
    },
  };
}
