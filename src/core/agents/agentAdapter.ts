// The adapter contract: how one agent CLI turns a task into a process (an argument array,
// never a shell string) and how its output lines become typed events.
import type { AgentKind, AgentLineParser } from './agentEvents';

export interface AgentTaskRequest {
  /** The task text; adapters pass it so that it can never be read as a flag. */
  text: string;
  cwd: string;
  /** The agent's own conversation id to resume. */
  conversationId?: string;
  model?: string;
  /** Claude permission mode (default, acceptEdits, plan, bypassPermissions, dontAsk, auto). */
  permissionMode?: string;
  allowedTools?: string[];
  /** Environment overrides on top of the orchestrator's environment. */
  env?: Record<string, string>;
  /** Agent Affinity's MCP server, registered on the agent's command line where its CLI allows. */
  mcpServer?: McpServerSpec;
}

/** An MCP server started over stdio by the agent. Its secrets are never here: the agent's own
 *  environment carries them (`forwardEnv` names them, for agents that pass on only what is named). */
export interface McpServerSpec {
  name: string;
  command: string;
  args: string[];
  /** Fixed, non-secret variables the server needs. */
  env: Record<string, string>;
  /** Variables of the agent's environment the server must also get. */
  forwardEnv: string[];
}

export interface CommandSpec {
  command: string;
  args: string[];
  /** Written to the process's stdin, which is then closed; omitted → stdin closed at once. */
  stdin?: string;
}

export interface AgentAdapter {
  readonly kind: AgentKind;
  readonly displayName: string;
  /** The setting a user changes when the executable is not found. */
  readonly executableSetting: string;
  /** How to install the CLI, shown when it is missing. */
  readonly installHint: string;
  /** A run that ends before its init event failed to start (false for plain commands). */
  readonly expectsInit: boolean;
  /** A clean exit without a done event is a failure (false for plain commands). */
  readonly expectsDone: boolean;
  commandFor(req: AgentTaskRequest): CommandSpec;
  createParser(): AgentLineParser;
  /** The agent's interactive mode resuming the conversation ("Open Session in Terminal");
   *  absent for agents without one. */
  interactiveCommand?(conversationId?: string): CommandSpec;
  /** What the user can do about a run that exited before it started, recognised from its exit
   *  code or last stderr lines (a refusal the CLI explains in its own words); undefined if unknown. */
  startFailureHint?(exitCode: number | null, stderrTail: readonly string[]): string | undefined;
}

const safeValue = /^[A-Za-z0-9_][\w.:/@[\]-]*$/;

/** Rejects ids and names that could be taken as flags or carry separators. */
export function checkArgValue(what: string, value: string): string {
  if (!safeValue.test(value))
    throw new Error(`Invalid ${what} ${JSON.stringify(value)}: expected letters, digits, '.', '-', '_', ':' and no leading '-'.`);
  return value;
}
