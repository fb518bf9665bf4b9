// Registers the MCP server with VS Code (`lm.registerMcpServerDefinitionProvider`, stable since
// VS Code 1.101; engines.vscode asks for 1.103), so its agent mode (and any extension using MCP
// through it) lists Agent Affinity's server. The `vscode` module comes in as an argument (typed as
// the parts used): no runtime import, so tested in plain Node. A registration VS Code refuses (a
// fork without the API, a provider id missing from package.json) is logged, never thrown.
import type * as vscode from 'vscode';

/** What VS Code shows and starts: a stdio server. */
export interface McpDefinition {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  version: string;
}

/** The parts of the `vscode` API the registration uses. */
export interface McpApi {
  lm: Pick<typeof vscode.lm, 'registerMcpServerDefinitionProvider'>;
  McpStdioServerDefinition: typeof vscode.McpStdioServerDefinition;
}

/** Told each time VS Code asks for the definitions or resolves one before starting it. */
export interface McpProviderCalls {
  provided(count: number): void;
  resolved(label: string, started: boolean): void;
}

/**
 * Registers the provider; undefined (and a line in the log) when VS Code refuses it.
 * `definitions` is read each time VS Code asks (an empty list while the feature is off or the
 * workspace is not trusted); `onDidChange` tells VS Code to ask again.
 */
export function registerMcpProvider(
  api: McpApi,
  id: string,
  definitions: () => McpDefinition[],
  onDidChange: vscode.Event<void>,
  log: (message: string) => void,
  calls?: McpProviderCalls,
): vscode.Disposable | undefined {
  const provider: vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition> = {
    onDidChangeMcpServerDefinitions: onDidChange,
    provideMcpServerDefinitions: () => {
      const listed = definitions().map((d) => new api.McpStdioServerDefinition(d.label, d.command, d.args, d.env, d.version));
      calls?.provided(listed.length);
      return listed;
    },
    // Asked right before VS Code starts the server: nothing is started once the feature is off.
    resolveMcpServerDefinition: (server) => {
      const started = definitions().some((d) => d.label === server.label);
      calls?.resolved(server.label, started);
      return started ? server : undefined;
    },
  };
  try {
    return api.lm.registerMcpServerDefinitionProvider(id, provider);
  } catch (e) {
    log(`mcp: VS Code refused the MCP server provider: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
