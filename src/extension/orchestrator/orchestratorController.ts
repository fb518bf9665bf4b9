// Owns the orchestrator's lifecycle in the extension host: start (lazily loading the language
// client), health, crash reporting (once per crash, never in a loop) and restart.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  HealthRequest,
  ProblemNotification,
  type OrchestratorHealth,
  type OrchestratorInitOptions,
  type UserProblem,
} from '../../protocol/orchestrator';
import type { OrchestratorPulse, OrchestratorStatus } from '../../protocol/orchestratorState';
import type { NotificationType, RequestType } from '../../protocol/rpc';
import { CommandIds, SettingKeys } from '../contributions';
import { Disposable } from '../lifecycle';
import type { OrchestratorConnection, startOrchestratorConnection } from './languageClient';
import { OrchestratorPulseMonitor } from './orchestratorPulse';
import { environmentSecrets } from './traceRedaction';

type ClientModule = { startOrchestratorConnection: typeof startOrchestratorConnection };

export interface OrchestratorControllerOptions {
  extensionPath: string;
  initOptions: () => OrchestratorInitOptions;
  output: vscode.LogOutputChannel;
}

export class OrchestratorController extends Disposable {
  private connection: OrchestratorConnection | undefined;
  private status: OrchestratorStatus = { state: 'stopped' };
  private pending: Promise<void> | undefined;
  /** Handlers per notification method: the connection takes one handler per method, so this
   *  controller registers each method once and fans the notification out to every listener. */
  private readonly notificationHandlers = new Map<string, ((p: unknown) => void)[]>();
  /** One handler per request method the orchestrator sends to the host, attached to every connection. */
  private readonly requestHandlers = new Map<string, (p: unknown) => Promise<unknown>>();
  private readonly statusEmitter = this._register(new vscode.EventEmitter<OrchestratorStatus>());
  readonly onDidChangeStatus = this.statusEmitter.event;
  private readonly pulseEmitter = this._register(new vscode.EventEmitter<OrchestratorPulse>());
  /** The health round trips, measured every few seconds while the orchestrator runs. */
  readonly onDidChangePulse = this.pulseEmitter.event;
  private readonly pulse: OrchestratorPulseMonitor;

  constructor(private readonly options: OrchestratorControllerOptions) {
    super();
    this.pulse = new OrchestratorPulseMonitor({
      ping: async () => {
        const connection = this.connection;
        if (connection) await connection.request(HealthRequest, undefined);
      },
      onChange: (p) => this.pulseEmitter.fire(p),
      onStall: (waitingMs) => void this.reportStall(waitingMs),
    });
    this._register({ dispose: () => this.pulse.stop() });
  }

  /** How quickly the running orchestrator answers. */
  get responsiveness(): OrchestratorPulse {
    return this.pulse.current;
  }

  get current(): OrchestratorStatus {
    return this.status;
  }

  /** Starts the orchestrator unless it is running or starting. */
  start(): Promise<void> {
    if (this.status.state === 'ready') return Promise.resolve();
    this.pending ??= this.doStart().finally(() => (this.pending = undefined));
    return this.pending;
  }

  async restart(): Promise<void> {
    await this.pending?.catch(() => undefined);
    await this.stop('restarting');
    await this.start();
  }

