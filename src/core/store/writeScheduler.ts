// Debounced, coalescing, serialized writes: the first change arms a timer, later changes ride
// along, one write runs at a time, and a failed write waits for the next change (or a flush) to
// be retried. The scheduler knows nothing about files; it calls `write`.

export interface WriteSchedulerOptions {
  readonly delayMs: number;
  /** Persists the current state. Must read the state when called (changes during it mark dirty again). */
  readonly write: () => Promise<void>;
  /** Told about each failed background or flushed write. */
  readonly onError: (error: unknown) => void;
}

export class WriteScheduler {
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private paused = 0;

  constructor(private readonly options: WriteSchedulerOptions) {}

  /** Records a change and arms the debounce timer unless a write is already due. */
  markDirty(): void {
    this.dirty = true;
    this.arm();
  }

  /** Writes everything pending now; rejects with the write's error when it fails. */
  async flush(): Promise<void> {
    this.disarm();
    for (;;) {
      if (this.running !== undefined) {
        await this.running.catch(() => undefined);
        continue;
      }
      if (!this.dirty) return;
      await this.runOnce();
    }
  }

  /** Holds background writes (explicit flushes still run) until `resume`. */
  pause(): void {
    this.paused++;
    this.disarm();
  }

  resume(): void {
    this.paused = Math.max(0, this.paused - 1);
    this.arm();
  }

  /** Stops the timer without writing (after a final flush). */
  cancel(): void {
    this.disarm();
  }

  private arm(): void {
    if (this.timer !== undefined || this.running !== undefined || !this.dirty || this.paused > 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runOnce().catch(() => undefined); // Reported through onError; retried on the next change.
    }, this.options.delayMs);
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private runOnce(): Promise<void> {
    this.disarm();
    this.dirty = false;
    let started: Promise<void>;
    try {
      started = this.options.write();
    } catch (error) {
      started = Promise.reject(error);
    }
    const run = started.then(
      () => {
        this.running = undefined;
        this.arm(); // Changes made during the write.
      },
      (error: unknown) => {
        this.running = undefined;
        this.dirty = true;
        this.options.onError(error);
        throw error;
      },
    );
    this.running = run;
    return run;
  }
}
