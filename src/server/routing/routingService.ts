// The orchestrator's routing feature: an affinity tracker fed by document sync, the editors the
// host reports and the sessions' agent events; a router answering route/explain/dispatch; the
// audit log; fan-out over a glob; and the active session for the views.
import { randomUUID } from 'node:crypto';
import { isAbsolute, relative, resolve } from 'node:path';
import {
  activeSession,
  AffinityTracker,
  auditRecord,
  buildHandoffSummary,
  combineFanOut,
  handoffSource,
  idleSessionIds,
  isStrategyName,
  planFanOut,
  Router,
  snapshotTracker,
  restoreTracker,
  type FanOutPlan,
  type RouteDecision,
  type RouteTask,
  type SubtaskResult,
} from '../../core/routing';
import { knownFixLine, type KnownFix } from '../../core/fixes';
import type { SessionManager } from '../../core/sessions/sessionManager';
import type { SessionRecord } from '../../core/sessions/sessionTypes';
import {
  ActiveSessionNotification,
  AuditLogRequest,
  DispatchRequest,
  EditorsNotification,
  ExplainRouteRequest,
  FanOutFinishedNotification,
  FanOutRequest,
  RouteRequest,
  WorkspaceSymbolsRequest,
  type DispatchResult,
  type RouteDecisionView,
} from '../../protocol/routing';
import { onRequest, sendNotification, sendRequest } from '../rpc';
import type { ServerContext } from '../serverContext';
import { sessionPermissionMode } from '../sessions/agentModes';
import { taskSummary } from '../sessions/summaries';
import { PathKeys } from './pathKeys';
import { storeProblemReport } from '../../core/store';
import { appendAudit, openRoutingStore } from './routingStore';
import { listWorkspaceFiles } from './workspaceFiles';
import { WorkspaceSymbols } from './workspaceSymbols';

/** How long a decision waits for the first listing of the workspace's files. */
const FIRST_LISTING_WAIT_MS = 3000;

/** A subtask's result is kept up to this many characters for the fan-out report. */
const MAX_SUBTASK_RESULT = 4000;

export interface RoutingService {
  tracker: AffinityTracker;
  /** Plugs the budget engine's headroom in (tokens left per session). */
  setHeadroom(lookup: (sessionId: string) => number | undefined): void;
  /** Called with each decision's latency, for the metrics. */
  onDecision(listener: (latencyMs: number) => void): void;
  /** `from` was rolled over into the new session `to` (the budget feature): `to` takes its context. */
  sessionRolledOver(from: string, to: string): void;
}

export interface RoutingDeps {
  manager: SessionManager;
  /** Adds what the task should carry (known fixes for the errors in its files). */
  taskText?(sessionId: string, text: string): string;
  /** Learned fixes for the current errors in `files` (absolute), for a handoff summary. */
  knownFixes?(folder: string, files: readonly string[]): readonly KnownFix[];
  /** Estimated tokens of a task, for the headroom check (the budget feature). */
  estimateTask?(text: string): Promise<number | undefined>;
  /** The workspace folder of a session (its worktree maps back to it). */
  workspaceFolderOf(sessionId: string): string | undefined;
}

