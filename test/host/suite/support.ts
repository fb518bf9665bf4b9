// Helpers for the host suite: the extension's test API, and waiting on events with a deadline.
import * as vscode from 'vscode';
import type { AgentAffinityApi } from '../../../src/protocol/testApi';

export const EXTENSION_ID = 'agent-affinity.agent-affinity';

export function getExtension(): vscode.Extension<AgentAffinityApi> {
  const ext = vscode.extensions.getExtension<AgentAffinityApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded in this VS Code`);
  return ext;
}

export async function getApi(): Promise<AgentAffinityApi> {
  return getExtension().activate();
}

/** Resolves when `check()` returns true, polling every 50 ms; rejects with `what` after the deadline. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Records every orchestrator state event from now on; dispose() when done. */
export class StateRecorder implements vscode.Disposable {
  readonly events: string[] = [];
  private readonly waiters: { state: string; resolve: () => void }[] = [];
  private readonly sub: { dispose(): void };

  constructor(api: AgentAffinityApi) {
    this.sub = api.onDidChangeOrchestratorState((state) => {
      this.events.push(state);
      for (const w of this.waiters.filter((x) => x.state === state)) w.resolve();
    });
  }

  count(state: string): number {
    return this.events.filter((s) => s === state).length;
  }

  /** Waits for the next event `state` (or one already seen after `afterIndex`). */
  next(state: string, timeoutMs = 15_000, afterIndex = 0): Promise<void> {
    if (this.events.slice(afterIndex).includes(state)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no '${state}' state event within ${timeoutMs} ms (events: ${this.events.join(', ') || 'none'})`)),
        timeoutMs,
      );
      this.waiters.push({
        state,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  dispose(): void {
    this.sub.dispose();
  }
}

/** True while a process with this id exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The orchestrator's health once it is ready (waits up to 30 s for the ready state). */
export async function healthWhenReady(api: AgentAffinityApi): Promise<Awaited<ReturnType<AgentAffinityApi['orchestratorHealth']>>> {
  const recorder = new StateRecorder(api);
  try {
    const first = await api.orchestratorHealth().catch(() => undefined);
    if (first?.state === 'ready') return first;
    await recorder.next('ready', 30_000);
    return await api.orchestratorHealth();
  } finally {
    recorder.dispose();
  }
}
