// What an agent run gets to reach the MCP server: the variables that carry the socket and the
// tokens (the window's, and the session's own, so `context_budget` knows who calls), and the server
// its command line registers (Claude Code `--mcp-config`, Codex `-c mcp_servers.…`; see the
// adapters). Every agent's run gets the variables, so a server the user registered by hand (Gemini
// CLI takes MCP servers only from its settings files, whose system layer must be owned by root)
// reaches this window too: Gemini passes its environment on to its MCP servers.
import type { McpServerSpec } from '../agents/agentAdapter';
import type { SessionRecord } from '../sessions/sessionTypes';
import type { SessionTokens } from './tokens';

export interface AgentLaunchConfig {
  /** The server's name in the agents' configuration. */
  name: string;
  socketPath: string;
  windowToken: string;
  /** `agent-affinity mcp` as a process, with its fixed (non-secret) variables. */
  server: { command: string; args: string[]; env: Record<string, string> };
  /** The names of the variables carrying the socket, the window's token and the session's token. */
  envNames: { socket: string; token: string; session: string };
}

export type AgentLaunch = { env: Record<string, string>; server: McpServerSpec };

export class AgentLaunches {
  constructor(
    private readonly config: AgentLaunchConfig,
    private readonly tokens: SessionTokens,
  ) {}

  /** A run's variables and server. */
  forSession(session: Pick<SessionRecord, 'id'>): AgentLaunch {
    const { envNames: n, server } = this.config;
    const env: Record<string, string> = {
      [n.socket]: this.config.socketPath,
      [n.token]: this.config.windowToken,
      [n.session]: this.tokens.tokenFor(session.id),
    };
    return {
      env,
      server: {
        name: this.config.name,
        command: server.command,
        args: [...server.args],
        env: { ...server.env },
        forwardEnv: [n.socket, n.token, n.session],
      },
    };
  }
}
