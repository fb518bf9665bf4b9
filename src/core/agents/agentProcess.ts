// One agent child process: spawned from an argument array (no shell) in its own process group,
// stdout split into lines, the last stderr lines kept, and a stop that ends the whole tree.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
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
  private readonly child: ChildProcess | undefined;
  private readonly stderrLines: string[] = [];
  private stderrPartial = '';
  private done = false;

  constructor(
    spec: SpawnSpec,
    private readonly handlers: AgentProcessHandlers,
    private readonly tailSize = defaultTail,
  ) {
    const env: NodeJS.ProcessEnv = { ...process.env, ...spec.env };
    for (const k of spec.unsetEnv ?? []) delete env[k];
    // spawn reports a missing cwd as ENOENT, which would read as a missing executable.
    if (!isDirectory(spec.cwd)) {
      this.done = true;
      this.exited = Promise.resolve({
        code: null,
        signal: null,
        spawnError: Object.assign(new Error(`the folder ${spec.cwd} does not exist`), { code: 'ENOCWD' }),
      });
      return;
    }
    let child: ChildProcess;
    try {
      child = spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
        // Own process group, so stop() can signal the agent and everything it started.
        detached: process.platform !== 'win32',
        windowsHide: true,
        shell: false,
      });
    } catch (err) {
      // Node refuses some arguments before starting anything (a NUL in an argument or an environment
      // value) with a message that quotes the value: the task's text could end up in logs. Say why only.
      this.done = true;
      this.exited = Promise.resolve({ code: null, signal: null, spawnError: spawnRefusal(err) });
      return;
    }
    this.child = child;
    this.exited = new Promise<ProcessExit>((resolve) => {
      child.once('error', (err: NodeJS.ErrnoException) => {
        // 'error' without a pid means it never started; with a pid, 'close' still follows.
        if (child.pid === undefined) {
          this.done = true;
          resolve({ code: null, signal: null, spawnError: err });
        }
      });
      child.once('close', (code, signal) => {
        this.done = true;
        this.flushStderr();
        resolve({ code, signal });
      });
    });
    child.stdin?.on('error', () => {
      /* EPIPE after the agent exited: the exit is reported instead */
    });
    if (child.stdout) {
      const rl = createInterface({ input: child.stdout, crlfDelay: Infinity });
      rl.on('line', (line) => {
        this.handlers.onActivity?.();
        this.handlers.onLine(line);
      });
    }
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.handlers.onActivity?.();
      this.addStderr(chunk);
    });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }
  get running(): boolean {
    return !this.done;
  }

  /** The last lines the agent wrote to stderr. */
  stderrTail(): string[] {
    return this.stderrPartial ? [...this.stderrLines, this.stderrPartial] : [...this.stderrLines];
  }

  write(data: string): void {
    const stdin = this.child?.stdin;
    if (this.done || !stdin || stdin.destroyed) return;
    stdin.write(data);
  }

  endInput(): void {
    const stdin = this.child?.stdin;
    if (stdin && !stdin.destroyed) stdin.end();
  }

  /** Ends the process tree: SIGTERM to the group, SIGKILL to whatever is left after the grace period. */
  async killTree(graceMs = 2000): Promise<void> {
    const pid = this.child?.pid;
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

function spawnRefusal(err: unknown): NodeJS.ErrnoException {
  const code = (err as NodeJS.ErrnoException).code ?? 'ESPAWN';
  const message =
    code === 'ERR_INVALID_ARG_VALUE' || code === 'ERR_INVALID_ARG_TYPE'
      ? 'an argument or environment value holds a character a process cannot receive (NUL)'
      : `${code}`;
  return Object.assign(new Error(message), { code });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* ESRCH: the group is already gone */
  }
}
