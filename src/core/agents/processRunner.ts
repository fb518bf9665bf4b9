// Runs one task as one agent process (spawn → events → outcome), with the failure rules of
// RunTracker: crash, non-zero exit, idle timeout, exit before init, too much garbage, stop.
import type { AgentAdapter, AgentTaskRequest } from './agentAdapter';
import { AgentProcess } from './agentProcess';
import { printableLine } from './printable';
import { IdleWatchdog, resolveRunOptions, type RunOptions } from './runOptions';
import { RunTracker, type AgentEventListener, type RunHandle, type RunOutcome } from './runTracker';

/** Variables the agent must not inherit (a parent Claude Code session would confuse a child one). */
export const scrubbedEnv = ['CLAUDECODE', 'CLAUDE_CODE_ENTRYPOINT'];

export function startAgentRun(
  adapter: AgentAdapter,
  req: AgentTaskRequest,
  onEvent: AgentEventListener,
  options: RunOptions = {},
): RunHandle {
  const o = resolveRunOptions(options);
  const spec = adapter.commandFor(req);
  const tracker = new RunTracker(adapter);
  const parser = adapter.createParser();
  // Closures below run only after `proc` exists (output and timers are asynchronous).
  const abort = (kind: 'timeout' | 'garbage' | 'stopped', reason: string): Promise<void> => {
    tracker.force(kind, reason);
    return proc.killTree(o.killGraceMs);
  };
  const watchdog = new IdleWatchdog(o.idleTimeoutMs, () => {
    void abort('timeout', `${adapter.displayName} produced no output for ${o.idleTimeoutMs} ms`);
  });
  const proc = new AgentProcess(
    { command: spec.command, args: spec.args, cwd: req.cwd, ...(req.env ? { env: req.env } : {}), unsetEnv: scrubbedEnv },
    {
      onActivity: () => watchdog.touch(),
      onLine: (line) => {
        for (const ev of parser.parseLine(line)) {
          if (ev.type === 'garbage') o.log(`${adapter.displayName}: skipped non-JSON line: ${printableLine(ev.line.slice(0, 200))}`);
          if (tracker.observe(ev, o.maxGarbageLines)) void proc.killTree(o.killGraceMs);
          onEvent(ev);
        }
      },
    },
    o.stderrTailLines,
  );
  watchdog.touch();
  if (spec.stdin !== undefined) proc.write(spec.stdin);
  proc.endInput();
  const outcome: Promise<RunOutcome> = proc.exited.then((exit) => {
    watchdog.clear();
    return tracker.outcomeFromExit(exit, proc.stderrTail(), spec.command);
  });
  return {
    pid: proc.pid,
    outcome,
    async stop(): Promise<void> {
      await abort('stopped', 'stopped by the user');
      await outcome;
    },
  };
}
