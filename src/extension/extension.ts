// Composition root of the extension host: builds every part, owns every disposable. The status bar
// paints first; the language client and the orchestrator start after, off the activation path.
import * as vscode from 'vscode';
import type { AgentAffinityApi } from '../protocol/testApi';
import { registerDashboardCommands } from './dashboard/dashboardCommands';
import { registerOrchestratorCommands } from './orchestrator/orchestratorCommands';
import { ViewIds } from './contributions';
import { DashboardController } from './dashboard/dashboardController';
import { dashboardMessageHandlers, dispatchDashboardMessage } from './dashboard/dashboardMessages';
import { DashboardStateSource } from './dashboard/dashboardState';
import { MetricsModel } from './metrics/metricsModel';
import { registerMetricsCommands } from './metrics/metricsCommands';
import { DisposableStore } from './lifecycle';
import { OrchestratorController } from './orchestrator/orchestratorController';
import { registerSessionCommands } from './sessions/sessionCommands';
import { registerFixCommands } from './fixes/fixCommands';
import { DiagnosticsForwarder } from './fixes/diagnosticsForwarder';
import { FixesDashboardModel } from './fixes/fixesDashboardModel';
import { registerPermissionCommands } from './permissions/permissionCommands';
import { PermissionsModel } from './permissions/permissionsModel';
import { ProposedDocuments } from './permissions/proposedDocuments';
import { registerApprovalCommands } from './approvals/approvalCommands';
import { ApprovalPrompts } from './approvals/approvalPrompts';
import { ApprovalsModel } from './approvals/approvalsModel';
import { RuleSuggestionsModel } from './approvals/ruleSuggestionsModel';
import { SessionNotifications } from './sessions/sessionNotifications';
import { SessionsModel } from './sessions/sessionsModel';
import { SessionsTreeProvider } from './sessions/sessionsTreeProvider';
import { TranscriptDocuments } from './sessions/transcriptDocuments';
import { HandOffPrompts } from './mcp/handOffPrompts';
import { McpFeature } from './mcp/mcpFeature';
import { SettingsModel } from './settings/settingsModel';
import { SettingsNotification } from '../protocol/settings';
import { StatusBar } from './statusBar';
import { BudgetFeature } from './budget/budgetFeature';
import { createApi } from './testApi';
import { ActiveSession } from './routing/activeSession';
import { EditorsSignal } from './routing/editorsSignal';
import { RoutingAuditModel } from './routing/routingAuditModel';
import { registerRoutingCommands } from './routing/routingCommands';
import { WorkspaceSymbolResolver } from './routing/workspaceSymbolResolver';
import { ReadOnlyDocuments } from './documents/readOnlyDocuments';

declare const __agentAffinityLoadStart: number | undefined;
/** Extension-host time this extension costs before its status bar can paint: evaluating the bundle
 *  plus the synchronous part of `activate()` (time VS Code spends elsewhere in between is not ours). */
