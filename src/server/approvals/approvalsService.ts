// The orchestrator's approvals feature: LSP wiring around the core's ApprovalQueue (the agents'
// questions before a tool, announced to the host and answered only by the person there), the rule
// "Always Allow…" offers and writes (ApprovalRules), and the rules the person's answers suggest
// (RuleSuggestions, kept in the workspace store).
import { join } from 'node:path';
import { ApprovalQueue, type Approval } from '../../core/approvals/approvalQueue';
import { ApprovalRules } from '../../core/approvals/approvalRules';
import { RuleSuggestions, type AnswersDocument, type AnswersRepository } from '../../core/approvals/ruleSuggestions';
import { DEFAULT_RISK_POLICY } from '../../core/permissions/riskPolicy';
import type { SessionManager } from '../../core/sessions/sessionManager';
import { isInside } from '../../core/workspace/paths';
import { openWorkspaceStore } from '../../core/workspace/workspaceStores';
import {
  AddAllowRulesRequest,
  AnswerApprovalRequest,
  ApprovalRequestedNotification,
  ApprovalSettledNotification,
  ListApprovalsRequest,
  ListRuleSuggestionsRequest,
  PreviewAllowRuleRequest,
  ResolveRuleSuggestionRequest,
  RuleSuggestionsNotification,
  type AddedAllowRules,
  type ApprovalRequest,
} from '../../protocol/approvals';
import { onRequest, sendNotification } from '../rpc';
import type { ServerContext } from '../serverContext';

export function approvalView({ input: _input, ...wire }: Approval): ApprovalRequest {
  return wire;
}

export async function startApprovalsService(ctx: ServerContext, manager: SessionManager, storageDir: string): Promise<ApprovalQueue> {
  const queue = new ApprovalQueue(manager, (m) => ctx.log.info(m));
  queue.onRequested((a) => sendNotification(ctx.connection, ApprovalRequestedNotification, approvalView(a)));
  queue.onSettled((s) => sendNotification(ctx.connection, ApprovalSettledNotification, s));
  onRequest(ctx.connection, ListApprovalsRequest, () => queue.list().map(approvalView));

  const suggestions = new RuleSuggestions(await answersRepository(ctx, storageDir));
  const rules = new ApprovalRules({
    queue,
    manager,
    suggestions,
    riskPolicy: () => {
      const risky = ctx.settings().permissions.neverGeneralize;
      return risky ? { risky, keepReadOnlyGroupsReadOnly: true } : DEFAULT_RISK_POLICY;
    },
    backupRoot: () => join(ctx.options.globalStorageDir, 'permission-backups'),
    isWorkspaceFolder: (folder) => ctx.options.workspaceFolders.some((w) => isInside(w, folder)),
    log: (m) => ctx.log.info(m),
  });
  suggestions.onSuggested((s) =>
    sendNotification(ctx.connection, RuleSuggestionsNotification, { suggestions: suggestions.list(), newlySuggested: s }),
  );
  suggestions.onChanged(() => sendNotification(ctx.connection, RuleSuggestionsNotification, { suggestions: suggestions.list() }));

  onRequest(ctx.connection, AnswerApprovalRequest, (p) => {
    rules.recordAnswer(p.sessionId, p.requestId, p.allow);
    return approvalView(queue.answer(p));
  });
  onRequest(ctx.connection, PreviewAllowRuleRequest, (p) => rules.preview(p.sessionId, p.requestId, p.rules));
  onRequest(ctx.connection, AddAllowRulesRequest, (p): AddedAllowRules => rules.add(p.folder, p.rules));
  onRequest(ctx.connection, ListRuleSuggestionsRequest, () => suggestions.list());
  onRequest(ctx.connection, ResolveRuleSuggestionRequest, (p) => {
    const s = suggestions.get(p.id);
    if (!s) throw new Error('That suggestion was already answered or withdrawn.');
    if (p.how !== 'add') {
      suggestions.resolve(p.id, p.how);
      return {};
    }
    const added = rules.add(s.folder, s.rules);
    suggestions.resolve(p.id, 'added');
    return { added };
  });
  return queue;
}

/** The answers' store in the workspace storage folder; in memory (told) when it cannot be opened. */
async function answersRepository(ctx: ServerContext, storageDir: string): Promise<AnswersRepository> {
  try {
    const store = await openWorkspaceStore(storageDir, 'answers', (p) => ctx.storeProblem(p));
    ctx.onShutdown(() => store.close());
    return { read: () => store.data as AnswersDocument, update: (change) => store.update(change) };
  } catch (e) {
    ctx.log.warn(`permission answers are kept in memory only: ${e instanceof Error ? e.message : String(e)}`);
    const doc: AnswersDocument = { answers: {} };
    return { read: () => doc, update: (change) => change(doc) };
  }
}
