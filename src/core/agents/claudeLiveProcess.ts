// One long-lived Claude Code process per session (`--input-format stream-json`): tasks are
// written to stdin as user messages and each task ends at its `result` line, so a second task
// does not pay the CLI start-up again. If the process dies between tasks, the next task starts a
// fresh one resuming the same conversation.
import type { AgentTaskRequest } from './agentAdapter';
import { AgentProcess } from './agentProcess';
import { ClaudeAdapter, permissionResponseLine, userMessageLine } from './claudeAdapter';
import type { AgentLineParser, PermissionDecision } from './agentEvents';
import { scrubbedEnv } from './processRunner';
import { printableLine } from './printable';
import { IdleWatchdog, resolveRunOptions, type ResolvedRunOptions, type RunOptions } from './runOptions';
import { RunTracker, type AgentEventListener, type RunHandle, type RunOutcome } from './runTracker';

export type ClaudeLiveSettings = Omit<AgentTaskRequest, 'text'>;

interface ActiveTask {
  tracker: RunTracker;
  onEvent: AgentEventListener;
  resolve: (o: RunOutcome) => void;
  settled: boolean;
}

export class ClaudeLiveProcess {
  private proc: AgentProcess | undefined;
  private parser: AgentLineParser | undefined;
  private active: ActiveTask | undefined;
  private conversationId: string | undefined;
  private readonly o: ResolvedRunOptions;
  private readonly watchdog: IdleWatchdog;
  /** Permission requests waiting for the host's answer (tool input by request id). While one
   *  waits, silence is expected: the idle watchdog is paused. */
  private readonly pendingPermissions = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly adapter: ClaudeAdapter,
    private readonly settings: ClaudeLiveSettings,
    options: RunOptions = {},
  ) {
    this.o = resolveRunOptions(options);
    this.conversationId = settings.conversationId;
    this.watchdog = new IdleWatchdog(this.o.idleTimeoutMs, () => {
      this.active?.tracker.force('timeout', `${adapter.displayName} produced no output for ${this.o.idleTimeoutMs} ms`);
      void this.proc?.killTree(this.o.killGraceMs);
    });
  }

  /** True while a process is up (the next task is warm). */
  get warm(): boolean {
    return this.proc?.running === true;
  }
  get busy(): boolean {
    return this.active !== undefined;
  }
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  runTask(text: string, onEvent: AgentEventListener): RunHandle {
    if (this.active) throw new Error('This Claude Code process is already running a task.');
    const proc = this.ensureProcess();
    let resolve: (o: RunOutcome) => void = () => undefined;
    const outcome = new Promise<RunOutcome>((r) => {
      resolve = r;
    });
    this.active = { tracker: new RunTracker(this.adapter), onEvent, resolve, settled: false };
    this.watchdog.touch();
    proc.write(userMessageLine(text));
    return {
      pid: proc.pid,
      outcome,
      stop: async (): Promise<void> => {
        this.active?.tracker.force('stopped', 'stopped by the user');
        await this.stop();
        await outcome;
      },
      respond: (requestId, decision) => this.respond(requestId, decision),
    };
  }

  /** Answers a pending permission request of the running task. */
  respond(requestId: string, decision: PermissionDecision): void {
    const input = this.pendingPermissions.get(requestId);
    if (!input) throw new Error(`No pending permission request ${requestId}.`);
    this.pendingPermissions.delete(requestId);
    this.proc?.write(permissionResponseLine(requestId, decision, input));
    if (this.pendingPermissions.size === 0 && this.active) this.watchdog.touch();
  }

  /** Ends the process tree; a running task ends as stopped (or with the failure already decided). */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    this.active?.tracker.force('stopped', 'stopped by the user');
    await proc.killTree(this.o.killGraceMs);
    await proc.exited;
  }

  private ensureProcess(): AgentProcess {
    if (this.proc?.running) return this.proc;
    const spec = this.adapter.longLivedCommand({
      ...this.settings,
      ...(this.conversationId ? { conversationId: this.conversationId } : {}),
    });
    this.parser = this.adapter.createParser();
    const proc = new AgentProcess(
      {
        command: spec.command,
        args: spec.args,
        cwd: this.settings.cwd,
        ...(this.settings.env ? { env: this.settings.env } : {}),
        unsetEnv: scrubbedEnv,
      },
      {
        onActivity: () => {
          if (this.active && this.pendingPermissions.size === 0) this.watchdog.touch();
        },
        onLine: (line) => this.onLine(line),
      },
      this.o.stderrTailLines,
    );
    this.proc = proc;
    void proc.exited.then((exit) => {
      if (this.proc === proc) this.proc = undefined;
      this.watchdog.clear();
      const task = this.active;
      if (task && !task.settled) this.settle(task, task.tracker.outcomeFromExit(exit, proc.stderrTail(), spec.command));
    });
    return proc;
  }

  private onLine(line: string): void {
    const task = this.active;
    for (const ev of this.parser?.parseLine(line) ?? []) {
      if (ev.type === 'garbage') this.o.log(`${this.adapter.displayName}: skipped non-JSON line: ${printableLine(ev.line.slice(0, 200))}`);
      if (ev.type === 'init') this.conversationId = ev.conversationId;
      if (ev.type === 'done' && ev.conversationId) this.conversationId = ev.conversationId;
      if (!task) continue; // output between tasks (hooks, notices) belongs to no task
      if (ev.type === 'permission_request') {
        this.pendingPermissions.set(ev.requestId, ev.input);
        this.watchdog.clear();
      }
      if (task.tracker.observe(ev, this.o.maxGarbageLines)) void this.proc?.killTree(this.o.killGraceMs);
      task.onEvent(ev);
      if (ev.type === 'done') this.settle(task, task.tracker.outcomeFromDone(this.proc?.stderrTail() ?? []));
    }
  }

  private settle(task: ActiveTask, outcome: RunOutcome): void {
    task.settled = true;
    this.pendingPermissions.clear();
    if (this.active === task) this.active = undefined;
    this.watchdog.clear();
    task.resolve(outcome);
  }
}
