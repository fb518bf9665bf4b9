// Claude Code adapter: `claude -p --output-format stream-json --verbose`, resume with
// `--resume=<id>` (the `=` form, so an id can never inject a flag), the task after `--`, or on
// stdin when it is long (`-p` without a prompt argument reads the prompt from stdin).
// `longLivedCommand` starts one process per session that takes tasks as stdin user messages.
// Agent Affinity's MCP server comes with `--mcp-config=<json>` (the user's own servers stay) and its
// tools are allowed (`mcp__agent-affinity`); Claude Code passes its environment, tokens included, on
// to the server.
import type { AgentAdapter, AgentTaskRequest, CommandSpec, McpServerSpec } from './agentAdapter';
import { checkArgValue } from './agentAdapter';
import type { AgentLineParser, PermissionDecision } from './agentEvents';
import { ClaudeStreamParser } from './claudeParser';
import { ARGV_TASK_LIMIT_BYTES, taskNeedsStdin } from './taskInput';

export interface ClaudeAdapterOptions {
  /** Path of the `claude` executable (setting agentAffinity.claude.path); default `claude`. */
  executable?: string;
  /** Extra arguments placed before the task, from the user's settings. */
  extraArgs?: string[];
  /** Long-lived mode asks the host before using a tool the permission mode does not allow
   *  (`--permission-prompt-tool stdio`): the session waits for an answer. One-shot runs cannot
   *  answer (stdin is closed), so there such tools are simply denied by the CLI. */
  interactivePermissions?: boolean;
  /** Tasks longer than this (UTF-8 bytes) go through stdin; default ARGV_TASK_LIMIT_BYTES. */
  stdinAboveBytes?: number;
}

export class ClaudeAdapter implements AgentAdapter {
  readonly kind = 'claude' as const;
  readonly displayName = 'Claude Code';
  readonly executableSetting = 'agentAffinity.claude.path';
  readonly installHint = 'npm i -g @anthropic-ai/claude-code';
  readonly expectsInit = true;
  readonly expectsDone = true;

  constructor(private readonly options: ClaudeAdapterOptions = {}) {}

  get executable(): string {
    return this.options.executable ?? 'claude';
  }

  commandFor(req: AgentTaskRequest): CommandSpec {
    if (taskNeedsStdin(req.text, this.options.stdinAboveBytes ?? ARGV_TASK_LIMIT_BYTES))
      return { command: this.executable, args: this.baseArgs(req), stdin: req.text };
    return { command: this.executable, args: [...this.baseArgs(req), '--', req.text] };
  }

  /** One process per session; tasks are written with `userMessageLine`. */
  longLivedCommand(req: Omit<AgentTaskRequest, 'text'>): CommandSpec {
    const args = [...this.baseArgs(req), '--input-format', 'stream-json'];
    if (this.options.interactivePermissions) args.push('--permission-prompt-tool', 'stdio');
    return { command: this.executable, args };
  }

  createParser(): AgentLineParser {
    return new ClaudeStreamParser();
  }

  interactiveCommand(conversationId?: string): CommandSpec {
    return { command: this.executable, args: conversationId ? [`--resume=${checkArgValue('conversation id', conversationId)}`] : [] };
  }

  private baseArgs(req: Omit<AgentTaskRequest, 'text'>): string[] {
    const args = ['-p', '--output-format', 'stream-json', '--verbose'];
    if (req.conversationId) args.push(`--resume=${checkArgValue('conversation id', req.conversationId)}`);
    if (req.model) args.push(`--model=${checkArgValue('model', req.model)}`);
    if (req.permissionMode) args.push(`--permission-mode=${checkArgValue('permission mode', req.permissionMode)}`);
    const allowed = [
      ...(req.allowedTools ?? []),
      ...(req.mcpServer ? [`mcp__${checkArgValue('MCP server name', req.mcpServer.name)}`] : []),
    ];
    if (allowed.length > 0) args.push(`--allowedTools=${allowed.join(',')}`);
    if (req.mcpServer) args.push(`--mcp-config=${claudeMcpConfig(req.mcpServer)}`);
    args.push(...(this.options.extraArgs ?? []));
    return args;
  }
}

/** The `--mcp-config` JSON for one stdio server (Claude Code gives the server its own environment too). */
export function claudeMcpConfig(server: McpServerSpec): string {
  const { name, command, args, env } = server;
  return JSON.stringify({ mcpServers: { [name]: { type: 'stdio', command, args, env } } });
}

/** The stdin line answering a `can_use_tool` control request. */
export function permissionResponseLine(requestId: string, decision: PermissionDecision, input: Record<string, unknown>): string {
  const response = decision.allow
    ? { behavior: 'allow', updatedInput: decision.updatedInput ?? input }
    : { behavior: 'deny', message: decision.message };
  return `${JSON.stringify({ type: 'control_response', response: { subtype: 'success', request_id: requestId, response } })}\n`;
}

/** One stdin line of `--input-format stream-json`: a user message carrying the task. */
export function userMessageLine(text: string): string {
  return `${JSON.stringify({ type: 'user', session_id: '', message: { role: 'user', content: text }, parent_tool_use_id: null })}\n`;
}
