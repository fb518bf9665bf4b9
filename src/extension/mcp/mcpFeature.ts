// The MCP server on the host: this window's endpoint (socket and token, made when the orchestrator
// first starts in a trusted workspace with a storage folder), passed to the orchestrator in its
// start-up options; the server listed in VS Code's agent mode; and Copy MCP Configuration (the
// hand-off questions are handOffPrompts.ts). Off (agentAffinity.mcp.enabled), untrusted or without
// a workspace: nothing is offered.
import * as vscode from 'vscode';
import type { McpInitOptions, McpServerCommand } from '../../protocol/mcp';
import { CommandIds, McpProviderId, SettingKeys } from '../contributions';
import { Disposable } from '../lifecycle';
import { windowEndpoint, type McpEndpoint } from './mcpEndpoint';
import { copiedConfigurationText } from './mcpPresentation';
import { registerMcpProvider, type McpDefinition, type McpProviderCalls } from './mcpProvider';
import { mcpConfigurationJson, serverCommand, serverEnvironment } from './mcpServerDefinition';

export interface McpFeatureOptions {
  extensionPath: string;
  /** The workspace's storage folder; no server without one. */
  storageDir: string | undefined;
  version: string;
  log: (message: string) => void;
}

export class McpFeature extends Disposable {
  private endpointMade: McpEndpoint | undefined;
  private readonly server: McpServerCommand;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Whether VS Code took the provider (false when it refused it). */
  readonly registered: boolean;
  /** What VS Code asked of the provider so far: how many times it listed the servers, and the
   *  servers it resolved before starting them (the test API shows both). */
  readonly asked: { provided: number; resolved: { label: string; started: boolean }[] } = { provided: 0, resolved: [] };

  constructor(private readonly options: McpFeatureOptions) {
    super();
    this.server = serverCommand(options.extensionPath);
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SettingKeys.mcpEnabled)) this.changed.fire();
      }),
    );
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()));
    const calls: McpProviderCalls = {
      provided: () => void (this.asked.provided += 1),
      resolved: (label, started) => void this.asked.resolved.push({ label, started }),
    };
    const provider = registerMcpProvider(vscode, McpProviderId, () => this.definitions(), this.changed.event, options.log, calls);
    if (provider) this._register(provider);
    this.registered = provider !== undefined;
    this._register(vscode.commands.registerCommand(CommandIds.copyMcpConfiguration, () => this.copyConfiguration()));
    this._register({ dispose: () => this.endpointMade?.dispose() });
  }

  /** The orchestrator's start-up options for the MCP server, when one is offered. */
  initOptions(): { mcp?: McpInitOptions } {
    const endpoint = this.endpoint();
    return endpoint ? { mcp: { socketPath: endpoint.socketPath, token: endpoint.token, server: this.server } } : {};
  }

  /** What VS Code lists: the server while it is offered, else nothing. */
  definitions(): McpDefinition[] {
    const endpoint = this.offered() ? this.endpoint() : undefined;
    if (!endpoint) return [];
    return [
      {
        label: 'Agent Affinity',
        command: this.server.command,
        args: this.server.args,
        env: serverEnvironment(this.server, endpoint),
        version: this.options.version,
      },
    ];
  }

  private offered(): boolean {
    return (
      vscode.workspace.isTrusted &&
      this.options.storageDir !== undefined &&
      vscode.workspace.getConfiguration().get<boolean>(SettingKeys.mcpEnabled, true) !== false
    );
  }

  private endpoint(): McpEndpoint | undefined {
    if (this.endpointMade) return this.endpointMade;
    const dir = this.options.storageDir;
    if (!vscode.workspace.isTrusted || dir === undefined) return undefined;
    try {
      this.endpointMade = windowEndpoint(dir);
      if (this.endpointMade.note) this.options.log(`mcp: ${this.endpointMade.note}`);
    } catch (e) {
      this.options.log(`mcp: no socket for the MCP server: ${e instanceof Error ? e.message : String(e)}`);
    }
    return this.endpointMade;
  }

  private async copyConfiguration(): Promise<void> {
    const endpoint = this.offered() ? this.endpoint() : undefined;
    if (!endpoint) {
      const why = !vscode.workspace.isTrusted
        ? 'the workspace is not trusted'
        : this.options.storageDir === undefined
          ? 'no folder or workspace is open'
          : `it is turned off (${SettingKeys.mcpEnabled})`;
      void vscode.window.showInformationMessage(`Agent Affinity's MCP server is not offered in this window: ${why}.`);
      return;
    }
    await vscode.env.clipboard.writeText(mcpConfigurationJson(this.server, endpoint));
    void vscode.window.showInformationMessage(copiedConfigurationText(endpoint.note));
  }
}