export async function startRoutingService(ctx: ServerContext, deps: RoutingDeps): Promise<RoutingService> {
  const { manager } = deps;
  const keys = new PathKeys(ctx.options.workspaceFolders);
  const routingSettings = (): { strategy: string; focusHalfLifeMs: number } => ({
    strategy: ctx.settings().routing.strategy,
    focusHalfLifeMs: ctx.settings().routing.focusHalfLifeMinutes * 60_000,
  });
  const initial = routingSettings();
  const tracker = new AffinityTracker({
    focusHalfLifeMs: initial.focusHalfLifeMs,
    ...(isStrategyName(initial.strategy) ? { strategy: initial.strategy } : {}),
  });
  let headroom: ((id: string) => number | undefined) | undefined;
  const router = new Router(tracker, { headroom: (id) => headroom?.(id) });
  const decisionListeners: ((ms: number) => void)[] = [];
  // The task's identifiers resolved by the host's symbol providers; prepare(text) before deciding.
  const symbols = new WorkspaceSymbols({
    ask: (names) => sendRequest(ctx.connection, WorkspaceSymbolsRequest, { names }),
    keyOf: (path) => keys.key(path),
    log: (m) => ctx.log.warn(m),
  });
  tracker.symbols = symbols.cache;
  const storageDir = ctx.options.workspaceStorageDir;
  const store = storageDir ? await openRoutingStore(storageDir, (p) => ctx.problem(storeProblemReport(p))) : undefined;
  if (store?.data.tracker) {
    for (const problem of restoreTracker(tracker, store.data.tracker)) ctx.log.warn(`routing history: ${problem}`);
  }
  ctx.onSettingsChanged(() => {
    const s = routingSettings();
    if (isStrategyName(s.strategy)) router.setStrategy(s.strategy);
  });

  // ── signals ──
  const now = (): number => Date.now();
  const folderOf = (s: SessionRecord): string => deps.workspaceFolderOf(s.id) ?? s.folder;
  const syncSession = (s: SessionRecord): void => {
    const folder = folderOf(s);
    tracker.addSession(
      {
        id: s.id,
        folder: keys.folderLabel(folder),
        specialty: s.specialty?.label ?? '',
        globs: keys.globs(folder, s.specialty?.globs ?? []),
      },
      now(),
    );
    tracker.setLoad(s.id, { running: s.history.some((t) => t.status === 'running') ? 1 : 0, queued: s.queue.length });
    tracker.setStopped(s.id, s.state === 'stopped' || s.state === 'stopping');
    // A rolled-over session given work by hand is a candidate again.
    if (s.state === 'starting' || s.state === 'running' || s.state === 'waiting') tracker.reinstate(s.id);
  };
  for (const s of manager.list()) syncSession(s);
  /** A path the agent named (absolute, or relative to where it runs) as a workspace key. */
  const agentPathKey = (s: SessionRecord, path: string): string | undefined => {
    const abs = isAbsolute(path) ? path : resolve(s.folder, path);
    const rel = relative(s.folder, abs);
    const inCwd = rel && !rel.startsWith('..') && !isAbsolute(rel);
    return keys.key(inCwd ? resolve(folderOf(s), rel) : abs);
  };
  manager.on('sessionChanged', ({ session }) => syncSession(session));
  manager.on('sessionDeleted', ({ sessionId }) => {
    tracker.removeSession(sessionId);
    router.sessionRemoved(sessionId);
  });
  manager.on('agentEvent', ({ sessionId, event }) => {
    const s = manager.get(sessionId);
    if (!s) return;
    if (event.type === 'tool_use') {
      for (const f of event.files) {
        const key = agentPathKey(s, f.path);
        if (key) {
          tracker.touch(sessionId, key, f.access, now());
          if (f.access === 'edit') {
            tracker.didEdit(key, sessionId, now());
            symbols.fileChanged(key);
          }
        }
      }
    } else if (event.type === 'compaction') {
      tracker.sessionCompacted(sessionId);
    }
  });
  manager.on('taskFinished', ({ sessionId, task }) => {
    if (task.status === 'succeeded' || task.status === 'failed') tracker.taskDone(task.id, sessionId, task.status === 'succeeded', now());
    onFanOutTaskFinished(task.id, task.status === 'succeeded', task.resultText);
  });

  const openVersions = new Map<string, number>();
  ctx.documents.onDidOpen((e) => {
    const key = keys.key(uriPath(e.document.uri) ?? '');
    openVersions.set(e.document.uri, e.document.version);
    if (key) tracker.didOpen(key, now());
  });
  ctx.documents.onDidClose((e) => {
    openVersions.delete(e.document.uri);
    const key = keys.key(uriPath(e.document.uri) ?? '');
    if (key) tracker.didClose(key, now());
  });
  ctx.documents.onDidChangeContent((e) => {
    if (openVersions.get(e.document.uri) === e.document.version) return; // the open itself
    const key = keys.key(uriPath(e.document.uri) ?? '');
    if (key) {
      tracker.didEdit(key, 'user', now());
      symbols.fileChanged(key);
    }
  });

  let lastActive: string | undefined;
  const pushActive = (): void => {
    const a = activeSession(tracker, now());
    if (a?.sessionId === lastActive) return;
    lastActive = a?.sessionId;
    sendNotification(ctx.connection, ActiveSessionNotification, a ? { sessionId: a.sessionId, reason: a.reason } : {});
  };
  ctx.connection.onNotification(EditorsNotification.method, (p: { visible?: unknown; active?: unknown }) => {
    const visible = Array.isArray(p.visible) ? p.visible.filter((v): v is string => typeof v === 'string') : [];
    const vk = visible.map((v) => keys.key(v)).filter((k): k is string => k !== undefined);
    const ak = typeof p.active === 'string' ? keys.key(p.active) : undefined;
    tracker.setEditors(vk, ak, now());
    pushActive();
  });
  manager.on('sessionChanged', () => pushActive());

  const knownFiles = new Set<string>();
  const refreshFiles = async (): Promise<void> => {
    for (const folder of ctx.options.workspaceFolders) {
      const files = (await listWorkspaceFiles(folder)).map((f) => keys.key(f)).filter((k): k is string => k !== undefined);
      for (const f of files) knownFiles.add(f);
      tracker.addKnownFiles(files);
    }
  };
  // The first listing: a decision waits for it (bounded), so a task sent right after start still
  // resolves the paths it names and its outcome counts for their area.
  const firstListing = refreshFiles().catch((e: unknown) =>
    ctx.log.warn(`routing: listing the workspace files failed: ${e instanceof Error ? e.message : String(e)}`),
  );
  const filesListed = (): Promise<void> =>
    Promise.race([firstListing, new Promise<void>((r) => setTimeout(r, FIRST_LISTING_WAIT_MS).unref())]);
  const refreshTimer = setInterval(() => void refreshFiles(), 60_000);
  refreshTimer.unref();

  // ── deciding ──
  const decisions = new Map<string, { task: RouteTask; decision: RouteDecision }>();
  const nameOf = (id: string): string => (id === 'new' ? 'a new session' : (manager.get(id)?.name ?? id));
  const view = (id: string, task: RouteTask, d: RouteDecision, latencyMs: number): RouteDecisionView => ({
    decisionId: id,
    text: task.text,
    strategy: d.strategy,
    chosen: d.chosen,
    ranked: d.ranked.map((r) => ({ sessionId: r.sessionId, name: nameOf(r.sessionId), score: r.score, reasons: [...r.reasons] })),
    excluded: d.excluded.map((x) => ({ sessionId: x.sessionId, name: nameOf(x.sessionId), why: x.why })),
    ...(d.newSession
      ? {
          newSession: {
            specialty: d.newSession.specialty,
            globs: [...d.newSession.globs],
            folder: d.newSession.folder,
            reason: d.newSession.reason,
          },
        }
      : {}),
    independent: d.independent,
    targetFiles: [...d.targetFiles],
    latencyMs,
  });
  const decide = async (text: string, independent: boolean | undefined, explainOnly: boolean): Promise<RouteDecisionView> => {
    if (!text.trim()) throw new Error('A task needs some text.');
    await filesListed();
    const id = `r-${randomUUID().slice(0, 8)}`;
    const estimatedTokens = await deps.estimateTask?.(text).catch(() => undefined);
    const task: RouteTask = {
      id,
      text,
      ...(independent !== undefined ? { independent } : {}),
      ...(estimatedTokens !== undefined ? { estimatedTokens } : {}),
    };
    await symbols.prepare(text);
    const started = performance.now();
    const decision = explainOnly ? router.explain(task, now()) : router.route(task, now());
    const latencyMs = performance.now() - started;
    for (const l of decisionListeners) l(latencyMs);
    if (!explainOnly) {
      decisions.set(id, { task, decision });
      if (decisions.size > 50) decisions.delete(decisions.keys().next().value as string);
    }
    return view(id, task, decision, latencyMs);
  };
  onRequest(ctx.connection, RouteRequest, (p) => decide(p.text, p.independent, false));
  onRequest(ctx.connection, ExplainRouteRequest, (p) => decide(p.text, p.independent, true));

  onRequest(ctx.connection, DispatchRequest, async (p): Promise<DispatchResult> => {
    const remembered = p.decisionId ? decisions.get(p.decisionId) : undefined;
    let sessionId = p.sessionId;
    if (sessionId === 'new') {
      if (!p.newSession) throw new Error('A new session needs its name, agent and folder.');
      const created = manager.createSession({
        name: p.newSession.name,
        agent: p.newSession.agent,
        folder: p.newSession.folder,
        ...(p.newSession.specialty ? { specialty: p.newSession.specialty } : {}),
        ...sessionPermissionMode(p.newSession.agent, p.newSession.permissionMode, ctx.settings()),
      });
      sessionId = created.id;
    }
    const target = manager.get(sessionId);
    if (!target) throw new Error(`There is no session ${sessionId}.`);
    const files = remembered?.decision.targetFiles ?? [];
    const from = handoffSource(tracker, sessionId, files, now());
    // Known fixes (with their diffs) for the files the task names; the handoff lists the fixes for
    // all its files. The handoff's own file list is not searched for more.
    let text = deps.taskText ? deps.taskText(sessionId, p.text) : p.text;
    if (from) {
      const previous = manager.get(from.sessionId);
      const findings = (previous?.history ?? [])
        .filter((t) => t.status === 'succeeded' && t.resultText)
        .slice(-3)
        .reverse()
        .map((t) => (t.resultText ?? '').slice(0, 400));
      const absolute = files.map((f) => keys.absolute(f)).filter((f): f is string => f !== undefined);
      const fixes = (deps.knownFixes?.(folderOf(target), absolute) ?? []).map(knownFixLine);
      text = `${text}\n\n${buildHandoffSummary({ taskText: p.text, toSession: target.name, files, from, findings, fixes, now: now() })}`;
    }
    const task = manager.sendTask(sessionId, { text });
    // Routed under the decision's id, run under the manager's: outcome and follow-ups follow the task.
    router.dispatched(task.id, sessionId, remembered?.task.id);
    if (files.length) router.assigned(task.id, sessionId, files);
    if (store && remembered) {
      appendAudit(
        store,
        auditRecord(remembered.task, remembered.decision, { at: new Date(), by: p.by, chosen: p.sessionId === 'new' ? 'new' : sessionId }),
      );
    } else if (store) {
      await symbols.prepare(p.text);
      const routed = router.explain({ id: task.id, text: p.text }, now());
      appendAudit(store, auditRecord({ id: task.id, text: p.text }, routed, { at: new Date(), by: p.by, chosen: sessionId }));
    }
    await manager.durable(sessionId); // Acknowledged only once the task is on disk.
    return { sessionId, sessionName: target.name, task: taskSummary(task), ...(from ? { handoffFrom: nameOf(from.sessionId) } : {}) };
  });

  onRequest(ctx.connection, AuditLogRequest, (p) => {
    const limit = Math.max(1, Math.min(500, p.limit ?? 50));
    return (store?.data.audit ?? [])
      .slice(-limit)
      .reverse()
      .map((r) => ({
        at: r.at,
        task: r.task,
        strategy: r.strategy,
        chosen: r.chosen,
        chosenName: nameOf(r.chosen),
        by: r.by,
        ...(r.proposed ? { proposed: r.proposed } : {}),
        candidates: r.candidates.map((c) => ({
          sessionId: c.sessionId,
          name: nameOf(c.sessionId),
          score: c.score,
          reasons: [...c.reasons],
        })),
      }));
  });

  // ── fan-out ──
  const fanOuts = new Map<string, { plan: FanOutPlan; tasks: Map<string, string>; results: SubtaskResult[] }>();
  function onFanOutTaskFinished(taskId: string, ok: boolean, resultText?: string): void {
    for (const [id, f] of fanOuts) {
      const subtaskId = f.tasks.get(taskId);
      if (!subtaskId) continue;
      f.results.push({ subtaskId, ok, ...(resultText ? { summary: resultText.slice(0, MAX_SUBTASK_RESULT) } : {}) });
      const report = combineFanOut(f.plan, f.results);
      if (report.done) {
        fanOuts.delete(id);
        sendNotification(ctx.connection, FanOutFinishedNotification, {
          fanOutId: id,
          text: report.text,
          report: report.markdown,
          succeeded: report.succeeded,
          failed: report.failed,
        });
      }
    }
  }
  onRequest(ctx.connection, FanOutRequest, async (p) => {
    await Promise.all([refreshFiles(), symbols.prepare(p.text)]);
    const id = `f-${randomUUID().slice(0, 8)}`;
    const known = new Set(manager.list().map((s) => s.id));
    const plan = planFanOut({
      taskId: id,
      text: p.text,
      files: [...knownFiles],
      glob: p.glob,
      idleSessions: idleSessionIds(tracker).filter((s) => known.has(s)),
      parallelLimit: ctx.settings().maxParallelSessions,
    });
    const folder = ctx.options.workspaceFolders[0];
    const template = manager.list()[0];
    const tasks = new Map<string, string>();
    const subtasks: { id: string; sessionName: string; files: number; taskId?: string }[] = [];
    const dispatchedTo = new Set<string>();
    let created = 0;
    for (const sub of plan.subtasks) {
      let sessionId = sub.session;
      if (sessionId === 'new') {
        if (!folder) throw new Error('Fan-out needs a workspace folder for new sessions.');
        const agent = template?.agent ?? 'claude';
        const s = manager.createSession({
          name: `fan-out ${id.slice(2)} #${++created}`,
          agent,
          folder,
          ...sessionPermissionMode(agent, template?.permissionMode, ctx.settings()),
        });
        sessionId = s.id;
      }
      const task = manager.sendTask(sessionId, { text: deps.taskText ? deps.taskText(sessionId, sub.text) : sub.text });
      router.dispatched(task.id, sessionId);
      dispatchedTo.add(sessionId);
      tasks.set(task.id, sub.id);
      subtasks.push({ id: sub.id, sessionName: nameOf(sessionId), files: sub.files.length, taskId: task.id });
    }
    if (store) {
      const d = router.explain({ id, text: p.text, independent: true }, now());
      appendAudit(
        store,
        auditRecord({ id, text: p.text, independent: true }, d, {
          at: new Date(),
          by: 'fan-out',
          chosen: subtasks.map((s) => s.sessionName).join(', ') || 'none',
        }),
      );
    }
    if (plan.subtasks.length > 0) fanOuts.set(id, { plan, tasks, results: [] });
    await Promise.all([...dispatchedTo].map((s) => manager.durable(s))); // Acknowledged only once the tasks are on disk.
    return { fanOutId: id, subtasks, matchedFiles: plan.matchedFiles, newSessions: created, ...(plan.note ? { note: plan.note } : {}) };
  });

  ctx.onShutdown(async () => {
    clearInterval(refreshTimer);
    if (store) {
      store.update((d) => {
        d.tracker = snapshotTracker(tracker);
      });
      await store.close();
    }
  });

  return {
    tracker,
    setHeadroom: (lookup) => {
      headroom = lookup;
    },
    onDecision: (l) => decisionListeners.push(l),
    sessionRolledOver: (from, to) => {
      for (const id of [from, to]) {
        const s = manager.get(id);
        if (s) syncSession(s);
      }
      router.sessionRolledOver(from, to, now());
      pushActive();
    },
  };
}

function uriPath(uri: string): string | undefined {
  if (!uri.startsWith('file://')) return undefined;
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return undefined;
  }
}
