// Sessions over the wire: what the views show of each session and the requests that change them.
import { notificationType, requestType } from './rpc';

export type AgentKindName = 'claude' | 'codex' | 'gemini' | 'command';
export type SessionStateName = 'idle' | 'starting' | 'running' | 'waiting' | 'stopping' | 'stopped' | 'failed';
export type TaskStatusName = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

export interface TaskSummary {
  id: string;
  text: string;
  priority: number;
  status: TaskStatusName;
  dependsOn: string[];
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  attempts: number;
  error?: string;
  retryable?: boolean;
  /** How the last run failed (`missing-executable`: the CLI was not found; a setup problem, not the task's). */
  failureKind?: string;
  resultText?: string;
}

export interface WorkingSetSummary {
  path: string;
  reads: number;
  edits: number;
  lastAt: number;
  lastAccess: 'read' | 'edit';
}

export interface SessionSummary {
  id: string;
  name: string;
  agent: AgentKindName;
  /** The workspace folder the session belongs to. */
  folder: string;
  /** Where the agent runs: the folder, or the session's git worktree. */
  cwd: string;
  worktree?: { path: string; branch: string };
  specialty?: { label: string; globs: string[] };
  model?: string;
  /** The session's own permission mode (Claude Code's names; Gemini CLI's approval mode follows it). */
  permissionMode?: string;
  conversationId?: string;
  state: SessionStateName;
  current?: TaskSummary;
  queue: TaskSummary[];
  /** The last few finished tasks, newest last. */
  recent: TaskSummary[];
  tasksRun: number;
  workingSet: WorkingSetSummary[];
  createdAt: number;
  lastActivityAt: number;
  /** Why the session failed; `kind` is how (`missing-executable` names a setup problem). */
  lastError?: { reason: string; stderrTail: string[]; at: number; kind?: string };
}

export interface CreateSessionParams {
  name: string;
  agent: AgentKindName;
  folder: string;
  specialty?: { label: string; globs: string[] };
  model?: string;
  /** Claude Code permission mode; the setting agentAffinity.claude.permissionMode when absent. */
  permissionMode?: string;
  /** Create a git worktree and branch for the session. */
  worktree?: boolean;
}

/** A CLI that will not start, found when the session was created: what to do, and the setting. */
export interface SetupProblem {
  message: string;
  /** The setting to change (agentAffinity.claude.path…). */
  setting: string;
}

export interface CreateSessionResult {
  session: SessionSummary;
  /** Set when the agent's CLI was not found as its first task will look for it. */
  setupProblem?: SetupProblem;
}

export interface SessionRef {
  sessionId: string;
}

export interface SendTaskParams extends SessionRef {
  text: string;
  priority?: number;
  dependsOn?: string[];
}

export interface DeleteSessionParams extends SessionRef {
  /** Also remove the session's worktree even when it has uncommitted changes. */
  removeWorktree?: 'ifClean' | 'force' | 'keep';
}

export interface DeleteSessionResult {
  deleted: boolean;
  /** Set when the worktree was kept, with the reason (for example uncommitted changes). */
  worktreeKept?: string;
}

export interface TerminalCommand {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface WorktreeSupport {
  folder: string;
  available: boolean;
  /** Why worktrees are not available (not a git repository, git missing). */
  reason?: string;
}

export const ListSessionsRequest = requestType<void, SessionSummary[]>('affinity/sessions/list');
export const CreateSessionRequest = requestType<CreateSessionParams, CreateSessionResult>('affinity/sessions/create');
export const SendTaskRequest = requestType<SendTaskParams, TaskSummary>('affinity/sessions/sendTask');
export const RetryTaskRequest = requestType<SessionRef & { taskId: string }, TaskSummary>('affinity/sessions/retryTask');
export const StopSessionRequest = requestType<SessionRef, void>('affinity/sessions/stop');
export const ResumeSessionRequest = requestType<SessionRef, void>('affinity/sessions/resume');
/** A session's model and permission mode; `null` goes back to the agent's default (or the setting). */
export interface SessionSettingsParams extends SessionRef {
  model?: string | null;
  permissionMode?: string | null;
}

export const UpdateSessionSettingsRequest = requestType<SessionSettingsParams, SessionSummary>('affinity/sessions/updateSettings');
export const RenameSessionRequest = requestType<SessionRef & { name: string }, void>('affinity/sessions/rename');
export const DeleteSessionRequest = requestType<DeleteSessionParams, DeleteSessionResult>('affinity/sessions/delete');
/** The transcript so far as readable text lines. */
export const SessionTranscriptRequest = requestType<SessionRef, string[]>('affinity/sessions/transcript');
/** The agent's interactive mode resuming the session's conversation, or null where it has none. */
export const SessionTerminalRequest = requestType<SessionRef, TerminalCommand | null>('affinity/sessions/terminal');
export const WorktreeSupportRequest = requestType<{ folder: string }, WorktreeSupport>('affinity/sessions/worktreeSupport');

/** Orchestrator → host: a session was created or changed. */
export const SessionChangedNotification = notificationType<{ session: SessionSummary }>('affinity/sessions/changed');
export const SessionDeletedNotification = notificationType<SessionRef>('affinity/sessions/deleted');
/** Orchestrator → host: new transcript lines for a session (for open transcript documents). */
export const TranscriptAppendedNotification = notificationType<SessionRef & { lines: string[] }>('affinity/sessions/transcriptAppended');
/** Orchestrator → host: a task ended (succeeded, failed, skipped or cancelled). */
export const TaskFinishedNotification = notificationType<SessionRef & { task: TaskSummary; sessionName: string }>(
  'affinity/sessions/taskFinished',
);
