// Codex adapter: `codex exec --json … -- <task>`; resume with `codex exec --json … resume <thread_id> -- <task>`.
// A long task goes through stdin: the prompt `-` (after `--`) makes `codex exec` read it from there.
import type { AgentAdapter, AgentTaskRequest, CommandSpec } from './agentAdapter';
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
