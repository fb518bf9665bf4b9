// Every command id and setting key the extension contributes, in one table that both the code
// and the contribution-consistency test read. Adding a command or setting here without a
// package.json entry (or the other way round) fails the tests.

export const CommandIds = {
  showDashboard: 'agentAffinity.showDashboard',
  restartOrchestrator: 'agentAffinity.restartOrchestrator',
  showLogs: 'agentAffinity.showLogs',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

export const SettingKeys = {
  /** Read by vscode-languageclient itself for the client id `agentAffinity`. */
  traceServer: 'agentAffinity.trace.server',
} as const;

export const ViewIds = {
  container: 'agentAffinity',
  sessions: 'agentAffinity.sessions',
  dashboardPanel: 'agentAffinity.dashboard',
} as const;

export const StatusBarItemId = 'agentAffinity.status';
