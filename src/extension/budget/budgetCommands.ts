// Commands on context budgets: import Claude Code conversations, roll over, compact, context pack.
import * as vscode from 'vscode';
import { ContextPackRequest, ImportClaudeSessionsRequest, RollOverSessionRequest, type ContextPackResult } from '../../protocol/budget';
import { SendTaskRequest } from '../../protocol/sessions';
import { formatTokens } from '../budget/budgetPresentation';
import { CommandIds } from '../contributions';
import { askText } from '../input/quickFlow';
import type { IDisposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import { resolveSession } from '../sessions/pickSession';
import type { SessionsModel } from '../sessions/sessionsModel';
import { guarded } from '../input/guarded';
import type { ReadOnlyDocuments } from '../documents/readOnlyDocuments';

export interface BudgetCommandDeps {
  orchestrator: OrchestratorController;
  model: SessionsModel;
  /** Where a context pack opens: read-only, nothing to save when it closes. */
  documents: ReadOnlyDocuments;
}

function packMarkdown(name: string, task: string, pack: ContextPackResult): string {
  const lines = [
    `# Context pack for ${name}`,
    '',
    `Task: ${task}`,
    '',
    `Budget after the task (~${formatTokens(pack.taskTokens)} tokens): ${formatTokens(pack.budgetTokens)} tokens; the pack uses ${formatTokens(pack.totalTokens)}. All counts are tiktoken estimates.`,
    '',
  ];
  if (pack.files.length === 0) lines.push('No relevant file fits (none named in the task, read by the session or open under its folder).');
  else lines.push('| File | tokens (est.) | why |', '|---|---:|---|', ...pack.files.map((f) => `| ${f.path} | ${f.tokens} | ${f.why} |`));
  if (pack.skipped.length) lines.push('', '## Left out', ...pack.skipped.map((s) => `- ${s.path}: ${s.reason}`));
  return lines.join('\n');
}

export function registerBudgetCommands({ orchestrator, model, documents }: BudgetCommandDeps): IDisposable[] {
  const reg = (id: string, what: string, body: (arg?: unknown, arg2?: unknown) => Promise<unknown>): IDisposable =>
    vscode.commands.registerCommand(id, guarded(what, body));
  return [
    // (claudeDir?): a config dir holding projects/, for tests and other layouts.
    reg(CommandIds.importClaudeSessions, 'import Claude Code sessions', async (arg) => {
      const r = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Importing Claude Code sessions…' },
        () => orchestrator.request(ImportClaudeSessionsRequest, typeof arg === 'string' ? { claudeDir: arg } : {}),
      );
      const errors = r.errors.length ? ` ${r.errors.length} file(s) could not be read (see the log).` : '';
      const first = r.skippedPaths[0];
      const skipped = first ? ` Not read: ${first}${r.skippedPaths.length > 1 ? ` (and ${r.skippedPaths.length - 1} more)` : ''}.` : '';
      void vscode.window.showInformationMessage(
        r.imported
          ? `Agent Affinity: imported ${r.imported} Claude Code conversation(s) as stopped sessions; resume one to continue it.${errors}${skipped}`
          : `Agent Affinity: no new Claude Code conversations for this workspace (${r.known} already imported).${errors}${skipped}`,
      );
      return r;
    }),
    reg(CommandIds.rollOverSession, 'roll over the session', async (arg) => {
      const s = await resolveSession(model, arg, 'Session to roll over');
      if (!s) return undefined;
      const r = await orchestrator.request(RollOverSessionRequest, { sessionId: s.id });
      vscode.window.setStatusBarMessage(`$(check) ${s.name} rolled over to ${r.session.name}`, 5000);
      return r;
    }),
    reg(CommandIds.compactSession, 'compact the session', async (arg) => {
      const s = await resolveSession(model, arg, 'Claude Code session to compact');
      if (!s) return undefined;
      if (s.agent !== 'claude') throw new Error(`${s.name} runs ${s.agent}, which has no compact command; roll it over instead.`);
      return orchestrator.request(SendTaskRequest, { sessionId: s.id, text: '/compact' });
    }),
    // (session, task): with a task argument nothing is asked and the pack is returned without a document.
    reg(CommandIds.showContextPack, 'build the context pack', async (arg, taskArg) => {
      const s = await resolveSession(model, arg, 'Session the task is for');
      if (!s) return undefined;
      const given = typeof taskArg === 'string' && taskArg.trim() !== '';
      const task = given
        ? taskArg.trim()
        : await askText({
            title: `Context Pack for ${s.name}`,
            prompt: 'The task the files are for',
            validate: (v) => (v.trim() ? undefined : 'A task needs some text'),
          });
      if (!task?.trim()) return undefined;
      const pack = await orchestrator.request(ContextPackRequest, { sessionId: s.id, task: task.trim() });
      if (!given) {
        const name = `context-pack-${s.name}.md`;
        documents.set(name, packMarkdown(s.name, task.trim(), pack));
        await documents.show(name);
      }
      return pack;
    }),
  ];
}
