// The orchestrator's budget feature: LSP wiring around the core's BudgetWorkspace (requests, and
// the budget, threshold and session notifications it publishes).
import { BudgetStore } from '../../core/budget/budgetStore';
import type * as core from '../../core/budget/budgetSummary';
import { BudgetWorkspace } from '../../core/budget/budgetWorkspace';
import type { SessionManager } from '../../core/sessions/sessionManager';
import {
  BudgetChangedNotification,
  BudgetThresholdNotification,
  ContextPackRequest,
  ImportClaudeSessionsRequest,
  ListBudgetsRequest,
  RollOverSessionRequest,
  type ContextPackResult,
  type ImportClaudeResult,
  type SessionBudgetSummary,
} from '../../protocol/budget';
import { SessionChangedNotification } from '../../protocol/sessions';
import { onRequest, sendNotification } from '../rpc';
import type { ServerContext } from '../serverContext';
import { sessionSummary } from '../sessions/summaries';

/** The core's summaries are what goes over the wire: this fails to compile when the two drift apart. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const wireShapesMatch: [
  Same<core.SessionBudgetSummary, SessionBudgetSummary>,
  Same<core.ImportClaudeResult, ImportClaudeResult>,
  Same<core.ContextPackResult, ContextPackResult>,
] = [true, true, true];
void wireShapesMatch;

export interface BudgetServiceDeps {
  manager: SessionManager;
  worktreeOf(sessionId: string): string | undefined;
}

export async function startBudgetService(ctx: ServerContext, deps: BudgetServiceDeps, storageDir: string): Promise<BudgetWorkspace> {
  const { connection } = ctx;
  const budget = new BudgetWorkspace({
    ...deps,
    store: await BudgetStore.open(storageDir, ctx.storeProblem),
    documents: ctx.openDocuments,
    folders: ctx.options.workspaceFolders,
    settings: () => ({ ...ctx.settings().budget, environment: ctx.settings().environment }),
    log: (m) => ctx.log.info(m),
  });
  budget.onChanged((summary) => sendNotification(connection, BudgetChangedNotification, { budget: summary }));
  budget.onThreshold((e) => sendNotification(connection, BudgetThresholdNotification, e));
  ctx.onSettingsChanged(() => budget.settingsChanged());

  onRequest(connection, ListBudgetsRequest, () => budget.list());
  onRequest(connection, ImportClaudeSessionsRequest, async (p) => {
    const result = await budget.importClaude(p.claudeDir);
    ctx.log.info(
      `budget: imported ${result.imported} Claude Code conversation(s), ${result.known} already known, ${result.skipped} skipped`,
    );
    for (const e of result.errors.slice(0, 5)) ctx.problem({ severity: 'warning', message: `Claude Code import: ${e}` });
    return result;
  });
  onRequest(connection, RollOverSessionRequest, async (p) => {
    const rolled = await budget.rollOver(p.sessionId);
    const session = sessionSummary(rolled.session, undefined);
    sendNotification(connection, SessionChangedNotification, { session });
    return { session, handoffSource: rolled.handoffSource, handoffChars: rolled.handoffChars };
  });
  onRequest(connection, ContextPackRequest, (p) => budget.contextPack(p.sessionId, p.task, p.files));
  if (ctx.settings().budget.importOnStart) {
    void budget.importClaude().then(
      (r) => ctx.log.info(`budget: import on start: ${r.imported} new, ${r.known} known`),
      (e: unknown) =>
        ctx.problem({ severity: 'warning', message: `Claude Code import failed: ${e instanceof Error ? e.message : String(e)}` }),
    );
  }
  ctx.onShutdown(() => budget.close());
  return budget;
}
