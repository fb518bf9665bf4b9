// The MCP server over the wire. `agent-affinity mcp` (started by an agent or an editor over stdio)
// forwards each tool call to the window's orchestrator over a local socket or pipe: a hello with
// the window's token (and the session's token, when an Agent Affinity session started the agent),
// then calls and answers, one JSON object per line. Also the tools' names and arguments, the
// environment that carries the tokens, and the hand-off question the orchestrator asks the host.
import { requestType } from './rpc';

/** The server's name in every client's configuration (Claude Code names its tools `mcp__agent-affinity__…`). */
export const MCP_SERVER_NAME = 'agent-affinity';

/** Environment variables the server reads: where the orchestrator listens and the tokens that open it. */
export const McpEnv = {
  /** The socket path (or Windows pipe name) of the window's orchestrator. */
  socket: 'AGENT_AFFINITY_MCP_SOCKET',
  /** The window's random token: nothing is answered without it. */
  token: 'AGENT_AFFINITY_MCP_TOKEN',
  /** The calling session's own token (set only in the agents Agent Affinity starts). */
  session: 'AGENT_AFFINITY_SESSION_TOKEN',
} as const;

export const MCP_TOOL_NAMES = ['known_fixes', 'record_fix', 'context_budget', 'who_holds', 'context_pack', 'route', 'hand_off'] as const;

export type McpToolName = (typeof MCP_TOOL_NAMES)[number];

export interface KnownFixesArgs {
  error: string;
  file?: string;
  language?: string;
  page?: number;
}

export interface RecordFixArgs {
  error: string;
  file: string;
  diff: string;
  note?: string;
}

export interface WhoHoldsArgs {
  paths: string[];
  page?: number;
}

export interface ContextPackArgs {
  task: string;
  max_tokens: number;
  page?: number;
}

export interface RouteArgs {
  task: string;
}

export interface HandOffArgs {
  session: string;
  task: string;
}

/** Each tool's arguments. */
export interface McpToolArgs {
  known_fixes: KnownFixesArgs;
  record_fix: RecordFixArgs;
  context_budget: Record<string, never>;
  who_holds: WhoHoldsArgs;
  context_pack: ContextPackArgs;
  route: RouteArgs;
  hand_off: HandOffArgs;
}

/** What the host tells the orchestrator at start: where to listen, the window's token, and how an
 *  agent starts the server (so the sessions' agents get it on their command line). */
export interface McpInitOptions {
  /** A Unix socket path (in the extension's storage, or a private temporary folder when that path is too long) or a Windows pipe name. */
  socketPath: string;
  /** The window's random token. */
  token: string;
  /** `agent-affinity mcp` as a process: the command, its arguments and the (non-secret) environment it needs. */
  server: McpServerCommand;
}

export interface McpServerCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
}

// ── the socket protocol (one JSON object per line) ──

/** Client → orchestrator, first line: the tokens. */
export interface McpHello {
  type: 'hello';
  token: string;
  sessionToken?: string;
  /** Who is asking (the MCP client's name), for the logs. */
  client?: string;
}

/** Client → orchestrator: one tool call; answered with the same id. */
export interface McpCall {
  type: 'call';
  id: number;
  tool: McpToolName;
  args: unknown;
}

export type McpClientMessage = McpHello | McpCall;

/** Orchestrator → client: the hello was accepted; `session` when the session token named one. */
export interface McpWelcome {
  type: 'welcome';
  session?: { id: string; name: string };
}

/** Orchestrator → client: the hello was refused (the connection is then closed). */
export interface McpRefused {
  type: 'refused';
  reason: string;
}

/** Orchestrator → client: a tool's answer, text for the model (small: paged or cut with a hint). */
export interface McpAnswer {
  type: 'answer';
  id: number;
  text: string;
  isError?: boolean;
}

export type McpServerMessage = McpWelcome | McpRefused | McpAnswer;

/** A line longer than this (UTF-8 bytes) ends the connection: far beyond any bounded call or answer. */
export const MCP_MAX_LINE_BYTES = 1024 * 1024;

// ── the hand-off question (orchestrator → host) ──

export interface HandOffQuestion {
  /** The session asking, when an Agent Affinity session asks. */
  fromSessionId?: string;
  fromName: string;
  toSessionId: string;
  toName: string;
  task: string;
  /** Names of the sessions the request passed through, first first. */
  chain: string[];
}

export interface HandOffDecision {
  allow: boolean;
}

/** Orchestrator → host: may this hand-off go ahead? The person answers (Allow / Deny). */
export const ConfirmHandOffRequest = requestType<HandOffQuestion, HandOffDecision>('affinity/mcp/confirmHandOff');
