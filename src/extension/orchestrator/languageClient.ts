// The language-client side of the orchestrator connection. Bundled on its own (dist/languageClient.js)
// and loaded only after the status bar has painted, so vscode-languageclient costs no activation time.
import type { LogOutputChannel } from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { NotificationType, RequestType } from '../../protocol/rpc';
import type { OrchestratorInitOptions } from '../../protocol/orchestrator';
import type { IDisposable } from '../lifecycle';
import { environmentSecrets, mergeSecrets, redactTrace, redactingChannel, type TraceSecrets } from './traceRedaction';

export interface OrchestratorConnectionOptions {
  serverModule: string;
  initOptions: OrchestratorInitOptions;
  output: LogOutputChannel;
  /** Secrets to mask in what the client logs, read at each message (the agent environment of the
   *  current settings); those of `initOptions` are always masked. */
  secrets?: () => TraceSecrets;
  /** Called once when the server process goes away without being asked to. */
  onUnexpectedClose(detail: string): void;
}

/** A running orchestrator, as the rest of the extension sees it. */
export interface OrchestratorConnection {
  request<P, R>(type: RequestType<P, R>, params: P): Promise<R>;
  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): IDisposable;
  /** Answers a request the orchestrator sends to the host. */
  onRequest<P, R>(type: RequestType<P, R>, handler: (params: P) => Promise<R>): IDisposable;
  sendNotification<P>(type: NotificationType<P>, params: P): Promise<void>;
  stop(): Promise<void>;
}

export async function startOrchestratorConnection(options: OrchestratorConnectionOptions): Promise<OrchestratorConnection> {
  let stopping = false;
  let reported = false;
  const serverOptions: ServerOptions = {
    run: { module: options.serverModule, transport: TransportKind.ipc },
    debug: { module: options.serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6012'] } },
  };
  // The trace (agentAffinity.trace.server) holds the initialize options and settings, API keys of
  // agentAffinity.agentEnvironment included, and the MCP endpoint's token: everything the client
  // logs goes through a mask.
  const mcpToken = options.initOptions.mcp?.token;
  const initial = mergeSecrets(environmentSecrets(options.initOptions.settings.environment), {
    values: mcpToken ? [mcpToken] : [],
    names: [],
  });
  const channel = redactingChannel(options.output, (text) =>
    redactTrace(text, options.secrets ? mergeSecrets(initial, options.secrets()) : initial),
  );
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }],
    outputChannel: channel,
    traceOutputChannel: channel,
    initializationOptions: options.initOptions,
    // The orchestrator is not a language server for the user: its failures are reported by the
    // extension's own status bar and a single notification, never by the client's popups.
    revealOutputChannelOn: 4 /* RevealOutputChannelOn.Never */,
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue, handled: true }),
      closed: () => {
        if (!stopping && !reported) {
          reported = true;
          options.onUnexpectedClose('the orchestrator process exited');
        }
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
  };
  const client = new LanguageClient('agentAffinity', 'Agent Affinity Orchestrator', serverOptions, clientOptions);
  await client.start();
  return {
    request: <P, R>(type: RequestType<P, R>, params: P): Promise<R> => client.sendRequest<R>(type.method, params),
    onNotification: <P>(type: NotificationType<P>, handler: (params: P) => void): IDisposable =>
      client.onNotification(type.method, (params: P) => handler(params)),
    onRequest: <P, R>(type: RequestType<P, R>, handler: (params: P) => Promise<R>): IDisposable =>
      client.onRequest(type.method, (params: P) => handler(params)),
    sendNotification: <P>(type: NotificationType<P>, params: P): Promise<void> => client.sendNotification(type.method, params),
    stop: async (): Promise<void> => {
      stopping = true;
      try {
        if (client.isRunning()) await client.stop(2000);
      } finally {
        await client.dispose().catch(() => undefined);
      }
    },
  };
}
