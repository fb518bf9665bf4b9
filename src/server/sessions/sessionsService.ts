// The orchestrator's sessions feature: the session manager on the workspace store, its requests,
// and its events relayed to the host as notifications.
import { join, resolve } from 'node:path';
import { changedAgentKinds, createAdapters, type AgentSettings } from '../../core/agents/adapterSet';
import type { DriverFactoryOptions } from '../../core/agents/agentDriver';
import { SessionManager } from '../../core/sessions/sessionManager';
import { FileTranscriptStore } from '../../core/sessions/transcriptStore';
import { ORCHESTRATOR_MARKER_ENV, orchestratorMarker, reapOrphanAgents } from '../../core/sessions/orphanAgents';
import { copyLocalAgentFiles, createWorktree, removeWorktree, worktreeChanges, worktreeSupport } from '../../core/worktrees/gitWorktree';
import { claudeGlobalConfigPath, forgetClaudeProject, inheritClaudeTrust } from '../../core/worktrees/claudeTrust';
import { storeProblemReport } from '../../core/store';
import type { OrchestratorSettings } from '../../protocol/settings';
import {
  CreateSessionRequest,
  DeleteSessionRequest,
  ListSessionsRequest,
  RenameSessionRequest,
  ResumeSessionRequest,
  RetryTaskRequest,
  UpdateSessionSettingsRequest,
  SendTaskRequest,
  SessionChangedNotification,
  SessionDeletedNotification,
  SessionTerminalRequest,
  SessionTranscriptRequest,
  StopSessionRequest,
  TaskFinishedNotification,
  TranscriptAppendedNotification,
  WorktreeSupportRequest,
  type CreateSessionParams,
  type DeleteSessionResult,
  type SessionSummary,
} from '../../protocol/sessions';
import { ListPermissionRequestsRequest } from '../../protocol/permissionRequests';
import { onRequest, sendNotification } from '../rpc';
import type { ServerContext } from '../serverContext';
import { askForPermissionsNote } from './permissionNote';
import { servePermissionRequests } from './permissionRequests';
import { codexSandbox, sessionPermissionMode, sessionSettingsPatch } from './agentModes';
import { SessionAllowLists } from './sessionAllowLists';
import { SessionStore } from './sessionStore';
import { sessionSummary, taskSummary } from './summaries';
import { transcriptItemLines, transcriptLines } from './transcriptText';

export interface SessionsService {
  manager: SessionManager;
  list(): SessionSummary[];
  /** The workspace folder a session belongs to (its worktree maps back to it). */
  workspaceFolderOf(sessionId: string): string | undefined;
}

function agentSettings(settings: OrchestratorSettings): AgentSettings {
  return {
    // Only the long-lived process can be asked (a one-shot run's stdin is closed): without it,
    // tools that need approval are refused, as when the setting is off.
    claude: {
      executable: settings.executables.claude,
      ...(settings.claudeAskForPermissions && settings.claudeLongLived ? { interactivePermissions: true } : {}),
    },
    codex: {
      executable: settings.executables.codex,
      sandbox: codexSandbox(settings.codexSandbox),
      skipGitRepoCheck: settings.codexSkipGitRepoCheck,
    },
    gemini: { executable: settings.executables.gemini, approvalMode: settings.geminiApprovalMode, skipTrust: settings.geminiSkipTrust },
    ...(settings.commandLine.trim() ? { commandLine: settings.commandLine } : {}),
  };
}

function driverOptions(settings: OrchestratorSettings, log: (m: string) => void): DriverFactoryOptions {
  return { longLivedClaude: settings.claudeLongLived, runOptions: { idleTimeoutMs: settings.taskIdleTimeoutSeconds * 1000, log } };
}

/** Starts the feature; without a workspace storage folder, sessions requests answer with why not. */
/** Other features' hooks into the sessions service. */
export interface SessionsHooks {
  /** Rewrites a task's text as it is dispatched (learned fixes add known fixes for its files). */
  taskText?(sessionId: string, text: string): string;
}

