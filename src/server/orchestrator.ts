// Composition root of the orchestrator: wires document sync and the `affinity/…` handlers to the
// core engines. No domain logic here.
import { TextDocuments, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { HealthRequest, type OrchestratorHealth, type OrchestratorInitOptions } from '../protocol/orchestrator';
import { onRequest } from './rpc';
import { parseInitOptions } from './initOptions';

export interface OrchestratorContext {
  startedAt: number;
}

declare const ORCHESTRATOR_VERSION: string | undefined;

/** Registers every handler on the connection; returns the open-documents registry. */
export function startOrchestrator(connection: Connection, ctx: OrchestratorContext): TextDocuments<TextDocument> {
  const documents = new TextDocuments(TextDocument);
  let options: OrchestratorInitOptions | undefined;

  connection.onInitialize((params): InitializeResult => {
    options = parseInitOptions(params.initializationOptions);
    connection.console.info(`orchestrator ${version()} started (pid ${process.pid}, node ${process.version}, ${options.trusted ? 'trusted' : 'restricted'} workspace)`);
    return {
      capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } },
      serverInfo: { name: 'agent-affinity-orchestrator', version: version() },
    };
  });

  function version(): string {
    return options?.extensionVersion ?? (typeof ORCHESTRATOR_VERSION === 'string' ? ORCHESTRATOR_VERSION : 'dev');
  }

  onRequest(connection, HealthRequest, (): OrchestratorHealth => {
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

  connection.onShutdown(() => {
    connection.console.info('orchestrator shutting down');
  });

  documents.listen(connection);
  return documents;
}
