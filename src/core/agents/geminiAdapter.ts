// Gemini CLI adapter: `gemini --prompt=<task> --output-format stream-json [--resume=<id>]`.
// The `=` form binds the task to --prompt even when it starts with a dash. Checked against the real
// CLI (0.61.0): `--resume=<session uuid>` resumes a session of the same folder (another folder's id
// exits 42); headless runs in a folder Gemini does not trust exit 55 unless `--skip-trust`; in the
// `default` approval mode a headless run has no edit or shell tools at all. A long task goes through
// stdin without `--prompt` (a piped stdin makes the CLI headless and is the whole prompt); the CLI
// reads at most 8 MiB there and silently cuts the rest, so a longer task is refused before it starts.
import type { AgentAdapter, AgentTaskRequest, CommandSpec } from './agentAdapter';
import { checkArgValue } from './agentAdapter';
import type { AgentLineParser } from './agentEvents';
import { GeminiStreamParser } from './geminiParser';
import { ARGV_TASK_LIMIT_BYTES, InvalidTaskError, formatBytes, taskNeedsStdin } from './taskInput';

/** What Gemini CLI reads from stdin at most (its `readStdin`, 0.61.0: MAX_STDIN_SIZE). */
export const GEMINI_STDIN_LIMIT_BYTES = 8 * 1024 * 1024;

export interface GeminiAdapterOptions {
  executable?: string;
  /** `--approval-mode` (default, auto_edit, yolo, plan) when the task names no permission mode. */
  approvalMode?: string;
  /** `--skip-trust`: run in folders the user has not trusted in Gemini CLI (headless runs there
   *  otherwise fail with exit 55). Only for folders the user trusts otherwise (VS Code workspace trust). */
  skipTrust?: boolean;
  extraArgs?: string[];
  /** Tasks longer than this (UTF-8 bytes) go through stdin; default ARGV_TASK_LIMIT_BYTES. */
  stdinAboveBytes?: number;
}

/** Session permission modes (Claude Code's names) in Gemini's approval modes; Gemini's own names pass. */
const approvalModes: Record<string, string> = {
  default: 'default',
  acceptEdits: 'auto_edit',
  auto: 'auto_edit',
  plan: 'plan',
  bypassPermissions: 'yolo',
  dontAsk: 'default',
  auto_edit: 'auto_edit',
  yolo: 'yolo',
};

/** The `--approval-mode` value for a session's permission mode (unknown names go through, checked,
 *  so the CLI's own message names them). */
export function geminiApprovalMode(permissionMode: string): string {
  return approvalModes[permissionMode] ?? checkArgValue('approval mode', permissionMode);
}

export class GeminiAdapter implements AgentAdapter {
  readonly kind = 'gemini' as const;
  readonly displayName = 'Gemini CLI';
  readonly executableSetting = 'agentAffinity.gemini.path';
  readonly installHint = 'npm i -g @google/gemini-cli';
  readonly expectsInit = true;
  readonly expectsDone = true;

  constructor(private readonly options: GeminiAdapterOptions = {}) {}

  commandFor(req: AgentTaskRequest): CommandSpec {
    const viaStdin = taskNeedsStdin(req.text, this.options.stdinAboveBytes ?? ARGV_TASK_LIMIT_BYTES);
    if (viaStdin) {
      const bytes = Buffer.byteLength(req.text, 'utf8');
      if (bytes > GEMINI_STDIN_LIMIT_BYTES)
        throw new InvalidTaskError(
          `The task is ${formatBytes(bytes)}; Gemini CLI reads at most ${formatBytes(GEMINI_STDIN_LIMIT_BYTES)} of a task and would cut the rest. Shorten it, or send it to a Claude Code or Codex session.`,
        );
    }
    const args = [...(viaStdin ? [] : [`--prompt=${req.text}`]), '--output-format', 'stream-json'];
    if (req.conversationId) args.push(`--resume=${checkArgValue('session id', req.conversationId)}`);
    if (req.model) args.push(`--model=${checkArgValue('model', req.model)}`);
    const mode = req.permissionMode ? geminiApprovalMode(req.permissionMode) : this.options.approvalMode;
    if (mode) args.push(`--approval-mode=${checkArgValue('approval mode', mode)}`);
    if (this.options.skipTrust) args.push('--skip-trust');
    args.push(...(this.options.extraArgs ?? []));
    return { command: this.options.executable ?? 'gemini', args, ...(viaStdin ? { stdin: req.text } : {}) };
  }

  createParser(): AgentLineParser {
    return new GeminiStreamParser();
  }

  startFailureHint(exitCode: number | null, stderrTail: readonly string[]): string | undefined {
    if (exitCode === 55 || stderrTail.some((l) => l.includes('trusted directory'))) {
      return 'Gemini CLI does not trust this folder. Trust it by running `gemini` there once, or allow untrusted folders with the setting agentAffinity.gemini.skipTrust';
    }
    return undefined;
  }

  interactiveCommand(conversationId?: string): CommandSpec {
    return {
      command: this.options.executable ?? 'gemini',
      args: conversationId ? [`--resume=${checkArgValue('session id', conversationId)}`] : [],
    };
  }
}
