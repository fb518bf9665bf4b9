// `agent-affinity mcp`: Agent Affinity's MCP server over stdio. It holds no state: every tool call
// goes to the window's running orchestrator over the socket and with the tokens named in its
// environment (AGENT_AFFINITY_MCP_SOCKET, AGENT_AFFINITY_MCP_TOKEN, and AGENT_AFFINITY_SESSION_TOKEN
// in the agents Agent Affinity starts). Without an orchestrator every tool result says so. Runs until
// the client closes stdin.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { parseCli } from '../cliArgs';
import type { CliCommand, CliIo } from '../cliCommand';
import { McpEnv, type McpToolName } from '../../protocol/mcp';
import { OrchestratorLink } from '../mcp/orchestratorLink';
import { createMcpToolServer } from '../mcp/mcpToolServer';

declare const ORCHESTRATOR_VERSION: string | undefined;

const HELP = `Usage: agent-affinity mcp

Agent Affinity's MCP server over stdio, for Claude Code, Codex, Gemini CLI, VS Code's agent mode or
any MCP client. It answers from the running orchestrator of a VS Code window, which it reaches with
${McpEnv.socket} and ${McpEnv.token} in its environment (the command
"Agent Affinity: Copy MCP Configuration" gives a client's configuration with both).
`;

/** A hand-off waits for the person's answer in VS Code; everything else answers at once. */
function callTimeoutMs(tool: McpToolName): number {
  return tool === 'hand_off' ? 11 * 60_000 : 60_000;
}

export const mcpCommand: CliCommand = {
  name: 'mcp',
  summary: 'MCP server over stdio (tools answered by the VS Code window)',
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseCli(argv, {});
    if (args.kind === 'help') {
      io.out(HELP);
      return 0;
    }
    if (args.kind === 'error') {
      io.err(`agent-affinity mcp takes no arguments: ${args.message}\n\n${HELP}`);
      return 2;
    }
    const env = process.env;
    const link = new OrchestratorLink({
      socketPath: env[McpEnv.socket],
      token: env[McpEnv.token],
      sessionToken: env[McpEnv.session],
      client: 'agent-affinity mcp',
      callTimeoutMs,
    });
    const server = createMcpToolServer(link, typeof ORCHESTRATOR_VERSION === 'string' ? ORCHESTRATOR_VERSION : 'dev');
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      process.stdin.once('end', resolve);
      process.stdin.once('close', resolve);
    });
    await server.connect(transport);
    await closed;
    link.close();
    await server.close().catch(() => undefined);
    return 0;
  },
};
