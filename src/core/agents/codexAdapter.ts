// Codex adapter: `codex exec --json … -- <task>`; resume with `codex exec --json … resume <thread_id> -- <task>`.
// A long task goes through stdin: the prompt `-` (after `--`) makes `codex exec` read it from there.
// Agent Affinity's MCP server comes as `-c mcp_servers.<name>.…` overrides (TOML values, checked
// against Codex 0.169: `codex mcp list` shows them); Codex passes only named variables on to a
// server, so the tokens' names go in `env_vars`, never their values.
import type { AgentAdapter, AgentTaskRequest, CommandSpec, McpServerSpec } from './agentAdapter';
import { checkArgValue } from './agentAdapter';
import type { AgentLineParser } from './agentEvents';
import { CodexJsonParser } from './codexParser';
import { ARGV_TASK_LIMIT_BYTES, taskNeedsStdin } from './taskInput';

export interface CodexAdapterOptions {
  executable?: string;
  /** Allow running outside a git repository (`--skip-git-repo-check`). */
  skipGitRepoCheck?: boolean;
  /** `--sandbox` mode; codex defaults to read-only. */
  sandbox?: 'read-only' | 'workspace-write' | 'danger-full-access';
  extraArgs?: string[];
  /** Tasks longer than this (UTF-8 bytes) go through stdin; default ARGV_TASK_LIMIT_BYTES. */
  stdinAboveBytes?: number;
}

export class CodexAdapter implements AgentAdapter {
  readonly kind = 'codex' as const;
  readonly displayName = 'Codex';
  readonly executableSetting = 'agentAffinity.codex.path';
  readonly installHint = 'npm i -g @openai/codex';
  readonly expectsInit = true;
  readonly expectsDone = true;

  constructor(private readonly options: CodexAdapterOptions = {}) {}

  commandFor(req: AgentTaskRequest): CommandSpec {
    const args = ['exec', '--json'];
    if (this.options.skipGitRepoCheck) args.push('--skip-git-repo-check');
    if (this.options.sandbox) args.push('--sandbox', this.options.sandbox);
    if (req.model) args.push('-m', checkArgValue('model', req.model));
    if (req.mcpServer) args.push(...codexMcpOverrides(req.mcpServer));
    args.push(...(this.options.extraArgs ?? []));
    if (req.conversationId) args.push('resume', checkArgValue('thread id', req.conversationId));
    const command = this.options.executable ?? 'codex';
    if (taskNeedsStdin(req.text, this.options.stdinAboveBytes ?? ARGV_TASK_LIMIT_BYTES))
      return { command, args: [...args, '--', '-'], stdin: req.text };
    return { command, args: [...args, '--', req.text] };
  }

  createParser(): AgentLineParser {
    return new CodexJsonParser();
  }

  startFailureHint(_exitCode: number | null, stderrTail: readonly string[]): string | undefined {
    if (stderrTail.some((l) => l.includes('--skip-git-repo-check'))) {
      return 'Codex runs only in a git repository it trusts. Make the folder one (git init), or allow it with the setting agentAffinity.codex.skipGitRepoCheck';
    }
    return undefined;
  }

  interactiveCommand(conversationId?: string): CommandSpec {
    return {
      command: this.options.executable ?? 'codex',
      args: conversationId ? ['resume', checkArgValue('thread id', conversationId)] : [],
    };
  }
}

/** TOML for a string: the escapes JSON writes (quote, backslash, \\n, \\uXXXX) are TOML basic-string escapes too. */
function tomlString(s: string): string {
  return JSON.stringify(s);
}

/** `-c` overrides declaring one stdio MCP server. */
export function codexMcpOverrides(server: McpServerSpec): string[] {
  const key = `mcp_servers.${checkArgValue('MCP server name', server.name)}`;
  const env = Object.entries(server.env)
    .map(([k, v]) => `${checkArgValue('variable name', k)}=${tomlString(v)}`)
    .join(',');
  const list = (xs: readonly string[]): string => `[${xs.map(tomlString).join(',')}]`;
  return [
    '-c',
    `${key}.command=${tomlString(server.command)}`,
    '-c',
    `${key}.args=${list(server.args)}`,
    '-c',
    `${key}.env={${env}}`,
    '-c',
    `${key}.env_vars=${list(server.forwardEnv.map((n) => checkArgValue('variable name', n)))}`,
  ];
}
