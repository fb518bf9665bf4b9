// A session's handle on its agent: runs one task at a time, either as a fresh process per task
// or (Claude Code) through one long-lived process that stays warm between tasks.
import type { AgentAdapter, AgentTaskRequest } from './agentAdapter';
import { ClaudeAdapter } from './claudeAdapter';
import { ClaudeLiveProcess } from './claudeLiveProcess';
import { startAgentRun } from './processRunner';
import type { RunOptions } from './runOptions';
import type { AgentEventListener, RunHandle } from './runTracker';

export interface AgentDriver {
  runTask(req: AgentTaskRequest, onEvent: AgentEventListener): RunHandle;
  /** Stops the running task, if any, and ends any warm process. */
  stop(): Promise<void>;
  /** True when a process is already up for the next task. */
  readonly warm: boolean;
}

/** A new process per task. */
export class OneShotDriver implements AgentDriver {
  private current: RunHandle | undefined;

  constructor(
    private readonly adapter: AgentAdapter,
    private readonly options: RunOptions = {},
  ) {}

  get warm(): boolean {
    return false;
  }

  runTask(req: AgentTaskRequest, onEvent: AgentEventListener): RunHandle {
    const run = startAgentRun(this.adapter, req, onEvent, this.options);
    this.current = run;
    void run.outcome.then(() => {
      if (this.current === run) this.current = undefined;
    });
    return run;
  }

  async stop(): Promise<void> {
    await this.current?.stop();
  }
}

/** One long-lived Claude Code process, restarted when the session's settings change. */
export class ClaudeLiveDriver implements AgentDriver {
  private live: ClaudeLiveProcess | undefined;
  private key = '';

  constructor(
    private readonly adapter: ClaudeAdapter,
    private readonly options: RunOptions = {},
  ) {}

  get warm(): boolean {
    return this.live?.warm === true;
  }

  runTask(req: AgentTaskRequest, onEvent: AgentEventListener): RunHandle {
    const { text, ...settings } = req;
    const key = JSON.stringify([
      settings.cwd,
      settings.model,
      settings.permissionMode,
      settings.allowedTools,
      settings.env,
      settings.mcpServer,
    ]);
    if (!this.live || key !== this.key) {
      const old = this.live;
      if (old) void old.stop();
      this.live = new ClaudeLiveProcess(this.adapter, settings, this.options);
      this.key = key;
    }
    return this.live.runTask(text, onEvent);
  }

  async stop(): Promise<void> {
    await this.live?.stop();
  }
}

export interface DriverFactoryOptions {
  /** Keep one Claude Code process per session between tasks (default true). */
  longLivedClaude?: boolean;
  runOptions?: RunOptions;
}

/** Builds the driver for an adapter: long-lived for Claude Code (unless disabled), one-shot otherwise. */
export function createAgentDriver(adapter: AgentAdapter, o: DriverFactoryOptions = {}): AgentDriver {
  if (adapter instanceof ClaudeAdapter && o.longLivedClaude !== false) return new ClaudeLiveDriver(adapter, o.runOptions);
  return new OneShotDriver(adapter, o.runOptions);
}
