// The persisted shape of a session and its tasks (what the repository stores).
import type { AgentKind } from '../agents/agentEvents';
import type { SessionState } from './sessionState';

export interface Specialty {
  label: string;
  /** minimatch globs, e.g. `webview-ui/**`, `**\/*.tsx`. */
  globs: string[];
}

export type TaskStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

export interface TaskRecord {
  id: string;
  text: string;
  /** Higher runs first; ties in order of creation. */
  priority: number;
  /** Ids of earlier tasks that must succeed first. */
  dependsOn: string[];
  status: TaskStatus;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** How many times this task was started. */
  attempts: number;
  resultText?: string;
  /** Why the task failed or was skipped. */
  error?: string;
  /** The last stderr lines of a failed run. */
  stderrTail?: string[];
  /** A failed task can be queued again. */
  retryable?: boolean;
  /** How the last run failed (`missing-executable`, `crash`, `agent-error`…; see RunFailureKind). */
  failureKind?: string;
  costUsd?: number;
}

export interface WorkingSetEntry {
  /** Relative to the session folder when inside it, else absolute. */
  path: string;
  reads: number;
  edits: number;
  firstAt: number;
  lastAt: number;
  lastAccess: 'read' | 'edit';
}

export interface SessionRecord {
  id: string;
  name: string;
  agent: AgentKind;
  /** The workspace folder (or worktree) the agent runs in. */
  folder: string;
  specialty?: Specialty;
  model?: string;
  permissionMode?: string;
  allowedTools?: string[];
  /** The agent's own conversation id, for resume. */
  conversationId?: string;
  state: SessionState;
  /** Tasks waiting to run, in the order they were added. */
  queue: TaskRecord[];
  /** Tasks that ran or were skipped, oldest first (includes the running one); the oldest finished ones past the history limit are dropped. */
  history: TaskRecord[];
  /** How many finished tasks were dropped from `history` (so the number of tasks run stays right). */
  trimmedTasks?: number;
  workingSet: WorkingSetEntry[];
  createdAt: number;
  lastActivityAt: number;
  /** Why the session failed, with the last stderr lines. */
  lastError?: { reason: string; stderrTail: string[]; at: number; kind?: string };
}

export interface WorktreeRecord {
  /** The workspace folder the session belongs to (the repository's folder). */
  workspaceFolder: string;
  repoRoot: string;
  path: string;
  branch: string;
  /** The Claude Code config file in which this worktree was marked trusted (removed with it). */
  claudeTrustIn?: string;
}

export interface SessionsDocument {
  sessions: SessionRecord[];
  worktrees: Record<string, WorktreeRecord>;
}

/** What a session is called and where it works, without its history (cheap: no copy of its tasks). */
export interface SessionBrief {
  readonly id: string;
  readonly name: string;
  readonly folder: string;
  /** The task it runs now, if any. */
  readonly runningTaskId?: string;
}

/** What a session works with, without its tasks (cheap: a copy of its working set, none of its history). */
export type SessionWorkingView = Pick<
  SessionRecord,
  'id' | 'name' | 'agent' | 'folder' | 'specialty' | 'model' | 'conversationId' | 'workingSet'
>;