export async function startSessionsService(ctx: ServerContext, hooks: SessionsHooks = {}): Promise<SessionsService | undefined> {
  const storageDir = ctx.options.workspaceStorageDir;
  if (!storageDir) {
    const why = 'Agent sessions need a folder or workspace: open one to create sessions.';
    onRequest(ctx.connection, ListSessionsRequest, () => []);
    onRequest(ctx.connection, CreateSessionRequest, () => Promise.reject(new Error(why)));
    onRequest(ctx.connection, SendTaskRequest, () => Promise.reject(new Error(why)));
    onRequest(ctx.connection, ListPermissionRequestsRequest, () => []);
    return undefined;
  }
  // Agents inherit this marker; a later orchestrator ends the ones this one leaves if it is killed.
  process.env[ORCHESTRATOR_MARKER_ENV] = orchestratorMarker(process.pid, storageDir);
  const reaped = await reapOrphanAgents(storageDir).catch((e: unknown) => {
    ctx.log.warn(`sessions: looking for agents a killed orchestrator left running failed: ${e instanceof Error ? e.message : String(e)}`);
    return { groups: [], processes: 0 };
  });
  if (reaped.groups.length > 0) {
    ctx.log.warn(
      `sessions: stopped ${reaped.processes} agent process(es) in ${reaped.groups.length} process group(s) left running by an orchestrator that was killed`,
    );
  }
  const store = await SessionStore.open(storageDir, (p) => ctx.problem(storeProblemReport(p)));
  const settings = ctx.settings();
  let askNote = askForPermissionsNote(settings);
  if (askNote) ctx.log.info(askNote);
  let applied = agentSettings(settings);
  const adapters = createAdapters(applied);
  for (const problem of adapters.problems) ctx.problem({ severity: 'warning', message: problem });
  // Kept by reference in the manager, so a settings change applies to the next task.
  const environment: OrchestratorSettings['environment'] = { ...settings.environment };
  // Claude Code runs get their folder's consolidated allow list on the command line (--allowedTools).
  const allowLists = new SessionAllowLists({
    claudeEnv: () => environment.claude,
    problem: (message) => ctx.problem({ severity: 'warning', message }),
  });
  const manager = new SessionManager({
    repository: store,
    adapters: adapters.adapters,
    maxParallel: settings.maxParallelSessions,
    driverOptions: driverOptions(settings, (m) => ctx.log.warn(m)),
    env: environment,
    runAllowedTools: (session) => {
      if (session.agent !== 'claude') return undefined;
      try {
        return allowLists.forFolder(session.folder);
      } catch (e) {
        ctx.log.warn(
          `sessions: the consolidated allow list for ${session.folder} could not be built: ${e instanceof Error ? e.message : String(e)}`,
        );
        return undefined;
      }
    },
    transcripts: new FileTranscriptStore(join(storageDir, 'transcripts')),
  });
  servePermissionRequests(ctx, manager);
  const loaded = await manager.load();
  ctx.log.info(`sessions: ${loaded.length} loaded from ${store.file}`);

  let appliedDriver = settings;
  ctx.onSettingsChanged((next) => {
    manager.setMaxParallel(next.maxParallelSessions);
    const note = askForPermissionsNote(next);
    // Told once, when a change makes the setting ineffective; at start it is only logged.
    if (note && note !== askNote) ctx.problem({ severity: 'info', message: note.replace(/^sessions: /, '') });
    askNote = note;
    for (const k of Object.keys(environment) as (keyof typeof environment)[]) delete environment[k];
    Object.assign(environment, next.environment);
    // Only the agents whose settings changed get new adapters: their sessions' next task starts
    // the agent with the new settings (a retry after fixing a path works); the others stay warm.
    const nextAgents = agentSettings(next);
    const changed = changedAgentKinds(applied, nextAgents);
    if (changed.length > 0) {
      const rebuilt = createAdapters(nextAgents);
      for (const kind of changed) {
        const adapter = rebuilt.adapters[kind];
        if (adapter) adapters.adapters[kind] = adapter;
        else delete adapters.adapters[kind];
      }
      for (const problem of rebuilt.problems) ctx.problem({ severity: 'warning', message: problem });
      applied = nextAgents;
    }
    if (next.claudeLongLived !== appliedDriver.claudeLongLived || next.taskIdleTimeoutSeconds !== appliedDriver.taskIdleTimeoutSeconds) {
      manager.setDriverOptions(driverOptions(next, (m) => ctx.log.warn(m)));
      appliedDriver = next;
    }
  });

  const summary = (id: string): SessionSummary => {
    const r = manager.get(id);
    if (!r) throw new Error(`There is no session ${id}.`);
    return sessionSummary(r, store.worktree(id));
  };
  const list = (): SessionSummary[] => manager.list().map((r) => sessionSummary(r, store.worktree(r.id)));

  manager.on('sessionChanged', ({ session }) =>
    sendNotification(ctx.connection, SessionChangedNotification, { session: sessionSummary(session, store.worktree(session.id)) }),
  );
  manager.on('sessionDeleted', ({ sessionId }) => sendNotification(ctx.connection, SessionDeletedNotification, { sessionId }));
  manager.on('taskStarted', ({ sessionId, task }) =>
    sendNotification(ctx.connection, TranscriptAppendedNotification, {
      sessionId,
      lines: transcriptItemLines({ type: 'task_start', text: task.text, attempt: task.attempts }, task.startedAt ?? Date.now(), task.id),
    }),
  );
  manager.on('agentEvent', ({ sessionId, taskId, event }) => {
    const lines = transcriptItemLines(event, Date.now(), taskId);
    if (lines.length) sendNotification(ctx.connection, TranscriptAppendedNotification, { sessionId, lines });
  });
  manager.on('taskFinished', ({ sessionId, task }) => {
    sendNotification(ctx.connection, TranscriptAppendedNotification, {
      sessionId,
      lines: transcriptItemLines(
        { type: 'task_end', status: task.status, ...(task.error ? { error: task.error } : {}) },
        task.finishedAt ?? Date.now(),
        task.id,
      ),
    });
    sendNotification(ctx.connection, TaskFinishedNotification, {
      sessionId,
      task: taskSummary(task),
      sessionName: manager.get(sessionId)?.name ?? sessionId,
    });
  });
  manager.on('stateChanged', ({ sessionId, to, reason }) => {
    if (to === 'failed') ctx.log.warn(`session ${manager.get(sessionId)?.name ?? sessionId} failed: ${reason ?? 'unknown reason'}`);
  });
  manager.on('persistError', ({ error }) =>
    ctx.problem({ severity: 'error', message: `could not save sessions: ${error}`, file: store.file }),
  );

  onRequest(ctx.connection, ListSessionsRequest, list);
  onRequest(ctx.connection, CreateSessionRequest, async (p) => {
    const id = await createSession(ctx, manager, store, p);
    await manager.durable(id); // Acknowledged once on disk, with its worktree record.
    const created = summary(id);
    // Sent again now that the worktree (if any) is recorded, so views group it under its folder.
    sendNotification(ctx.connection, SessionChangedNotification, { session: created });
    return created;
  });
  // Learned fixes: known fixes for the errors in the task's files are appended to its text (hooks.taskText).
  // A task is acknowledged only once it is on disk: an acknowledged task survives a crash.
  onRequest(ctx.connection, SendTaskRequest, async (p) => {
    const task = manager.sendTask(p.sessionId, {
      text: hooks.taskText?.(p.sessionId, p.text) ?? p.text,
      ...(p.priority !== undefined ? { priority: p.priority } : {}),
      ...(p.dependsOn ? { dependsOn: p.dependsOn } : {}),
    });
    await manager.durable(p.sessionId);
    return taskSummary(task);
  });
  onRequest(ctx.connection, RetryTaskRequest, async (p) => {
    const task = manager.retryTask(p.sessionId, p.taskId);
    await manager.durable(p.sessionId);
    return taskSummary(task);
  });
  onRequest(ctx.connection, StopSessionRequest, (p) => manager.stopSession(p.sessionId));
  onRequest(ctx.connection, ResumeSessionRequest, (p) => manager.resumeSession(p.sessionId));
  onRequest(ctx.connection, UpdateSessionSettingsRequest, (p) => {
    const r = manager.get(p.sessionId);
    if (!r) throw new Error(`There is no session ${p.sessionId}.`);
    const patch = sessionSettingsPatch(r.agent, p);
    // A Claude session without its own mode goes back to the setting's, as at creation.
    if (r.agent === 'claude' && patch.permissionMode === null) patch.permissionMode = ctx.settings().claudePermissionMode;
    manager.updateSession(p.sessionId, patch);
    ctx.log.info(
      `session ${r.name}: ${Object.entries(patch)
        .map(([k, v]) => `${k} ${v ?? 'default'}`)
        .join(', ')} (from its next task)`,
    );
    return summary(p.sessionId);
  });
  onRequest(ctx.connection, RenameSessionRequest, (p) => {
    if (!p.name.trim()) throw new Error('A session needs a name.');
    manager.renameSession(p.sessionId, p.name.trim());
  });
  onRequest(ctx.connection, DeleteSessionRequest, async (p): Promise<DeleteSessionResult> => {
    const worktree = store.worktree(p.sessionId);
    let worktreeKept: string | undefined;
    if (worktree && p.removeWorktree !== 'keep') {
      const changes = await worktreeChanges(worktree.path).catch(() => []);
      if (changes.length > 0 && p.removeWorktree !== 'force') {
        worktreeKept = `${worktree.path} has ${changes.length} uncommitted change(s)`;
      } else {
        await manager.stopSession(p.sessionId).catch(() => undefined);
        await removeWorktree(worktree.repoRoot, worktree.path, p.removeWorktree === 'force').catch((e: unknown) => {
          worktreeKept = e instanceof Error ? e.message : String(e);
        });
        if (worktreeKept === undefined && worktree.claudeTrustIn) {
          const file = worktree.claudeTrustIn;
          if (await forgetClaudeProject(file, worktree.path).catch(() => false))
            ctx.log.info(`removed the worktree ${worktree.path} from ${file}`);
        }
      }
    } else if (worktree) {
      worktreeKept = `kept at ${worktree.path} (branch ${worktree.branch})`;
    }
    if (worktreeKept !== undefined && p.removeWorktree !== 'keep' && worktree) {
      return { deleted: false, worktreeKept };
    }
    await manager.deleteSession(p.sessionId);
    return worktreeKept !== undefined ? { deleted: true, worktreeKept } : { deleted: true };
  });
  onRequest(ctx.connection, SessionTranscriptRequest, async (p) => transcriptLines(await manager.transcript(p.sessionId)));
  onRequest(ctx.connection, SessionTerminalRequest, (p) => {
    const r = manager.get(p.sessionId);
    if (!r) throw new Error(`There is no session ${p.sessionId}.`);
    const adapter = adapters.adapters[r.agent];
    const spec = adapter?.interactiveCommand?.(r.conversationId);
    if (!spec) return null;
    return { command: spec.command, args: spec.args, cwd: r.folder, env: ctx.settings().environment[r.agent] ?? {} };
  });
  onRequest(ctx.connection, WorktreeSupportRequest, async (p) => {
    const s = await worktreeSupport(p.folder);
    return { folder: p.folder, available: s.available, ...(s.reason ? { reason: s.reason } : {}) };
  });

  ctx.onShutdown(async () => {
    await manager.dispose();
    await store.close();
  });
  return { manager, list, workspaceFolderOf: (id) => store.worktree(id)?.workspaceFolder ?? manager.get(id)?.folder };
}

