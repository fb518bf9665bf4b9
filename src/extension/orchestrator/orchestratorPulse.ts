// Whether the orchestrator answers, measured: a health request every few seconds while it runs,
// the last and slowest round trips kept, and how long an unanswered one has been waiting. A
// frozen orchestrator (a hostile rule, a runaway analysis) is otherwise invisible until a task
// hangs; with this the dashboard says so and the person is offered a restart once per freeze.
// No `vscode` import: timers and the ping are passed in, so it is tested in plain Node.
import type { OrchestratorPulse } from '../../protocol/orchestratorState';

export interface PulseOptions {
  /** One health round trip; resolves when the orchestrator answered. */
  ping: () => Promise<void>;
  /** Told whenever the figures change. */
  onChange: (pulse: OrchestratorPulse) => void;
  /** Told once per freeze, when an answer has been waiting `stallAfterMs`. */
  onStall: (waitingMs: number) => void;
  intervalMs?: number;
  stallAfterMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

const defaultTimer = (fn: () => void, ms: number): { cancel(): void } => {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return { cancel: () => clearTimeout(t) };
};

export class OrchestratorPulseMonitor {
  private pulse: OrchestratorPulse = { checks: 0 };
  private timer: { cancel(): void } | undefined;
  private watch: { cancel(): void } | undefined;
  private running = false;
  private generation = 0;
  private readonly intervalMs: number;
  private readonly stallAfterMs: number;
  private readonly now: () => number;
  private readonly setTimer: NonNullable<PulseOptions['setTimer']>;

  constructor(private readonly options: PulseOptions) {
    this.intervalMs = options.intervalMs ?? 5_000;
    this.stallAfterMs = options.stallAfterMs ?? 20_000;
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? defaultTimer;
  }

  get current(): OrchestratorPulse {
    return this.pulse;
  }

  /** Starts measuring a newly ready orchestrator (figures of an earlier process are dropped). */
  start(): void {
    this.stop();
    this.running = true;
    this.pulse = { checks: 0 };
    this.options.onChange(this.pulse);
    this.schedule(0);
  }

  /** Stops measuring (the orchestrator stopped, crashed or is restarting). */
  stop(): void {
    this.running = false;
    this.generation++;
    this.timer?.cancel();
    this.watch?.cancel();
    this.timer = this.watch = undefined;
  }

  private schedule(ms: number): void {
    this.timer = this.setTimer(() => void this.check(), ms);
  }

  private async check(): Promise<void> {
    if (!this.running) return;
    const generation = this.generation;
    const sentAt = this.now();
    let stalled = false;
    this.watch = this.setTimer(() => {
      if (generation !== this.generation) return;
      stalled = true;
      this.update({ waitingSince: sentAt });
      this.options.onStall(this.now() - sentAt);
    }, this.stallAfterMs);
    let failed = false;
    try {
      await this.options.ping();
    } catch {
      failed = true;
    }
    if (generation !== this.generation) return;
    this.watch.cancel();
    this.watch = undefined;
    if (!failed) {
      const ms = this.now() - sentAt;
      const slowest = Math.max(this.pulse.slowestMs ?? 0, ms);
      this.update({ lastMs: ms, slowestMs: slowest, checks: this.pulse.checks + 1, answeredAt: this.now() }, true);
    } else if (stalled) {
      this.update({}, true);
    }
    this.schedule(this.intervalMs);
  }

  private update(change: Partial<OrchestratorPulse>, answered = false): void {
    const next: OrchestratorPulse = { ...this.pulse, ...change };
    if (answered) delete next.waitingSince;
    this.pulse = next;
    this.options.onChange(next);
  }
}
