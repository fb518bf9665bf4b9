// Child of the sessions kill test: a SessionManager on the real sessions store (the workspace
// store map's `sessions`) with a fake agent that finishes each task 0–6 ms after it starts, now
// and then touching files (working-set changes, saved debounced). It sends tasks in small
// concurrent bursts and prints, with synchronous writes:
//   `ack <taskId>`           once the task is durable (what the orchestrator's sendTask handler
//                            waits for before it answers),
//   `done <taskId> <status>` when the manager reports the task finished (taskFinished).
// The parent SIGKILLs it at a random moment and checks the store file against what was printed.
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentDriver } from '../../../src/core/agents/agentDriver';
import { CommandAdapter } from '../../../src/core/agents/commandAdapter';
import type { RunOutcome } from '../../../src/core/agents/runTracker';
import { SessionManager } from '../../../src/core/sessions/sessionManager';
import { SessionStore } from '../../../src/core/sessions/sessionStore';

const SESSIONS = 3;
const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: sessionKillChild <storage folder>');

function out(line: string): void {
  writeSync(1, `${line}\n`); // Synchronous: a line printed is in the pipe before the next step.
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function fakeDriver(folder: string): AgentDriver {
  return {
    warm: false,
    runTask: (_req, emit) => {
      let finish: (o: RunOutcome) => void = () => undefined;
      const outcome = new Promise<RunOutcome>((resolve) => (finish = resolve));
      const base = { exitCode: 0, signal: null, garbageLines: 0, durationMs: 1 };
      const timer = setTimeout(() => {
        if (Math.random() < 0.5) {
          const file = join(folder, `src/f${Math.floor(Math.random() * 20)}.ts`);
          emit({ type: 'tool_use', toolId: 'x', toolName: 'Edit', input: {}, files: [{ path: file, access: 'edit' }], isSidechain: false });
        }
        if (Math.random() < 0.8) finish({ ...base, ok: true, resultText: 'done' });
        else finish({ ...base, ok: false, failure: { kind: 'agent-error', reason: 'the agent said no', stderrTail: [] } });
      }, Math.random() * 6);
      return {
        pid: undefined,
        outcome,
        stop: async () => {
          clearTimeout(timer);
          finish({ ...base, ok: false, failure: { kind: 'stopped', reason: 'stopped', stderrTail: [] } });
        },
      };
    },
    stop: async () => undefined,
  };
}

async function main(storage: string): Promise<void> {
  const store = await SessionStore.open(storage, (p) => process.stderr.write(`store problem ${p.kind}: ${p.message}\n`));
  const manager = new SessionManager({
    repository: store,
    adapters: { command: new CommandAdapter('echo') },
    createDriver: () => fakeDriver(storage),
    maxParallel: SESSIONS,
  });
  manager.on('taskFinished', ({ task }) => out(`done ${task.id} ${task.status}`));
  await manager.load();
  while (manager.list().length < SESSIONS) {
    const s = manager.createSession({ name: `s${manager.list().length}`, agent: 'command', folder: storage });
    await manager.durable(s.id);
  }
  const ids = manager.list().map((s) => s.id);
  for (const id of ids) manager.resumeSession(id); // Stopped by the restart; their queues run again.
  out('ready');
  for (let n = 0; ; n++) {
    const burst = 1 + Math.floor(Math.random() * 4);
    await Promise.all(
      Array.from({ length: burst }, async (_, k) => {
        const sessionId = ids[(n + k) % ids.length] ?? '';
        const task = manager.sendTask(sessionId, { text: `task ${n}.${k}` });
        await manager.durable(sessionId);
        out(`ack ${task.id}`);
      }),
    );
    await sleep(Math.random() * 8);
  }
}

void main(dir);
