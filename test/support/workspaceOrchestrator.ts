// An orchestrator started as VS Code starts it for a trusted workspace (storage, folders, settings),
// with the budget and task-finished notifications it sends collected, and a wait for a condition on
// them. Shared by the integration tests that run real or recorded agents through the orchestrator.
import { BudgetChangedNotification, type SessionBudgetSummary } from '../../src/protocol/budget';
import { HealthRequest } from '../../src/protocol/orchestrator';
import { TaskFinishedNotification, type TaskSummary } from '../../src/protocol/sessions';
import type { OrchestratorSettings } from '../../src/protocol/settings';
import { startOrchestratorProcess, type OrchestratorUnderTest } from './orchestratorProcess';

export interface WorkspaceOrchestrator {
  o: OrchestratorUnderTest;
  /** Every budget figure published, in order. */
  budgets: SessionBudgetSummary[];
  /** Every task that finished, in order. */
  finished: TaskSummary[];
  /** Resolves once `done()` holds (polled); throws with `what()` after `timeoutMs`. */
  waitFor(done: () => boolean, timeoutMs: number, what: () => string): Promise<void>;
}

export async function startWorkspaceOrchestrator(
  started: OrchestratorUnderTest[],
  init: { storage: string; folders: string[]; settings: OrchestratorSettings },
): Promise<WorkspaceOrchestrator> {
  const o = startOrchestratorProcess();
  started.push(o);
  const budgets: SessionBudgetSummary[] = [];
  const finished: TaskSummary[] = [];
  o.connection.onNotification(BudgetChangedNotification.method, (p: { budget: SessionBudgetSummary }) => void budgets.push(p.budget));
  o.connection.onNotification(TaskFinishedNotification.method, (p: { task: TaskSummary }) => void finished.push(p.task));
  o.connection.onNotification(() => undefined);
  await o.initialize({
    extensionVersion: 'test',
    globalStorageDir: init.storage,
    workspaceStorageDir: init.storage,
    trusted: true,
    workspaceFolders: init.folders,
    settings: init.settings,
  });
  await o.request(HealthRequest, undefined);
  const waitFor = async (done: () => boolean, timeoutMs: number, what: () => string): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { o, budgets, finished, waitFor };
}
