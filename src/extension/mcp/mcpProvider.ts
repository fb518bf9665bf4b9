// Registers the MCP server with VS Code (`lm.registerMcpServerDefinitionProvider`, VS Code 1.101+),
// so its agent mode (and any extension using MCP through it) lists Agent Affinity's server. The
// API is looked up at run time: on an older VS Code, or when registration fails, nothing is
// registered and nothing throws. The `vscode` module comes in as an argument: no runtime import, so
// tested in plain Node against API shapes old and new.
import type * as vscode from 'vscode';

/** What VS Code shows and starts: a stdio server. */
export interface McpDefinition {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  version: string;
}

/** The MCP part of the `vscode` API (VS Code 1.101+), typed here so the extension builds against older typings. */
interface McpApi {
  lm?: {
    registerMcpServerDefinitionProvider?: (
      id: string,
      provider: {
        onDidChangeMcpServerDefinitions?: vscode.Event<void>;
        provideMcpServerDefinitions(token: vscode.CancellationToken): unknown[];
        resolveMcpServerDefinition?(server: unknown, token: vscode.CancellationToken): unknown;
      },
    ) => vscode.Disposable;
  };
  McpStdioServerDefinition?: new (
    label: string,
    command: string,
    args?: string[],
    env?: Record<string, string>,
    version?: string,
  ) => object;
}

/**
 * Registers the provider; undefined (and a line in the log) when the API is missing or refuses.
 * `definitions` is read each time VS Code asks (an empty list while the feature is off or the
 * workspace is not trusted); `onDidChange` tells VS Code to ask again.
 */
export function registerMcpProvider(
  api: unknown,
  id: string,
  definitions: () => McpDefinition[],
  onDidChange: vscode.Event<void>,
  log: (message: string) => void,
): vscode.Disposable | undefined {
  const a = api as McpApi;
  const register = a.lm?.registerMcpServerDefinitionProvider;
  const Definition = a.McpStdioServerDefinition;
  if (typeof register !== 'function' || typeof Definition !== 'function') {
    log('mcp: this VS Code has no MCP server API (1.101 or later has it): the server is not listed in its agent mode');
    return undefined;
  }
  const make = (d: McpDefinition): object => new Definition(d.label, d.command, d.args, d.env, d.version);
  try {
    return register.call(a.lm, id, {
      onDidChangeMcpServerDefinitions: onDidChange,
      provideMcpServerDefinitions: () => definitions().map(make),
      // Asked right before VS Code starts the server: nothing is started once the feature is off.
      resolveMcpServerDefinition: (server: unknown) => (definitions().length > 0 ? server : undefined),
    });
  } catch (e) {
    log(`mcp: VS Code refused the MCP server provider: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
