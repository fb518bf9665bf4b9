// Composition root of the orchestrator: builds the server context, wires document sync and the
// `affinity/…` handlers, and starts each feature once the host's options are known.
import {
  CodeActionKind,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  HealthRequest,
  ProblemNotification,
  type OrchestratorHealth,
  type OrchestratorInitOptions,
  type UserProblem,
} from '../protocol/orchestrator';
import { SettingsNotification, type OrchestratorSettings } from '../protocol/settings';
import { createTextDocuments } from './documentSync';
import { parseInitOptions } from './initOptions';
import { onRequest, sendNotification } from './rpc';
import type { Logger, ServerContext } from './serverContext';
import { parseSettings } from './settings';
import { startSessionsService } from './sessions/sessionsService';
import { startRoutingService } from './routing/routingService';
import { startBudgetFeature } from './budget/budgetService';
import { FixServerCommands } from '../protocol/fixes';
import { startFixesFeature } from './fixes/fixesService';
import { startMetricsService } from './metrics/metricsService';
import { startPermissionsService } from './permissions/permissionsService';

export interface OrchestratorContext {
  startedAt: number;
}

declare const ORCHESTRATOR_VERSION: string | undefined;

/** Registers every handler on the connection; returns the open-documents registry. */
export function startOrchestrator(connection: Connection, ctx: OrchestratorContext): TextDocuments<TextDocument> {
  const documents = createTextDocuments();
  let options: OrchestratorInitOptions | undefined;
  let settings: OrchestratorSettings | undefined;
  const settingsListeners: ((s: OrchestratorSettings) => void)[] = [];
  const shutdownHooks: (() => Promise<void>)[] = [];
  const log: Logger = {
    info: (m) => connection.console.info(m),
    warn: (m) => connection.console.warn(m),
    error: (m) => connection.console.error(m),
  };
  let ready: Promise<void> = Promise.resolve();

  connection.onInitialize((params): InitializeResult => {
    options = parseInitOptions(params.initializationOptions);
    settings = options.settings;
    log.info(
      `orchestrator ${version()} started (pid ${process.pid}, node ${process.version}, ${options.trusted ? 'trusted' : 'restricted'} workspace)`,
    );
    return {
      capabilities: {
        // Incremental: ranged changes, replayed by the budget's token counts (documentSync.ts).
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        // Learned fixes (src/server/fixes): offered as quick fixes; their commands count uses.
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        executeCommandProvider: { commands: Object.values(FixServerCommands) },
      },
      serverInfo: { name: 'agent-affinity-orchestrator', version: version() },
    };
  });

  connection.onInitialized(() => {
    if (!options) return;
    const serverContext: ServerContext = {
      connection,
      documents,
      options,
      log,
      settings: () => settings ?? parseSettings(undefined),
      onSettingsChanged: (l) => settingsListeners.push(l),
      problem: (p: UserProblem) => {
        (p.severity === 'error' ? log.error : p.severity === 'warning' ? log.warn : log.info)(
          `${p.message}${p.file ? ` (${p.file})` : ''}`,
        );
        sendNotification(connection, ProblemNotification, p);
      },
      onShutdown: (hook) => shutdownHooks.push(hook),
    };
    // Nothing that spawns processes or writes files starts in an untrusted workspace.
    if (!options.trusted) {
      connection.onCodeAction(() => []); // declared in the capabilities; learned fixes need trust
      return;
    }
    const fixes = startFixesFeature(serverContext, startMetricsService(serverContext));
    const sessionsReady = startSessionsService(serverContext, { taskText: (id, text) => fixes.taskText(id, text) }).then(
      async (sessions) => {
        if (!sessions) return;
        fixes.attachSessions(sessions.manager);
        const budget = await startBudgetFeature(serverContext, sessions);
        const routing = await startRoutingService(serverContext, {
          manager: sessions.manager,
          workspaceFolderOf: sessions.workspaceFolderOf,
          taskText: (id, text) => fixes.taskText(id, text),
          knownFixes: (folder, files) => fixes.knownFixes(folder, files),
          ...(budget
            ? {
                estimateTask: async (text: string) => {
                  const first = sessions.manager.list()[0];
                  return first ? budget.estimateTask(first.id, text) : undefined;
                },
              }
            : {}),
        });
        if (budget) {
          routing.setHeadroom((id) => budget.headroom(id));
          budget.onRolledOver((from, to) => routing.sessionRolledOver(from, to));
          // The token-count cache's hit rate for the metrics, as deltas every few seconds.
          let last = { hits: 0, misses: 0 };
          const cacheTimer = setInterval(() => {
            const now = budget.tokenCacheStats();
            if (now.hits > last.hits) fixes.metrics.recordTokenCache(true, now.hits - last.hits);
            if (now.misses > last.misses) fixes.metrics.recordTokenCache(false, now.misses - last.misses);
            last = { hits: now.hits, misses: now.misses };
          }, 5000);
          cacheTimer.unref();
          serverContext.onShutdown(async () => clearInterval(cacheTimer));
        }
        routing.onDecision((ms) => fixes.metrics.recordRouting(ms));
      },
      (e: unknown) =>
        serverContext.problem({ severity: 'error', message: `sessions could not start: ${e instanceof Error ? e.message : String(e)}` }),
    );
    const permissionsReady = startPermissionsService(serverContext).then(
      () => undefined,
      (e: unknown) =>
        serverContext.problem({
          severity: 'error',
          message: `permission consolidation could not start: ${e instanceof Error ? e.message : String(e)}`,
        }),
    );
    ready = Promise.all([sessionsReady, permissionsReady]).then(() => undefined);
  });

  connection.onNotification(SettingsNotification.method, (raw: unknown) => {
    settings = parseSettings(raw);
    for (const l of settingsListeners) l(settings);
  });

  function version(): string {
    return options?.extensionVersion ?? (typeof ORCHESTRATOR_VERSION === 'string' ? ORCHESTRATOR_VERSION : 'dev');
  }

  // Health answers once the features have started, so "ready" on the host means ready.
  onRequest(connection, HealthRequest, async (): Promise<OrchestratorHealth> => {
    await ready;
    const mem = process.memoryUsage();
    return {
      version: version(),
      pid: process.pid,
      startedAt: ctx.startedAt,
      uptimeMs: Date.now() - ctx.startedAt,
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      nodeVersion: process.version,
    };
  });

  connection.onShutdown(async () => {
    log.info('orchestrator shutting down');
    await ready;
    for (const hook of shutdownHooks.reverse()) await hook().catch((e: unknown) => log.error(`shutdown: ${String(e)}`));
  });

  documents.listen(connection);
  return documents;
}
