// The typed events every agent adapter produces from its CLI's output, whatever the agent.
// Usage figures are the raw per-request numbers the CLI reported; consumers (the budget helper)
// decide how to combine them. `done` totals are run roll-ups and must never be read as fill.

export type AgentKind = 'claude' | 'codex' | 'gemini' | 'command';

/** How a tool touches a file: read-only access or an edit (create, modify, delete). */
export type FileAccess = 'read' | 'edit';

export interface ToolFileRef {
  path: string;
  access: FileAccess;
}

export interface TextEvent {
  type: 'text';
  text: string;
  isSidechain: boolean;
}

export interface ToolUseEvent {
  type: 'tool_use';
  toolId: string;
  toolName: string;
  input: Record<string, unknown>;
  /** Files this call reads or edits, from its input (absolute or as the agent wrote them). */
  files: ToolFileRef[];
  isSidechain: boolean;
}

export interface ToolResultEvent {
  type: 'tool_result';
  toolId: string;
  isError: boolean;
  text: string;
  /** The edited file's text before this call, when the agent reports it (Claude Code's
   *  `tool_use_result.originalFile`; null for a file the call created). */
  originalFile?: { path: string; text: string | null };
}

export interface UsageEvent {
  type: 'usage';
  /** API message id (dedupe key: Claude repeats one message's usage on every content block). */
  messageId: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  isSidechain: boolean;
  parentToolId?: string;
  /** True when the figures are a running total for the whole conversation (Codex, Gemini),
   *  not one request's usage; per-request values are then the difference of two readings. */
  cumulative?: boolean;
}

export interface InitEvent {
  type: 'init';
  conversationId: string;
  model?: string;
  tools: string[];
  cwd?: string;
}

export interface CompactionEvent {
  type: 'compaction';
  trigger: string;
  preTokens?: number;
}

export interface ErrorEvent {
  type: 'error';
  message: string;
  /** A retry notice or warning the agent recovers from, as opposed to a fatal error. */
  transient: boolean;
  status?: number;
}

/** One run's token figures, in the same fields as a request's usage. */
export type RunUsage = Pick<UsageEvent, 'input_tokens' | 'output_tokens' | 'cache_creation_input_tokens' | 'cache_read_input_tokens'>;

export interface DoneEvent {
  type: 'done';
  ok: boolean;
  conversationId?: string;
  resultText?: string;
  /** This run's cost in USD as the agent computed it (Claude: the growth of `total_cost_usd`, which
   *  is cumulative over a long-lived process and over a resumed conversation). */
  costUsd?: number;
  /** When the agent's own figure cannot be split out for this run (the first run after a resume:
   *  its cost and model usage include the restored conversation), this run's usage at list prices. */
  estimatedCostUsd?: number;
  /** What the agent reports for the whole run (Claude `result.usage`): every API call, final output
   *  counts, side-model and subagent calls included. Totals only, never a context fill. */
  runUsage?: RunUsage;
  /** Context window of the run's main model when the agent reports it (Claude modelUsage). */
  contextWindow?: number;
  /** Why the run failed, when ok is false. */
  errorMessage?: string;
}

/** The agent asks whether it may use a tool (Claude `can_use_tool` over the control protocol);
 *  the run waits until the host answers with `PermissionDecision`. */
export interface PermissionRequestEvent {
  type: 'permission_request';
  requestId: string;
  toolName: string;
  toolId?: string;
  input: Record<string, unknown>;
  files: ToolFileRef[];
  description?: string;
}

export type PermissionDecision = { allow: true; updatedInput?: Record<string, unknown> } | { allow: false; message: string };

/** A JSON line this parser does not model; kept so nothing is silently lost. */
export interface RawEvent {
  type: 'raw';
  data: unknown;
}

/** A line that was not JSON (logged and skipped; the runner counts these). */
export interface GarbageEvent {
  type: 'garbage';
  line: string;
}

export type AgentEvent =
  | TextEvent
  | ToolUseEvent
  | ToolResultEvent
  | UsageEvent
  | InitEvent
  | CompactionEvent
  | ErrorEvent
  | DoneEvent
  | PermissionRequestEvent
  | RawEvent
  | GarbageEvent;

/** Turns one output line into zero or more events; stateful per run (ids, dedupe). */
export interface AgentLineParser {
  parseLine(line: string): AgentEvent[];
}