async function createSession(ctx: ServerContext, manager: SessionManager, store: SessionStore, p: CreateSessionParams): Promise<string> {
  const name = p.name.trim();
  if (!name) throw new Error('A session needs a name.');
  const folder = resolve(p.folder);
  let cwd = folder;
  let worktree: { repoRoot: string; path: string; branch: string; claudeTrustIn?: string } | undefined;
  if (p.worktree) {
    const support = await worktreeSupport(folder);
    if (!support.available || !support.repoRoot)
      throw new Error(`No worktree for this session: ${support.reason ?? 'git is not available'}.`);
    const made = await createWorktree(support.repoRoot, ctx.settings().worktreeFolder, name);
    worktree = { repoRoot: support.repoRoot, ...made };
    // The personal permission rules are git-ignored: the agent in the worktree needs them too.
    for (const f of await copyLocalAgentFiles(support.repoRoot, made.path)) ctx.log.info(`copied ${f} into the worktree ${made.path}`);
    if (p.agent === 'claude') {
      // Claude Code applies the repository's allow rules only in a trusted folder: the worktree gets
      // the trust the user gave the repository (never more).
      const config = claudeGlobalConfigPath({ ...process.env, ...(ctx.settings().environment.claude ?? {}) });
      const trust = await inheritClaudeTrust(config, [support.repoRoot, folder], made.path);
      if (trust.kind === 'trusted') {
        worktree.claudeTrustIn = config;
        ctx.log.info(`marked the worktree ${made.path} trusted in ${config}, as the repository is`);
      } else if (trust.kind === 'unreadable') {
        ctx.problem({
          severity: 'warning',
          file: config,
          message: `Claude Code's config could not be updated for the worktree: ${trust.reason}. Its project allow rules apply only after you trust ${made.path} in Claude Code.`,
        });
      } else if (trust.kind === 'source-not-trusted') {
        ctx.log.info(
          `the repository is not trusted in ${config}: the worktree ${made.path} is not either, so Claude Code ignores the project's allow rules there`,
        );
      }
    }
    cwd = made.path;
  }
  const record = manager.createSession({
    name,
    agent: p.agent,
    folder: cwd,
    ...(p.specialty ? { specialty: p.specialty } : {}),
    ...(p.model ? { model: p.model } : {}),
    ...sessionPermissionMode(p.agent, p.permissionMode, ctx.settings()),
  });
  if (worktree) store.setWorktree(record.id, { workspaceFolder: folder, ...worktree });
  ctx.log.info(`session ${record.name} (${record.agent}) created in ${cwd}`);
  return record.id;
}
