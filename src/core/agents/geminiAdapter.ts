// Gemini CLI adapter: `gemini --prompt=<task> --output-format stream-json [--resume=<id>]`.
// The `=` form binds the task to --prompt even when it starts with a dash.
import type { AgentAdapter, AgentTaskRequest, CommandSpec } from './agentAdapter';
import { checkArgValue } from './agentAdapter';
import type { AgentLineParser } from './agentEvents';
import { GeminiStreamParser } from './geminiParser';

export interface GeminiAdapterOptions {
  executable?: string;
  /** `--approval-mode` (default, auto_edit, yolo, plan). */
  approvalMode?: string;
  extraArgs?: string[];
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
    const args = [`--prompt=${req.text}`, '--output-format', 'stream-json'];
    if (req.conversationId) args.push(`--resume=${checkArgValue('session id', req.conversationId)}`);
    if (req.model) args.push(`--model=${checkArgValue('model', req.model)}`);
    if (this.options.approvalMode) args.push(`--approval-mode=${checkArgValue('approval mode', this.options.approvalMode)}`);
    args.push(...(this.options.extraArgs ?? []));
    return { command: this.options.executable ?? 'gemini', args };
  }

  createParser(): AgentLineParser { return new GeminiStreamParser(); }

  interactiveCommand(conversationId?: string): CommandSpec {
    return { command: this.options.executable ?? 'gemini', args: conversationId ? [`--resume=${checkArgValue('session id', conversationId)}`] : [] };
  }
}
