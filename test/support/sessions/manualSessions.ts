// A real SessionManager whose agents are scripted (ManualDrivers): the core workspaces (routing,
// budgets, approvals, learned fixes) are tested over it as they run over the orchestrator's, with
// the test playing the agent: it emits the events a CLI would and finishes each run.
import type { AgentEvent } from '../../../src/core/agents/agentEvents';
import { ClaudeAdapter } from '../../../src/core/agents/claudeAdapter';
import { CodexAdapter } from '../../../src/core/agents/codexAdapter';
import { GeminiAdapter } from '../../../src/core/agents/geminiAdapter';
import type { RunOutcome } from '../../../src/core/agents/runTracker';
import { SessionManager } from '../../../src/core/sessions/sessionManager';
import { InMemorySessionRepository, type SessionRepository } from '../../../src/core/sessions/sessionRepository';
import type { TaskRecord } from '../../../src/core/sessions/sessionTypes';
import { ManualDrivers, type ManualRun } from './manualDriver';

export interface ManualSessions {
  manager: SessionManager;
  drivers: ManualDrivers;
  /** Sends `text` to the session, plays its run (`events`, then `outcome`) and resolves with the finished task. */
  runTask(sessionId: string, text: string, events?: readonly AgentEvent[], outcome?: Partial<RunOutcome>): Promise<TaskRecord>;
  /** Plays the run of a task sent already (found by its session and id). */
  play(sessionId: string, task: TaskRecord, events?: readonly AgentEvent[], outcome?: Partial<RunOutcome>): Promise<TaskRecord>;
}

export function manualSessions(options: { repository?: SessionRepository; now?: () => number } = {}): ManualSessions {
  const drivers = new ManualDrivers();
  const manager = new SessionManager({
    repository: options.repository ?? new InMemorySessionRepository(),
    adapters: { claude: new ClaudeAdapter(), codex: new CodexAdapter(), gemini: new GeminiAdapter() },
    createDriver: (_adapter, session) => drivers.driver(session.id),
    ...(options.now ? { now: options.now } : {}),
  });
  const runs = new Set<ManualRun>();
  const play = async (
    sessionId: string,
    task: TaskRecord,
    events: readonly AgentEvent[] = [],
    outcome: Partial<RunOutcome> = {},
  ): Promise<TaskRecord> => {
    // A session runs one task at a time: its next unplayed run is this task's.
    const run = await drivers.run((r) => r.sessionId === sessionId && !runs.has(r));
    runs.add(run);
    for (const e of events) run.emit(e);
    run.finish(outcome);
    return manager.waitForTask(task.id);
  };
  return {
    manager,
    drivers,
    play,
    runTask: (sessionId, text, events, outcome) => play(sessionId, manager.sendTask(sessionId, { text }), events, outcome),
  };
}

/** A tool call touching files, as the parsers report it. */
export function toolUse(
  toolName: string,
  files: { path: string; access: 'read' | 'edit' }[],
  input: Record<string, unknown> = {},
): AgentEvent {
  return {
    type: 'tool_use',
    toolId: `toolu_${toolName}_${files.map((f) => f.path).join('_')}`,
    toolName,
    input,
    files,
    isSidechain: false,
  };
}
