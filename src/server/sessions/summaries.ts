// Maps the core's session records to what the views are sent.
import type { SessionRecord, TaskRecord } from '../../core/sessions/sessionTypes';
import type { SessionSummary, TaskSummary } from '../../protocol/sessions';
import type { WorktreeRecord } from '../../core/sessions/sessionTypes';

const RECENT_TASKS = 5;
const WORKING_SET_SHOWN = 50;

export function taskSummary(t: TaskRecord): TaskSummary {
  const s: TaskSummary = {
    id: t.id,
    text: t.text,
    priority: t.priority,
    status: t.status,
    dependsOn: [...t.dependsOn],
    createdAt: t.createdAt,
    attempts: t.attempts,
  };
  if (t.startedAt !== undefined) s.startedAt = t.startedAt;
  if (t.finishedAt !== undefined) s.finishedAt = t.finishedAt;
  if (t.error !== undefined) s.error = t.error;
  if (t.retryable !== undefined) s.retryable = t.retryable;
  if (t.failureKind !== undefined) s.failureKind = t.failureKind;
  if (t.resultText !== undefined) s.resultText = t.resultText.slice(0, 2000);
  return s;
}

export function sessionSummary(r: SessionRecord, worktree: WorktreeRecord | undefined): SessionSummary {
  const running = r.history.find((t) => t.status === 'running');
  const finished = r.history.filter((t) => t.status !== 'running');
  const s: SessionSummary = {
    id: r.id,
    name: r.name,
    agent: r.agent,
    folder: worktree?.workspaceFolder ?? r.folder,
    cwd: r.folder,
    state: r.state,
    queue: r.queue.map(taskSummary),
    recent: finished.slice(-RECENT_TASKS).map(taskSummary),
    tasksRun: finished.length + (r.trimmedTasks ?? 0),
    workingSet: [...r.workingSet]
      .sort((a, b) => b.lastAt - a.lastAt)
      .slice(0, WORKING_SET_SHOWN)
      .map((w) => ({ path: w.path, reads: w.reads, edits: w.edits, lastAt: w.lastAt, lastAccess: w.lastAccess })),
    createdAt: r.createdAt,
    lastActivityAt: r.lastActivityAt,
  };
  if (worktree) s.worktree = { path: worktree.path, branch: worktree.branch };
  if (r.specialty) s.specialty = { label: r.specialty.label, globs: [...r.specialty.globs] };
  if (r.model !== undefined) s.model = r.model;
  if (r.permissionMode !== undefined) s.permissionMode = r.permissionMode;
  if (r.conversationId !== undefined) s.conversationId = r.conversationId;
  if (running) s.current = taskSummary(running);
  if (r.lastError)
    s.lastError = {
      reason: r.lastError.reason,
      stderrTail: [...r.lastError.stderrTail],
      at: r.lastError.at,
      ...(r.lastError.kind !== undefined ? { kind: r.lastError.kind } : {}),
    };
  return s;
}
