// One agent child process: spawned from an argument array (no shell) in its own process group,
// stdout split into lines, the last stderr lines kept, and a stop that ends the whole tree.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface SpawnSpec {
  command: string;
  args: string[];
  cwd: string;
  /** Overrides on top of process.env (a value of '' is kept; use `unsetEnv` to remove). */
  env?: Record<string, string>;
  unsetEnv?: string[];
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started (ENOENT for a missing executable). */
  spawnError?: NodeJS.ErrnoException;
}

export interface AgentProcessHandlers {
  onLine(line: string): void;
  /** Any output (stdout or stderr), for idle watchdogs. */
  onActivity?(): void;
}

const defaultTail = 20;

export class AgentProcess {
  readonly exited: Promise<ProcessExit>;
  private readonly child: ChildProcess;
  private readonly stderrLines: string[] = [];
  private stderrPartial = '';
  private done = false;

  constructor(spec: SpawnSpec, private readonly handlers: AgentProcessHandlers, private readonly tailSize = defaultTail) {
    const env: NodeJS.ProcessEnv = { ...process.env, ...spec.env };
    for (const k of spec.unsetEnv ?? []) delete env[k];
    this.child = spawn(spec.command, spec.args, {
      cwd: spec.cwd, env, stdio: ['pipe', 'pipe', 'pipe'],
      // Own process group, so stop() can signal the agent and everything it started.
      detached: process.platform !== 'win32', windowsHide: true, shell: false,
    });
    this.exited = new Promise<ProcessExit>((resolve) => {
      this.child.once('error', (err: NodeJS.ErrnoException) => {
        // 'error' without a pid means it never started; with a pid, 'close' still follows.
        if (this.child.pid === undefined) { this.done = true; resolve({ code: null, signal: null, spawnError: err }); }
      });
      this.child.once('close', (code, signal) => { this.done = true; this.flushStderr(); resolve({ code, signal }); });
    });
    this.child.stdin?.on('error', () => { /* EPIPE after the agent exited: the exit is reported instead */ });
    if (this.child.stdout) {
      const rl = createInterface({ input: this.child.stdout, crlfDelay: Infinity });
      rl.on('line', (line) => { this.handlers.onActivity?.(); this.handlers.onLine(line); });
    }
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => { this.handlers.onActivity?.(); this.addStderr(chunk); });
  }

  get pid(): number | undefined { return this.child.pid; }
  get running(): boolean { return !this.done; }

  /** The last lines the agent wrote to stderr. */
  stderrTail(): string[] {
    return this.stderrPartial ? [...this.stderrLines, this.stderrPartial] : [...this.stderrLines];
  }

  write(data: string): void {
    if (this.done || !this.child.stdin || this.child.stdin.destroyed) return;
    this.child.stdin.write(data);
  }

  endInput(): void {
    if (this.child.stdin && !this.child.stdin.destroyed) this.child.stdin.end();
  }

  /** Ends the process tree: SIGTERM to the group, SIGKILL to whatever is left after the grace period. */
  async killTree(graceMs = 2000): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined) return;
    if (process.platform === 'win32') {
      spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true });
      await this.exited;
      return;
    }
    signalGroup(pid, 'SIGTERM');
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
    await Promise.race([this.exited, timer]);
    // Children may outlive the leader or ignore SIGTERM: the group gets a SIGKILL either way.
    signalGroup(pid, 'SIGKILL');
    await this.exited;
  }

  private addStderr(chunk: string): void {
    const parts = (this.stderrPartial + chunk).split(/\r?\n/);
    this.stderrPartial = parts.pop() ?? '';
    for (const p of parts) if (p.trim()) this.stderrLines.push(p);
    if (this.stderrLines.length > this.tailSize) this.stderrLines.splice(0, this.stderrLines.length - this.tailSize);
  }

  private flushStderr(): void {
    if (this.stderrPartial.trim()) this.stderrLines.push(this.stderrPartial);
    this.stderrPartial = '';
    if (this.stderrLines.length > this.tailSize) this.stderrLines.splice(0, this.stderrLines.length - this.tailSize);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try { process.kill(-pid, signal); } catch { /* ESRCH: the group is already gone */ }
}
