// Every command id and setting key the extension contributes, in one table that both the code
// and the contribution-consistency test read. Adding a command or setting here without a
// package.json entry (or the other way round) fails the tests.

export const CommandIds = {
  showDashboard: 'agentAffinity.showDashboard',
  restartOrchestrator: 'agentAffinity.restartOrchestrator',
  showLogs: 'agentAffinity.showLogs',
  createSession: 'agentAffinity.createSession',
  sendTaskToSession: 'agentAffinity.sendTaskToSession',
  stopSession: 'agentAffinity.stopSession',
  resumeSession: 'agentAffinity.resumeSession',
  renameSession: 'agentAffinity.renameSession',
  configureSession: 'agentAffinity.configureSession',
  deleteSession: 'agentAffinity.deleteSession',
  openSessionTranscript: 'agentAffinity.openSessionTranscript',
  openSessionInTerminal: 'agentAffinity.openSessionInTerminal',
  retryTask: 'agentAffinity.retryTask',
  answerPermissionRequest: 'agentAffinity.answerPermissionRequest',
  sendTask: 'agentAffinity.sendTask',
  explainRouting: 'agentAffinity.explainRouting',
  fanOutTask: 'agentAffinity.fanOutTask',
  rememberFix: 'agentAffinity.rememberFix',
  exportFixes: 'agentAffinity.exportFixes',
  importFixes: 'agentAffinity.importFixes',
  exportMetrics: 'agentAffinity.exportMetrics',
  importClaudeSessions: 'agentAffinity.importClaudeSessions',
  rollOverSession: 'agentAffinity.rollOverSession',
  compactSession: 'agentAffinity.compactSession',
  showContextPack: 'agentAffinity.showContextPack',
  consolidatePermissions: 'agentAffinity.consolidatePermissions',
  undoPermissionConsolidation: 'agentAffinity.undoPermissionConsolidation',
  copyMcpConfiguration: 'agentAffinity.copyMcpConfiguration',
} as const;

export const SettingKeys = {
  /** Read by vscode-languageclient itself for the client id `agentAffinity`. */
  traceServer: 'agentAffinity.trace.server',
  maxParallelSessions: 'agentAffinity.maxParallelSessions',
  taskIdleTimeoutSeconds: 'agentAffinity.sessions.taskIdleTimeoutSeconds',
  taskHistoryLimit: 'agentAffinity.sessions.taskHistoryLimit',
  claudeLongLived: 'agentAffinity.claude.longLived',
  claudePath: 'agentAffinity.claude.path',
  claudePermissionMode: 'agentAffinity.claude.permissionMode',
  claudeAskForPermissions: 'agentAffinity.claude.askForPermissions',
  codexPath: 'agentAffinity.codex.path',
  geminiPath: 'agentAffinity.gemini.path',
  codexSandbox: 'agentAffinity.codex.sandbox',
  codexSkipGitRepoCheck: 'agentAffinity.codex.skipGitRepoCheck',
  geminiApprovalMode: 'agentAffinity.gemini.approvalMode',
  geminiSkipTrust: 'agentAffinity.gemini.skipTrust',
  commandLine: 'agentAffinity.command.commandLine',
  agentEnvironment: 'agentAffinity.agentEnvironment',
  worktreeFolder: 'agentAffinity.worktrees.folder',
  routingStrategy: 'agentAffinity.routing.strategy',
  routingConfirm: 'agentAffinity.routing.confirm',
  routingFocusHalfLifeMinutes: 'agentAffinity.routing.focusHalfLifeMinutes',
  routingHistoryCommits: 'agentAffinity.routing.historyCommits',
  routingConfirmCloseCalls: 'agentAffinity.routing.confirmCloseCalls',
  worktreeByDefault: 'agentAffinity.worktrees.byDefault',
  fixesEnabled: 'agentAffinity.fixes.enabled',
  fixesSimilarityThreshold: 'agentAffinity.fixes.similarityThreshold',
  fixesShareWithSessions: 'agentAffinity.fixes.shareWithSessions',
  fixesExclude: 'agentAffinity.fixes.exclude',
  budgetWarnPercent: 'agentAffinity.budget.warnPercent',
  budgetCriticalPercent: 'agentAffinity.budget.criticalPercent',
  budgetImportOnStart: 'agentAffinity.budget.importOnStart',
  permissionsNeverGeneralize: 'agentAffinity.permissions.neverGeneralize',
  mcpEnabled: 'agentAffinity.mcp.enabled',
  mcpHandOff: 'agentAffinity.mcp.handOff',
  mcpHandOffMaxDepth: 'agentAffinity.mcp.handOffMaxDepth',
} as const;

/** The MCP server definition provider's id (package.json `mcpServerDefinitionProviders`). */
export const McpProviderId = 'agentAffinity.mcpServers';

export const ViewIds = {
  container: 'agentAffinity',
  sessions: 'agentAffinity.sessions',
  dashboardPanel: 'agentAffinity.dashboard',
} as const;

export const StatusBarItemId = 'agentAffinity.status';
