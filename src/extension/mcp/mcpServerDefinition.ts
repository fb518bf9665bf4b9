// Agent Affinity's MCP server as a process (`agent-affinity mcp`: VS Code's own Node, or Electron
// run as Node, on the bundled CLI) and as the JSON other clients take ("mcpServers"), with the
// variables that reach this window's orchestrator. No runtime `vscode` import: tested in plain Node.
import { join } from 'node:path';
import { MCP_SERVER_NAME, McpEnv, type McpServerCommand } from '../../protocol/mcp';
import type { McpEndpoint } from './mcpEndpoint';

/** How to start the server from this extension host: its executable on dist/cli.js. */
export function serverCommand(
  extensionPath: string,
  execPath: string = process.execPath,
  electron = process.versions.electron !== undefined,
): McpServerCommand {
  return { command: execPath, args: [join(extensionPath, 'dist', 'cli.js'), 'mcp'], env: electron ? { ELECTRON_RUN_AS_NODE: '1' } : {} };
}

/** The server's whole environment for a client that passes only what it is given: where to reach the window, and its token. */
export function serverEnvironment(server: McpServerCommand, endpoint: Pick<McpEndpoint, 'socketPath' | 'token'>): Record<string, string> {
  return { ...server.env, [McpEnv.socket]: endpoint.socketPath, [McpEnv.token]: endpoint.token };
}

/** The configuration any MCP client takes (Claude Desktop, Cursor, Claude Code's .mcp.json format…). */
export function mcpConfigurationJson(server: McpServerCommand, endpoint: Pick<McpEndpoint, 'socketPath' | 'token'>): string {
  const entry = { type: 'stdio', command: server.command, args: server.args, env: serverEnvironment(server, endpoint) };
  return `${JSON.stringify({ mcpServers: { [MCP_SERVER_NAME]: entry } }, null, 2)}\n`;
}
