// What an agent run gets to reach the MCP server: the variables that carry the socket and the
// tokens (the window's, and the session's own, so `context_budget` knows who calls), and the server
// its command line registers (Claude Code `--mcp-config`, Codex `-c mcp_servers.…`; see the
// adapters). Gemini CLI takes MCP servers only from settings files: its runs get a system-defaults
// file of ours (GEMINI_CLI_SYSTEM_DEFAULTS_PATH, the lowest settings layer, so the user's own
// servers stay), which names the variables instead of holding the tokens. When the machine
// already has Gemini system defaults, ours would hide them: Gemini runs then go without the server.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { platform } from 'node:os';
import { dirname, join } from 'node:path';
import type { McpServerSpec } from '../agents/agentAdapter';
import { writeFileAtomic } from '../files';
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

export const GEMINI_DEFAULTS_ENV = 'GEMINI_CLI_SYSTEM_DEFAULTS_PATH';

/** Gemini CLI's own system-defaults file (its `getSystemDefaultsPath`, 0.61.0). */
export function geminiSystemDefaultsPath(env: Readonly<Record<string, string | undefined>>): string {
  if (env[GEMINI_DEFAULTS_ENV]) return env[GEMINI_DEFAULTS_ENV];
  const settings =
    env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'] ??
    (platform() === 'darwin'
      ? '/Library/Application Support/GeminiCli/settings.json'
      : platform() === 'win32'
        ? 'C:\\ProgramData\\gemini-cli\\settings.json'
        : '/etc/gemini-cli/settings.json');
  return join(dirname(settings), 'system-defaults.json');
}

/** The system-defaults file Gemini runs get: our server, the tokens by name (Gemini expands `$NAME`). */
export function geminiDefaults(config: AgentLaunchConfig): string {
  const refs = Object.fromEntries(Object.values(config.envNames).map((n) => [n, `$${n}`]));
  const server = { command: config.server.command, args: config.server.args, env: { ...config.server.env, ...refs }, trust: true };
  return `${JSON.stringify({ mcpServers: { [config.name]: server } }, null, 2)}\n`;
}

export class AgentLaunches {
  private geminiFile: string | undefined;

  constructor(
    private readonly config: AgentLaunchConfig,
    private readonly tokens: SessionTokens,
  ) {}

  /**
   * Writes Gemini's settings file into `dir` (private to the user), unless Gemini system defaults
   * exist already (in `env`, the orchestrator's environment merged with the Gemini sessions' own);
   * returns why Gemini runs go without the server, if they do.
   */
  async prepareGemini(dir: string, env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
    const existing = geminiSystemDefaultsPath(env);
    if (env[GEMINI_DEFAULTS_ENV] || existsSync(existing))
      return `Gemini CLI sessions do not get the MCP server: Gemini system defaults exist (${existing}), and ours would hide them`;
    const file = join(dir, 'gemini-system-defaults.json');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, geminiDefaults(this.config), { mode: 0o600, keepIdentity: false });
    this.geminiFile = file;
    return undefined;
  }

  /** A run's variables and server. */
  forSession(session: Pick<SessionRecord, 'id' | 'agent'>): AgentLaunch {
    const { envNames: n, server } = this.config;
    const env: Record<string, string> = {
      [n.socket]: this.config.socketPath,
      [n.token]: this.config.windowToken,
      [n.session]: this.tokens.tokenFor(session.id),
    };
    if (session.agent === 'gemini' && this.geminiFile !== undefined) env[GEMINI_DEFAULTS_ENV] = this.geminiFile;
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
