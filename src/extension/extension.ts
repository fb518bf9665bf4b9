// Composition root of the extension host: builds every part, owns every disposable. The status bar
// paints first; the language client and the orchestrator start after, off the activation path.
import * as vscode from 'vscode';
import type { DashboardState } from '../protocol/webviewMessages';
import type { AgentAffinityApi } from '../protocol/testApi';
import { registerDashboardCommands } from './commands/dashboardCommands';
import { registerOrchestratorCommands } from './commands/orchestratorCommands';
import { CommandIds, ViewIds } from './contributions';
import { DashboardController } from './dashboard/dashboardController';
import { DisposableStore } from './lifecycle';
import { OrchestratorController } from './orchestrator/orchestratorController';
import { registerSessionCommands } from './commands/sessionCommands';
import { registerFixCommands } from './commands/fixCommands';
import { DiagnosticsForwarder } from './fixes/diagnosticsForwarder';
import { FixesDashboardModel } from './fixes/fixesDashboardModel';
import { FixesSettings } from './fixes/fixesSettings';
import { isFixesWebviewMessage } from '../protocol/webviewMessages';
import { registerPermissionCommands } from './commands/permissionCommands';
import { PermissionsModel } from './permissions/permissionsModel';
import { ProposedDocuments } from './permissions/proposedDocuments';
import { registerPermissionRequestCommands } from './commands/permissionRequestCommands';
import { PermissionPrompts } from './sessions/permissionPrompts';
import { PermissionRequestsModel } from './sessions/permissionRequestsModel';
import { SessionNotifications } from './sessions/sessionNotifications';
import { SessionsModel } from './sessions/sessionsModel';
import { SessionsTreeProvider } from './sessions/sessionsTreeProvider';
import { TranscriptDocuments } from './sessions/transcriptDocuments';
import { readOrchestratorSettings, watchOrchestratorSettings } from './settings';
import { SettingsNotification } from '../protocol/settings';
import { StatusBar } from './statusBar';
import { BudgetFeature } from './budget/budgetFeature';
import { createApi } from './testApi';
import { ActiveSession } from './routing/activeSession';
import { EditorsSignal } from './routing/editorsSignal';
import { RoutingAuditModel } from './routing/routingAuditModel';
import { registerRoutingCommands } from './routing/routingCommands';
import { WorkspaceSymbolResolver } from './routing/workspaceSymbolResolver';

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
        settings: readOrchestratorSettings(),
      }),
    }),
  );
  owned.add(orchestrator.onDidChangeStatus((s) => statusBar.render(s)));
  owned.add(watchOrchestratorSettings((s) => orchestrator.notify(SettingsNotification, s)));
  stopOrchestrator = () => orchestrator.stop('VS Code is closing the window');

  const sessionsModel = owned.add(new SessionsModel(orchestrator));
  const permissionRequests = owned.add(new PermissionRequestsModel(orchestrator));
  owned.add(new PermissionPrompts(permissionRequests));
  const budgets = owned.add(new BudgetFeature(orchestrator, sessionsModel, statusBar));
  const activeSession = owned.add(new ActiveSession(orchestrator));
  owned.add(new EditorsSignal(orchestrator, context.workspaceState));
  owned.add(new WorkspaceSymbolResolver(orchestrator));
  const routingAudit = owned.add(new RoutingAuditModel(orchestrator));
  // The status bar follows the session the router marks for the active editor, else the latest.
  const latestActive = budgets.activeSessionId;
  budgets.activeSessionId = () => activeSession.sessionId ?? latestActive();
  owned.add(activeSession.onDidChange(() => budgets.paint()));
  const transcripts = owned.add(new TranscriptDocuments(orchestrator));
  const permissionsModel = owned.add(new PermissionsModel(orchestrator));
  const proposedPermissions = owned.add(new ProposedDocuments());
  const fixesSettings = owned.add(new FixesSettings(orchestrator));
  owned.add(new DiagnosticsForwarder(orchestrator, () => fixesSettings.current.enabled));
  const fixesModel = owned.add(new FixesDashboardModel(orchestrator));

  const stateChanged = owned.add(new vscode.EventEmitter<void>());
  owned.add(orchestrator.onDidChangeStatus(() => stateChanged.fire()));
  owned.add(sessionsModel.onDidChange(() => stateChanged.fire()));
  owned.add(budgets.onDidChange(() => stateChanged.fire()));
  owned.add(permissionsModel.onDidChange(() => stateChanged.fire()));
  owned.add(fixesModel.onDidChange(() => stateChanged.fire()));
  owned.add(routingAudit.onDidChange(() => stateChanged.fire()));
  owned.add(activeSession.onDidChange(() => stateChanged.fire()));
  owned.add(permissionRequests.onDidChange(() => stateChanged.fire()));
  const dashboard = owned.add(
    new DashboardController(context.extensionUri, {
      state: (): DashboardState => ({
        orchestrator: orchestrator.current,
        extensionVersion: version,
        sessions: sessionsModel.all(),
        budgets: budgets.model.all(),
        permissions: permissionsModel.all(),
        ...fixesModel.dashboardState(),
        routing: { audit: routingAudit.all(), ...(activeSession.sessionId ? { activeSessionId: activeSession.sessionId } : {}) },
        permissionRequests: permissionRequests.all(),
      }),
      onDidChangeState: stateChanged.event,
      handle: async (message) => {
        if (message.type === 'fixesExport') await vscode.commands.executeCommand(CommandIds.exportFixes);
        else if (message.type === 'fixesImport') await vscode.commands.executeCommand(CommandIds.importFixes);
        else if (message.type === 'metricsExport') await vscode.commands.executeCommand(CommandIds.exportMetrics);
        else if (isFixesWebviewMessage(message)) await fixesModel.handle(message);
        else if (message.type === 'restartOrchestrator') await vscode.commands.executeCommand(CommandIds.restartOrchestrator);
        else if (message.type === 'showLogs') await vscode.commands.executeCommand(CommandIds.showLogs);
        else if (message.type === 'createSession') await vscode.commands.executeCommand(CommandIds.createSession);
        else if (message.type === 'openTranscript')
          await vscode.commands.executeCommand(CommandIds.openSessionTranscript, message.sessionId);
        else if (message.type === 'answerPermission')
          await vscode.commands.executeCommand(
            CommandIds.answerPermissionRequest,
            { sessionId: message.sessionId, requestId: message.requestId },
            message.allow ? 'allow' : 'deny',
          );
        else if (message.type === 'consolidatePermissions') await vscode.commands.executeCommand(CommandIds.consolidatePermissions);
        else if (message.type === 'undoPermissionConsolidation')
          await vscode.commands.executeCommand(CommandIds.undoPermissionConsolidation);
      },
    }),
  );

  const sessionsTree = owned.add(new SessionsTreeProvider(sessionsModel, budgets.model, activeSession, permissionRequests));
  const sessionsView = owned.add(vscode.window.createTreeView(ViewIds.sessions, { treeDataProvider: sessionsTree, showCollapseAll: true }));
  owned.add(new SessionNotifications(orchestrator, sessionsModel, transcripts, () => sessionsView.visible));

  for (const d of registerOrchestratorCommands(orchestrator, output)) owned.add(d);
  for (const d of registerDashboardCommands(dashboard)) owned.add(d);
  for (const d of registerSessionCommands({ orchestrator, model: sessionsModel })) owned.add(d);
  for (const d of registerPermissionRequestCommands({ orchestrator, requests: permissionRequests })) owned.add(d);
  for (const d of registerRoutingCommands({ orchestrator, onDispatched: () => void routingAudit.refresh() })) owned.add(d);
  for (const d of registerFixCommands({ orchestrator, model: fixesModel })) owned.add(d);
  for (const d of registerPermissionCommands({ orchestrator, proposed: proposedPermissions })) owned.add(d);

  // The status bar paints once activate() returns control to the extension host, so the whole
  // synchronous activation counts.
  activationMs = moduleEvaluatedMs + (performance.now() - activateStart);
  output.info(
    `Agent Affinity ${version} activated in ${activationMs.toFixed(1)} ms of extension-host time (bundle ${moduleEvaluatedMs.toFixed(1)} ms)`,
  );
  if (vscode.workspace.isTrusted) {
    void orchestrator.start();
  } else {
    orchestrator.restrict();
    owned.add(vscode.workspace.onDidGrantWorkspaceTrust(() => void orchestrator.start()));
  }

  return createApi(orchestrator, dashboard, sessionsModel, () => activationMs, budgets, statusBar);
}

export async function deactivate(): Promise<void> {
  // Everything else is owned by context.subscriptions; the orchestrator gets a graceful shutdown.
  await stopOrchestrator?.();
  stopOrchestrator = undefined;
}