  async stop(detail = 'stopped by the user'): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection) {
      await connection.stop().catch((e: unknown) => this.options.output.warn(`orchestrator stop: ${String(e)}`));
    }
    if (this.status.state !== 'restricted') this.setStatus({ state: 'stopped', detail });
  }

  /** Marks the workspace as untrusted: nothing runs until trust is granted. */
  restrict(): void {
    this.setStatus({ state: 'restricted' });
  }

  async request<P, R>(type: RequestType<P, R>, params: P): Promise<R> {
    if (!this.connection || this.status.state !== 'ready') {
      throw new Error(`The Agent Affinity orchestrator is ${this.status.state}.`);
    }
    return this.connection.request(type, params);
  }

  /** Sends a notification when the orchestrator runs; dropped otherwise (it gets fresh state at start). */
  notify<P>(type: NotificationType<P>, params: P): void {
    if (this.connection && this.status.state === 'ready') void this.connection.sendNotification(type, params).catch(() => undefined);
  }

  /** Registers a handler for an orchestrator notification, kept across restarts; any number of
   *  handlers may listen to one method. Disposing the result removes this handler. */
  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): vscode.Disposable {
    const h = handler as (p: unknown) => void;
    const list = this.notificationHandlers.get(type.method);
    if (list) {
      list.push(h);
    } else {
      this.notificationHandlers.set(type.method, [h]);
      this.connection?.onNotification(type as NotificationType<unknown>, (p) => this.dispatchNotification(type.method, p));
    }
    return new vscode.Disposable(() => {
      const handlers = this.notificationHandlers.get(type.method);
      const i = handlers?.indexOf(h) ?? -1;
      if (handlers && i >= 0) handlers.splice(i, 1);
    });
  }

  /** Answers a request the orchestrator sends to the host, across restarts; one handler per method
   *  (a second registration replaces the first). Disposing stops answering (the orchestrator then
   *  gets "method not found"-style errors or no answer, and must cope). */
  onRequest<P, R>(type: RequestType<P, R>, handler: (params: P) => Promise<R>): vscode.Disposable {
    const h = handler as (p: unknown) => Promise<unknown>;
    const attached = this.requestHandlers.has(type.method);
    this.requestHandlers.set(type.method, h);
    if (!attached) this.connection?.onRequest({ method: type.method }, (p: unknown) => this.dispatchRequest(type.method, p));
    return new vscode.Disposable(() => {
      if (this.requestHandlers.get(type.method) === h) this.requestHandlers.delete(type.method);
    });
  }

  private dispatchRequest(method: string, params: unknown): Promise<unknown> {
    const h = this.requestHandlers.get(method);
    if (!h) return Promise.reject(new Error(`The Agent Affinity host no longer answers ${method}.`));
    return h(params);
  }

  private dispatchNotification(method: string, params: unknown): void {
    for (const h of this.notificationHandlers.get(method) ?? []) {
      try {
        h(params);
      } catch (e) {
        this.options.output.error(`notification ${method}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  private async doStart(): Promise<void> {
    const { output } = this.options;
    this.setStatus({ state: 'starting' });
    const startedAt = Date.now();
    try {
      // Yield first: the language client is large, and loading it must not delay the status
      // bar's first paint (activation calls start() synchronously).
      await new Promise<void>((resolve) => setImmediate(resolve));
      const mod = loadClientModule(this.options.extensionPath);
      const attempt: { connection?: OrchestratorConnection } = {};
      const connection = await mod.startOrchestratorConnection({
        serverModule: path.join(this.options.extensionPath, 'dist', 'server.js'),
        initOptions: this.options.initOptions(),
        output,
        secrets: () => environmentSecrets(vscode.workspace.getConfiguration().get(SettingKeys.agentEnvironment)),
        onUnexpectedClose: (detail) => this.onCrash(attempt.connection, detail),
      });
      attempt.connection = connection;
      this.connection = connection;
      connection.onNotification(ProblemNotification, (p) => void showProblem(p));
      for (const method of this.notificationHandlers.keys())
        connection.onNotification({ method }, (p: unknown) => this.dispatchNotification(method, p));
      for (const method of this.requestHandlers.keys()) connection.onRequest({ method }, (p: unknown) => this.dispatchRequest(method, p));
      const health: OrchestratorHealth = await connection.request(HealthRequest, undefined);
      if (this.connection !== connection) return;
      output.info(
        `orchestrator ready in ${Date.now() - startedAt} ms (pid ${health.pid}, rss ${(health.rssBytes / 1048576).toFixed(1)} MB)`,
      );
      this.setStatus({ state: 'ready', version: health.version, pid: health.pid, startedAt: health.startedAt });
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      output.error(`orchestrator failed to start: ${detail}`);
      // A process that died while starting has been reported by onCrash already.
      if (this.status.state === 'crashed') return;
      this.setStatus({ state: 'crashed', detail: `failed to start: ${detail}` });
      void this.reportCrash(`failed to start: ${detail}`);
    }
  }

  private onCrash(connection: OrchestratorConnection | undefined, detail: string): void {
    if (connection !== undefined && this.connection !== connection) return;
    this.connection = undefined;
    this.options.output.error(`orchestrator crashed: ${detail}`);
    this.setStatus({ state: 'crashed', detail });
    void connection?.stop().catch(() => undefined);
    void this.reportCrash(detail);
  }

  private async reportCrash(detail: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(
      `Agent Affinity: the orchestrator stopped (${detail}). Sessions are paused until it restarts.`,
      'Restart',
      'Show Logs',
    );
    if (choice === 'Restart') await vscode.commands.executeCommand(CommandIds.restartOrchestrator);
    if (choice === 'Show Logs') await vscode.commands.executeCommand(CommandIds.showLogs);
  }

  private async reportStall(waitingMs: number): Promise<void> {
    const seconds = Math.round(waitingMs / 1000);
    this.options.output.warn(`orchestrator has not answered a health request for ${seconds} s`);
    const choice = await vscode.window.showWarningMessage(
      `Agent Affinity: the orchestrator has not answered for ${seconds} s. Sessions may be stuck behind it.`,
      'Restart',
      'Show Logs',
    );
    if (choice === 'Restart') await vscode.commands.executeCommand(CommandIds.restartOrchestrator);
    if (choice === 'Show Logs') await vscode.commands.executeCommand(CommandIds.showLogs);
  }

  private setStatus(status: OrchestratorStatus): void {
    if (status.state === 'ready') this.pulse.start();
    else this.pulse.stop();
    this.status = status;
    this.statusEmitter.fire(status);
  }

  override dispose(): void {
    void this.stop('extension deactivated');
    super.dispose();
  }
}

function loadClientModule(extensionPath: string): ClientModule {
  // A runtime path keeps the bundler from inlining the client into the activation bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(extensionPath, 'dist', 'languageClient.js')) as ClientModule;
}

async function showProblem(p: UserProblem): Promise<void> {
  const show =
    p.severity === 'error'
      ? vscode.window.showErrorMessage
      : p.severity === 'warning'
        ? vscode.window.showWarningMessage
        : vscode.window.showInformationMessage;
  const actions = p.file ? ['Open File'] : [];
  const choice = await show(`Agent Affinity: ${p.message}`, ...actions);
  if (choice === 'Open File' && p.file) await vscode.window.showTextDocument(vscode.Uri.file(p.file));
}
