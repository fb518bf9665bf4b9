// What a task's run is set up with besides its text: the session's allowed tools and the run's
// extra ones, its MCP server, and the outcome of a run that could not start.
import type { AgentKind } from '../agents/agentEvents';
import { COMMAND_LINE_SETTING } from '../agents/commandAdapter';
import type { RunFailureKind, RunOutcome } from '../agents/runTracker';
import type { SessionManagerDeps } from './sessionInputs';
import type { SessionRecord } from './sessionTypes';

/** The session's own allowed tools and the run's extra ones, without duplicates. */
export function allowedToolsFor(deps: SessionManagerDeps, s: SessionRecord): string[] | undefined {
  let extra: string[] | undefined;
  try {
    extra = deps.runAllowedTools?.(s);
  } catch {
    // The provider reports its own problems; a task never fails for want of extra rules.
    extra = undefined;
  }
  const all = [...new Set([...(s.allowedTools ?? []), ...(extra ?? [])])];
  return all.length > 0 ? all : undefined;
}

/** The run's MCP server and its tokens; a provider that fails leaves the run without it. */
export function mcpFor(deps: SessionManagerDeps, s: SessionRecord): ReturnType<NonNullable<SessionManagerDeps['runMcp']>> {
  try {
    return deps.runMcp?.(s);
  } catch {
    return undefined;
  }
}

export function missingAdapter(agent: AgentKind): string {
  return agent === 'command'
    ? `The Command agent has no command line: set ${COMMAND_LINE_SETTING} (for example \`my-agent --task {task}\`), then retry.`
    : `No adapter configured for agent "${agent}".`;
}

export function failedOutcome(reason: string, kind: RunFailureKind = 'spawn-error'): RunOutcome {
  return {
    ok: false,
    failure: { kind, reason, stderrTail: [] },
    exitCode: null,
    signal: null,
    garbageLines: 0,
    durationMs: 0,
  };
}
