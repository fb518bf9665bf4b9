// Task texts a command line cannot carry (about 1 MB; a NUL character) and a runner collecting a
// run's events, for the long-task tests of the unit layer (the spec, the Command agent) and the
// integration layer (the real CLIs reading them from stdin).
import type { AgentAdapter, AgentTaskRequest } from '../../../src/core/agents/agentAdapter';
import type { AgentEvent } from '../../../src/core/agents/agentEvents';
import { startAgentRun } from '../../../src/core/agents/processRunner';
import type { RunOutcome } from '../../../src/core/agents/runTracker';

export const runOptions = { idleTimeoutMs: 60_000, killGraceMs: 1_000 };

/** About 1 MB of varied text that starts like a flag and holds non-ASCII characters. */
function longTask(): string {
  const lines = ['--help is not a flag here'];
  for (let i = 0; lines.join('\n').length < 1_000_000; i++) lines.push(`line ${i}: résumé ✓ ${'abcdefghij'.repeat(6)} -- "quoted" $HOME`);
  return lines.join('\n');
}
export const LONG = longTask();
export const NUL_TASK = 'before\u0000after';

export async function run(adapter: AgentAdapter, req: AgentTaskRequest): Promise<{ outcome: RunOutcome; events: AgentEvent[] }> {
  const events: AgentEvent[] = [];
  const outcome = await startAgentRun(adapter, req, (e) => events.push(e), runOptions).outcome;
  return { outcome, events };
}
