// A core orchestrator state for the MCP tools' handler tests: the real engines (session manager on
// an in-memory repository with scripted agent runs, the learned-fix store on a temporary file,
// budgets, routing, context holdings) wired as the orchestrator wires them, with the toolbox on
// top. No LSP, no processes, no socket.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentTaskRequest } from '../../../src/core/agents/agentAdapter';
import type { AgentDriver } from '../../../src/core/agents/agentDriver';
import type { AgentEvent } from '../../../src/core/agents/agentEvents';
import { CommandAdapter } from '../../../src/core/agents/commandAdapter';
import type { RunHandle, RunOutcome } from '../../../src/core/agents/runTracker';
import { BudgetStore } from '../../../src/core/budget/budgetStore';
import { BudgetWorkspace } from '../../../src/core/budget/budgetWorkspace';
import { FixesWorkspace } from '../../../src/core/fixes/fixesWorkspace';
import type { NewFix } from '../../../src/core/fixes/fixRecord';
import { ContextHoldings } from '../../../src/core/mcp/contextHoldings';
import { McpToolbox, type ToolCallRecord } from '../../../src/core/mcp/mcpToolbox';
import type { HandOffQuestion } from '../../../src/core/mcp/toolPorts';
import { RoutingWorkspace } from '../../../src/core/routing/routingWorkspace';
import { SessionManager } from '../../../src/core/sessions/sessionManager';
import { InMemorySessionRepository } from '../../../src/core/sessions/sessionRepository';
import type { SessionRecord, TaskRecord } from '../../../src/core/sessions/sessionTypes';
import type { OpenDocuments } from '../../../src/core/workspace/openDocuments';

/** No open editors. */
export const noDocuments: OpenDocuments = {
  get: () => undefined,
  keys: () => [],
  onDidOpen: () => ({ dispose: () => undefined }),
  onDidChange: () => ({ dispose: () => undefined }),
  onDidClose: () => ({ dispose: () => undefined }),
};

export interface ScriptedRun {
  req: AgentTaskRequest;
  emit(event: AgentEvent): void;
  finish(ok: boolean): void;
}

/** Agent runs the test drives by hand: each waits until the test finishes it. */
class ScriptedDrivers {
  readonly runs: ScriptedRun[] = [];
  private waiters: (() => void)[] = [];

  /** Every new run succeeds on the next tick (a benchmark's sessions never pile tasks up). */
  finishRuns = false;

  driver(): AgentDriver {
    return {
      warm: false,
      stop: async () => undefined,
      runTask: (req, emit): RunHandle => {
        let resolve: (o: RunOutcome) => void = () => undefined;
        const outcome = new Promise<RunOutcome>((r) => (resolve = r));
        const finish = (ok: boolean): void =>
          resolve({
            ok,
            exitCode: ok ? 0 : 1,
            signal: null,
            garbageLines: 0,
            durationMs: 1,
            ...(ok ? {} : { failure: { kind: 'agent-error', reason: 'failed', stderrTail: [] } }),
          });
        this.runs.push({ req, emit, finish });
        for (const w of this.waiters.splice(0)) w();
        if (this.finishRuns) setImmediate(() => finish(true));
        return { pid: undefined, outcome, stop: async () => finish(false) };
      },
    };
  }

  async started(n: number): Promise<ScriptedRun> {
    while (this.runs.length < n) await new Promise<void>((r) => this.waiters.push(r));
    return this.runs[n - 1] as ScriptedRun;
  }
}

export interface CoreState {
  root: string;
  workspace: string;
  manager: SessionManager;
  fixes: FixesWorkspace;
  budget: BudgetWorkspace;
  routing: RoutingWorkspace;
  holdings: ContextHoldings;
  toolbox: McpToolbox;
  calls: ToolCallRecord[];
  questions: HandOffQuestion[];
  /** What the person answers to hand-off questions. */
  answer: { allow: boolean };
  settings: { handOff: boolean; maxDepth: number; fixesEnabled: boolean };
  /** A session (command agent) in the workspace folder. */
  session(name: string): SessionRecord;
  /** Starts a task on a session and returns its scripted run (it stays running until finished). */
  start(sessionId: string, text: string): Promise<{ task: TaskRecord; run: ScriptedRun }>;
  learn(fix: Omit<NewFix, 'now'> & { now?: number }): Promise<string>;
  /** From now on every new run succeeds on the next tick. */
  finishRuns(): void;
  /** Writes a file in the workspace folder; returns its absolute path. */
  file(rel: string, text: string): string;
  close(): Promise<void>;
}

