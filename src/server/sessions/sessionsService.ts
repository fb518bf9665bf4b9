// The orchestrator's sessions feature: LSP wiring around the core's SessionsWorkspace (requests,
// and the manager's events relayed to the host as notifications).
import { SessionsWorkspace, type SessionsWorkspaceDeps } from '../../core/sessions/sessionsWorkspace';
import { transcriptItemLines, transcriptLines } from '../../core/sessions/transcriptText';
import { worktreeSupport } from '../../core/worktrees/gitWorktree';
import {
  CreateSessionRequest,
  DeleteSessionRequest,
  ListSessionsRequest,
  RenameSessionRequest,
  ResumeSessionRequest,
  RetryTaskRequest,
  SendTaskRequest,
  SessionChangedNotification,
  SessionDeletedNotification,
  SessionTerminalRequest,
  SessionTranscriptRequest,
  StopSessionRequest,
  TaskFinishedNotification,
  TranscriptAppendedNotification,
  UpdateSessionSettingsRequest,
  WorktreeSupportRequest,
  type SessionSummary,
} from '../../protocol/sessions';
import { onRequest, sendNotification } from '../rpc';
import type { ServerContext } from '../serverContext';
import { sessionSummary, taskSummary } from './summaries';

export interface SessionsHooks {
  /** Rewrites a task's text as it is dispatched (learned fixes add known fixes for its files). */
  taskText?(sessionId: string, text: string): string;
  /** Agent Affinity's MCP server for each run (src/server/mcp). */
  runMcp?: SessionsWorkspaceDeps['runMcp'];
  /** A task a person sent to a session directly (not routed), with the text they wrote. */
  taskSent?(taskId: string, text: string): void;
}

export async function startSessionsService(ctx: ServerContext, storageDir: string, hooks: SessionsHooks = {}): Promise<SessionsWorkspace> {
  const { connection } = ctx;
  const sessions = await SessionsWorkspace.open({
    storageDir,
    folders: ctx.options.workspaceFolders,
    settings: () => ctx.settings(),
    log: ctx.log,
    problem: (p) => ctx.problem(p),
    storeProblem: ctx.storeProblem,
    ...(hooks.runMcp ? { runMcp: hooks.runMcp } : {}),
  });
  const { manager } = sessions;
  const summary = (id: string): SessionSummary => {
    const r = manager.get(id);
    if (!r) throw new Error(`There is no session ${id}.`);
    return sessionSummary(r, sessions.worktree(id));
  };
  const notifyChanged = (id: string): void => sendNotification(connection, SessionChangedNotification, { session: summary(id) });
  const transcript = (sessionId: string, lines: string[]): void => {
    if (lines.length) sendNotification(connection, TranscriptAppendedNotification, { sessionId, lines });
  };
  ctx.onSettingsChanged(() => sessions.settingsChanged());
  manager.on('sessionChanged', ({ session }) => notifyChanged(session.id));
  manager.on('sessionDeleted', ({ sessionId }) => sendNotification(connection, SessionDeletedNotification, { sessionId }));
  manager.on('taskStarted', ({ sessionId, task }) =>
    transcript(
      sessionId,
      transcriptItemLines({ type: 'task_start', text: task.text, attempt: task.attempts }, task.startedAt ?? Date.now(), task.id),
    ),
  );
  manager.on('agentEvent', ({ sessionId, taskId, event }) => transcript(sessionId, transcriptItemLines(event, Date.now(), taskId)));
  manager.on('taskFinished', ({ sessionId, task }) => {
    const end = { type: 'task_end' as const, status: task.status, ...(task.error ? { error: task.error } : {}) };
    transcript(sessionId, transcriptItemLines(end, task.finishedAt ?? Date.now(), task.id));
    const sessionName = manager.get(sessionId)?.name ?? sessionId;
    sendNotification(connection, TaskFinishedNotification, { sessionId, task: taskSummary(task), sessionName });
  });

  onRequest(connection, ListSessionsRequest, () => manager.list().map((r) => sessionSummary(r, sessions.worktree(r.id))));
  onRequest(connection, CreateSessionRequest, async (p) => {
    const created = await sessions.create(p);
    await manager.durable(created.session.id); // acknowledged once on disk, with its worktree record
    // Sent again now that the worktree (if any) is recorded, so views group it under its folder.
    notifyChanged(created.session.id);
    return { session: summary(created.session.id), ...(created.setupProblem ? { setupProblem: created.setupProblem } : {}) };
  });
  // Learned fixes: known fixes for the errors in the task's files are appended to its text (hooks.taskText).
  onRequest(connection, SendTaskRequest, async (p) => {
    const text = hooks.taskText?.(p.sessionId, p.text) ?? p.text;
    const task = manager.sendTask(p.sessionId, {
      text,
      ...(p.priority !== undefined ? { priority: p.priority } : {}),
      ...(p.dependsOn ? { dependsOn: p.dependsOn } : {}),
    });
    await manager.durable(p.sessionId); // an acknowledged task survives a crash
    hooks.taskSent?.(task.id, p.text);
    return taskSummary(task);
  });
  onRequest(connection, RetryTaskRequest, async (p) => {
    const task = manager.retryTask(p.sessionId, p.taskId);
    await manager.durable(p.sessionId);
    return taskSummary(task);
  });
  onRequest(connection, StopSessionRequest, (p) => manager.stopSession(p.sessionId));
  onRequest(connection, ResumeSessionRequest, (p) => manager.resumeSession(p.sessionId));
  onRequest(connection, UpdateSessionSettingsRequest, (p) => summary(sessions.updateSettings(p.sessionId, p).id));
  onRequest(connection, RenameSessionRequest, (p) => {
    if (!p.name.trim()) throw new Error('A session needs a name.');
    manager.renameSession(p.sessionId, p.name.trim());
  });
  onRequest(connection, DeleteSessionRequest, (p) => sessions.delete(p.sessionId, p.removeWorktree));
  onRequest(connection, SessionTranscriptRequest, async (p) => transcriptLines(await manager.transcript(p.sessionId)));
  onRequest(connection, SessionTerminalRequest, (p) => sessions.terminal(p.sessionId));
  onRequest(connection, WorktreeSupportRequest, async (p) => {
    const s = await worktreeSupport(p.folder);
    return { folder: p.folder, available: s.available, ...(s.reason ? { reason: s.reason } : {}) };
  });
  ctx.onShutdown(() => sessions.close());
  return sessions;
}
