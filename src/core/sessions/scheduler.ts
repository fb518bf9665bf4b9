// Limits how many sessions run a task at the same time; sessions beyond the limit wait for a
// slot in the order they asked.

export class ParallelScheduler {
  private readonly running = new Set<string>();
  private readonly waiting: string[] = [];

  constructor(private maxParallel = 4) {
    if (maxParallel < 1) throw new Error(`maxParallel must be at least 1 (got ${maxParallel})`);
  }

  get limit(): number {
    return this.maxParallel;
  }
  get runningCount(): number {
    return this.running.size;
  }
  get waitingIds(): readonly string[] {
    return this.waiting;
  }

  setLimit(n: number): void {
    if (n < 1) throw new Error(`maxParallel must be at least 1 (got ${n})`);
    this.maxParallel = n;
  }

  /** Takes a slot if one is free (true) or joins the waiting line (false). */
  acquire(sessionId: string): boolean {
    if (this.running.has(sessionId)) return true;
    if (this.running.size < this.maxParallel) {
      this.running.add(sessionId);
      this.dequeueWaiting(sessionId);
      return true;
    }
    if (!this.waiting.includes(sessionId)) this.waiting.push(sessionId);
    return false;
  }

  /** Frees a slot; returns the sessions that may now start (they already hold their slot). */
  release(sessionId: string): string[] {
    this.running.delete(sessionId);
    this.dequeueWaiting(sessionId);
    return this.admit();
  }

  /** Forgets a session that no longer wants a slot. */
  withdraw(sessionId: string): string[] {
    return this.release(sessionId);
  }

  holds(sessionId: string): boolean {
    return this.running.has(sessionId);
  }

  private admit(): string[] {
    const admitted: string[] = [];
    while (this.running.size < this.maxParallel && this.waiting.length > 0) {
      const next = this.waiting.shift();
      if (next === undefined) break;
      this.running.add(next);
      admitted.push(next);
    }
    return admitted;
  }

  private dequeueWaiting(sessionId: string): void {
    const i = this.waiting.indexOf(sessionId);
    if (i >= 0) this.waiting.splice(i, 1);
  }
}