export async function coreState(): Promise<CoreState> {
  const root = mkdtempSync(join(tmpdir(), 'aa-mcp-core-'));
  const workspace = join(root, 'ws');
  const storage = join(root, 'storage');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(storage, { recursive: true });
  const drivers = new ScriptedDrivers();
  const manager = new SessionManager({
    repository: new InMemorySessionRepository(),
    adapters: { command: new CommandAdapter('echo') },
    maxParallel: 8,
    createDriver: () => drivers.driver(),
  });
  const settings = { handOff: false, maxDepth: 3, fixesEnabled: true };
  const fixes = new FixesWorkspace({
    globalStorageDir: storage,
    folders: [workspace],
    documents: noDocuments,
    settings: () => ({ enabled: settings.fixesEnabled, similarityThreshold: 0.6, shareWithSessions: true, exclude: [] }),
    log: () => undefined,
    storeProblem: () => undefined,
    unavailable: () => undefined,
  });
  fixes.attachSessions(manager);
  await fixes.ready();
  const budget = new BudgetWorkspace({
    manager,
    store: await BudgetStore.open(storage, () => undefined),
    documents: noDocuments,
    folders: [workspace],
    worktreeOf: () => undefined,
    settings: () => ({ warnPercent: 70, criticalPercent: 90, environment: {} }),
    log: () => undefined,
  });
  const routing = new RoutingWorkspace({
    manager,
    folders: [workspace],
    documents: noDocuments,
    settings: () => ({ strategy: 'affinity', focusHalfLifeMinutes: 5, maxParallelSessions: 8, historyCommits: 0 }),
    workspaceFolderOf: (id) => manager.brief(id)?.folder,
    createSession: async (input) => manager.createSession(input),
    askSymbols: async () => [],
    log: () => undefined,
    listFiles: async () => [],
    taskText: (id, text) => fixes.taskText(id, text),
  });
  routing.setHeadroom((id) => budget.headroom(id));
  const holdings = new ContextHoldings({ manager, folders: [workspace], workspaceFolderOf: (id) => manager.brief(id)?.folder });
  const calls: ToolCallRecord[] = [];
  const questions: HandOffQuestion[] = [];
  const answer = { allow: true };
  const toolbox = new McpToolbox(
    {
      fixes,
      budget: {
        summary: (id) => (budget.headroom(id) !== undefined ? budget.tracker.summary(id) : undefined),
        contextPackWithin: (id, task, max) => budget.contextPackWithin(id, task, max),
      },
      routing,
      sessions: manager,
      holdings,
      handOff: {
        settings: () => ({ enabled: settings.handOff, maxDepth: settings.maxDepth }),
        confirm: async (q) => {
          questions.push(q);
          return answer.allow;
        },
      },
      now: Date.now,
    },
    (c) => calls.push(c),
  );
  let started = 0;
  return {
    root,
    workspace,
    manager,
    fixes,
    budget,
    routing,
    holdings,
    toolbox,
    calls,
    questions,
    answer,
    settings,
    session: (name) => manager.createSession({ name, agent: 'command', folder: workspace }),
    start: async (sessionId, text) => {
      const task = manager.sendTask(sessionId, { text });
      const run = await drivers.started(++started);
      run.emit({ type: 'init', conversationId: `conv-${started}`, tools: [] });
      return { task, run };
    },
    finishRuns: () => {
      drivers.finishRuns = true;
    },
    learn: async (fix) => (await fixes.required()).learn({ now: Date.now(), ...fix }).then((r) => r.id),
    file: (rel, text) => {
      const abs = join(workspace, rel);
      mkdirSync(join(abs, '..'), { recursive: true });
      writeFileSync(abs, text);
      return abs;
    },
    close: async () => {
      await manager.dispose();
      await routing.close();
      await budget.close();
      await fixes.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A unified diff changing one line. */
export function oneLineDiff(file: string, before: string, after: string): string {
  return `--- a/${file}\n+++ b/${file}\n@@ -1,1 +1,1 @@\n-${before}\n+${after}\n`;
}
