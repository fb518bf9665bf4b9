// Composition root of the orchestrator: the LSP lifecycle (initialize, settings, health, shutdown)
// and the server context every feature gets; features.ts starts and wires the features.
import {
  CodeActionKind,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { storeProblemReport } from '../core/store/storeProblems';
import { type StoreProblem } from '../core/store/storeTypes';
import {
  HealthRequest,
  ProblemNotification,
  type OrchestratorHealth,
  type OrchestratorInitOptions,
  type UserProblem,
} from '../protocol/orchestrator';
import { FixServerCommands } from '../protocol/fixes';
import { parseInitOptions } from '../protocol/schemas/orchestrator';
import { SettingsNotification, type OrchestratorSettings } from '../protocol/settings';
import { createTextDocuments } from './documentSync';
import { startFeatures } from './features';
import { openDocumentsPort } from './openDocumentsPort';
import { onNotification, onRequest, sendNotification } from './rpc';
import type { Logger, ServerContext } from './serverContext';

export interface OrchestratorContext {
  startedAt: number;
}

declare const ORCHESTRATOR_VERSION: string | undefined;

/** Registers every handler on the connection; returns the open-documents registry. */
export function startOrchestrator(connection: Connection, ctx: OrchestratorContext): TextDocuments<TextDocument> {
  const documents = createTextDocuments();
  const openDocuments = openDocumentsPort(documents);
  let options: OrchestratorInitOptions | undefined;
  let settings: OrchestratorSettings | undefined;
  const settingsListeners: ((s: OrchestratorSettings) => void)[] = [];
  const shutdownHooks: (() => Promise<void>)[] = [];
  const log: Logger = {
    info: (m) => connection.console.info(m),
    warn: (m) => connection.console.warn(m),
    error: (m) => connection.console.error(m),
  };
  const problem = (p: UserProblem): void => {
    (p.severity === 'error' ? log.error : p.severity === 'warning' ? log.warn : log.info)(`${p.message}${p.file ? ` (${p.file})` : ''}`);
    sendNotification(connection, ProblemNotification, p);
  };
  let ready: Promise<void> = Promise.resolve();
  const version = (): string => options?.extensionVersion ?? (typeof ORCHESTRATOR_VERSION === 'string' ? ORCHESTRATOR_VERSION : 'dev');

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
    const init = options;
    const serverContext: ServerContext = {
      connection,
      documents,
      openDocuments,
      options: init,
      log,
      settings: () => settings ?? init.settings,
      onSettingsChanged: (l) => void settingsListeners.push(l),
      problem,
      storeProblem: (p: StoreProblem) => problem(storeProblemReport(p)),
      onShutdown: (hook) => void shutdownHooks.push(hook),
    };
    // Nothing that spawns processes or writes files starts in an untrusted workspace.
    if (!init.trusted) {
      connection.onCodeAction(() => []); // declared in the capabilities; learned fixes need trust
      return;
    }
    ready = startFeatures(serverContext);
  });

  onNotification(connection, SettingsNotification, (next) => {
    settings = next;
    for (const l of settingsListeners) l(next);
  });

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
