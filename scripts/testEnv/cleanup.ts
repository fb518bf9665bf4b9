// Keeps track of what a test launcher started (process groups, temp folders, browsers) and
// ends all of it in one place: from finally blocks, and on SIGINT/SIGTERM so an interrupted run
// leaves no code-server or Chromium behind.
import { rmSync } from 'node:fs';

type Cleanup = () => Promise<void> | void;

export class CleanupStack {
  private readonly items: { name: string; fn: Cleanup }[] = [];
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\n${signal}: stopping ${this.items.map((i) => i.name).join(', ') || 'nothing'}\n`);
    void this.runAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };

  constructor() {
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }

  add(name: string, fn: Cleanup): void {
    this.items.push({ name, fn });
  }

  /** Runs the cleanups newest first; one failing does not stop the others. */
  async runAll(): Promise<void> {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    while (this.items.length > 0) {
      const item = this.items.pop();
      if (!item) break;
      try {
        if (process.env.AGENT_AFFINITY_TEST_DEBUG) process.stderr.write(`cleanup: ${item.name}\n`);
        await item.fn();
      } catch (err) {
        process.stderr.write(`cleanup of ${item.name} failed: ${String(err)}\n`);
      }
    }
  }
}

/** Sends a signal to a whole process group, ignoring a group that is already gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Ends a detached child's process group: SIGTERM, then SIGKILL after a grace period. */
export async function killGroup(pid: number, graceMs = 3000): Promise<void> {
  if (!signalGroup(pid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!signalGroup(pid, 0)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  signalGroup(pid, 'SIGKILL');
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