const loadStart = typeof __agentAffinityLoadStart === 'number' ? __agentAffinityLoadStart : performance.now();
const moduleEvaluatedMs = performance.now() - loadStart;
let activationMs = 0;
/** Set by activate: stops the orchestrator gracefully, awaited by VS Code on deactivation. */
let stopOrchestrator: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): AgentAffinityApi {
  const activateStart = performance.now();
  const owned = new DisposableStore();
  context.subscriptions.push(owned);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? 'dev');

  const statusBar = owned.add(new StatusBar());
  statusBar.render({ state: vscode.workspace.isTrusted ? 'starting' : 'restricted' });

  const output = owned.add(vscode.window.createOutputChannel('Agent Affinity', { log: true }));
  const settings = owned.add(new SettingsModel(context.workspaceState));
  // Before the orchestrator: its start-up options carry the MCP endpoint.
  const mcp = owned.add(
    new McpFeature({ extensionPath: context.extensionPath, storageDir: context.storageUri?.fsPath, version, log: (m) => output.info(m) }),
  );
  const orchestrator = owned.add(
    new OrchestratorController({
      extensionPath: context.extensionPath,
      output,
      initOptions: () => ({
        extensionVersion: version,
        globalStorageDir: context.globalStorageUri.fsPath,
        ...(context.storageUri ? { workspaceStorageDir: context.storageUri.fsPath } : {}),
        trusted: vscode.workspace.isTrusted,
        workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
        settings: settings.current,
        ...mcp.initOptions(),
      }),
    }),
  );
  owned.add(new HandOffPrompts(orchestrator));
  owned.add(orchestrator.onDidChangeStatus((s) => statusBar.render(s)));
  owned.add(settings.onDidChange((s) => orchestrator.notify(SettingsNotification, s)));
  stopOrchestrator = () => orchestrator.stop('VS Code is closing the window');

  const sessionsModel = owned.add(new SessionsModel(orchestrator));
  const approvals = owned.add(new ApprovalsModel(orchestrator));
  owned.add(new ApprovalPrompts(approvals));
  const ruleSuggestions = owned.add(new RuleSuggestionsModel(orchestrator));
  const activeSession = owned.add(new ActiveSession(orchestrator));
  // Reports, explanations, context packs and fix diffs open read-only: nothing to save when they close.
  const documents = owned.add(new ReadOnlyDocuments());
  const budgets = owned.add(new BudgetFeature(orchestrator, sessionsModel, statusBar, activeSession, documents));
  owned.add(new EditorsSignal(orchestrator, context.workspaceState));
  owned.add(new WorkspaceSymbolResolver(orchestrator));
  const routingAudit = owned.add(new RoutingAuditModel(orchestrator));
  const transcripts = owned.add(new TranscriptDocuments(orchestrator));
  const permissionsModel = owned.add(new PermissionsModel(orchestrator));
  const proposedPermissions = owned.add(new ProposedDocuments());
  owned.add(new DiagnosticsForwarder(orchestrator, () => settings.current.fixes.enabled));
  const fixesModel = owned.add(new FixesDashboardModel(orchestrator));
  const metricsModel = owned.add(new MetricsModel(orchestrator));

  const dashboardState = owned.add(
    new DashboardStateSource({
      orchestrator,
      extensionVersion: version,
      sessions: sessionsModel,
      budgets: budgets.model,
      permissions: permissionsModel,
      fixes: fixesModel,
      metrics: metricsModel,
      routingAudit,
      activeSession,
      approvals,
      ruleSuggestions,
    }),
  );
  const messageHandlers = dashboardMessageHandlers(fixesModel, ruleSuggestions);
  const dashboard = owned.add(
    new DashboardController(context.extensionUri, {
      state: () => dashboardState.state(),
      onDidChangeState: dashboardState.onDidChange,
      handle: async (message) => void (await dispatchDashboardMessage(messageHandlers, message)),
    }),
  );

  const sessionsTree = owned.add(new SessionsTreeProvider(sessionsModel, budgets.model, activeSession, approvals));
  const sessionsView = owned.add(vscode.window.createTreeView(ViewIds.sessions, { treeDataProvider: sessionsTree, showCollapseAll: true }));
  owned.add(new SessionNotifications(orchestrator, sessionsModel, transcripts, () => sessionsView.visible));

  for (const d of [
    ...registerOrchestratorCommands(orchestrator, output),
    ...registerDashboardCommands(dashboard),
    ...registerSessionCommands({ orchestrator, model: sessionsModel }),
    ...registerApprovalCommands({ orchestrator, requests: approvals }),
    ...registerRoutingCommands({ orchestrator, onDispatched: () => void routingAudit.refresh(), documents }),
    ...registerFixCommands({ orchestrator, model: fixesModel, documents }),
    ...registerMetricsCommands(orchestrator),
    ...registerPermissionCommands({ orchestrator, proposed: proposedPermissions }),
  ])
    owned.add(d);

  // The status bar paints once activate() returns control to the extension host, so the whole
  // synchronous activation counts.
  activationMs = moduleEvaluatedMs + (performance.now() - activateStart);
  output.info(
    `Agent Affinity ${version} activated in ${activationMs.toFixed(1)} ms of extension-host time (bundle ${moduleEvaluatedMs.toFixed(1)} ms)`,
  );
  const startTrusted = (): void => {
    settings.tellOverrides();
    void orchestrator.start();
  };
  if (vscode.workspace.isTrusted) {
    startTrusted();
  } else {
    orchestrator.restrict();
    owned.add(vscode.workspace.onDidGrantWorkspaceTrust(startTrusted));
  }

  return createApi({
    orchestrator,
    dashboard,
    sessions: sessionsModel,
    activationMs: () => activationMs,
    budgets,
    statusBar,
    ruleSuggestions,
    approvals,
    mcp,
  });
}

export async function deactivate(): Promise<void> {
  // Everything else is owned by context.subscriptions; the orchestrator gets a graceful shutdown.
  await stopOrchestrator?.();
  stopOrchestrator = undefined;
}
