// The dashboard's messages to the host, one handler per message type: a typed table, so a new
// message type that has no handler fails to compile.
import * as vscode from 'vscode';
import type { FixesWebviewMessage, WebviewToHostMessage } from '../../protocol/webviewMessages';
import { CommandIds } from '../contributions';
import type { RuleSuggestionsModel } from '../approvals/ruleSuggestionsModel';
import type { FixesDashboardModel } from '../fixes/fixesDashboardModel';

type MessageOf<T extends WebviewToHostMessage['type']> = Extract<WebviewToHostMessage, { type: T }>;

export type DashboardMessageHandlers = {
  [T in WebviewToHostMessage['type']]: (message: MessageOf<T>) => Promise<unknown>;
};

/** Handlers that run the extension's own commands, so the dashboard does what the palette does. */
export function dashboardMessageHandlers(fixes: FixesDashboardModel, suggestions: RuleSuggestionsModel): DashboardMessageHandlers {
  const command = (id: string) => (): Thenable<unknown> => vscode.commands.executeCommand(id);
  const fixMessage = (message: FixesWebviewMessage): Promise<void> => fixes.handle(message);
  return {
    ready: async () => undefined, // answered by the panel itself with the state
    restartOrchestrator: async () => command(CommandIds.restartOrchestrator)(),
    showLogs: async () => command(CommandIds.showLogs)(),
    createSession: async () => command(CommandIds.createSession)(),
    openTranscript: async (m) => vscode.commands.executeCommand(CommandIds.openSessionTranscript, m.sessionId),
    answerPermission: async (m) =>
      vscode.commands.executeCommand(
        CommandIds.answerPermissionRequest,
        { sessionId: m.sessionId, requestId: m.requestId },
        m.allow ? 'allow' : 'deny',
      ),
    consolidatePermissions: async () => command(CommandIds.consolidatePermissions)(),
    undoPermissionConsolidation: async () => command(CommandIds.undoPermissionConsolidation)(),
    ruleSuggestion: async (m) =>
      suggestions.resolve(m.id, m.how).catch((e: unknown) => {
        void vscode.window.showErrorMessage(`Agent Affinity: ${e instanceof Error ? e.message : String(e)}`);
      }),
    fixesExport: async () => command(CommandIds.exportFixes)(),
    fixesImport: async () => command(CommandIds.importFixes)(),
    metricsExport: async () => command(CommandIds.exportMetrics)(),
    fixesQuery: fixMessage,
    fixShow: fixMessage,
    fixClose: fixMessage,
    fixDelete: fixMessage,
    fixEdit: fixMessage,
  };
}

/** Runs the handler of the message's type. */
export function dispatchDashboardMessage(handlers: DashboardMessageHandlers, message: WebviewToHostMessage): Promise<unknown> {
  const handler = handlers[message.type] as (m: WebviewToHostMessage) => Promise<unknown>;
  return handler(message);
}
