// The orchestrator's routing feature: LSP wiring around the core's RoutingWorkspace (requests,
// the editors notification, and the active-session and fan-out notifications).
import type { RoutingAuditRecord } from '../../core/routing/audit';
import { closeCallText } from '../../core/routing/confidence';
import type { Decided, RoutingStatus } from '../../core/routing/routingWorkspaceTypes';
import { RoutingWorkspace } from '../../core/routing/routingWorkspace';
import type { RoutingWorkspaceDeps } from '../../core/routing/routingWorkspaceTypes';
import { openRoutingStore } from '../../core/routing/routingStore';
import {
  ActiveSessionNotification,
  AuditLogRequest,
  DispatchRequest,
  EditorsNotification,
  ExplainRouteRequest,
  FanOutFinishedNotification,
  FanOutRequest,
  RouteRequest,
  RoutingStatusNotification,
  RoutingStatusRequest,
  WorkspaceSymbolsRequest,
  type AuditEntryView,
  type RouteDecisionView,
  type RoutingStatusView,
} from '../../protocol/routing';
import { onNotification, onRequest, sendNotification, sendRequest } from '../rpc';
import type { ServerContext } from '../serverContext';
import { taskSummary } from '../sessions/summaries';

export type RoutingServiceDeps = Omit<RoutingWorkspaceDeps, 'folders' | 'documents' | 'settings' | 'askSymbols' | 'store' | 'log'>;

export async function startRoutingService(ctx: ServerContext, deps: RoutingServiceDeps): Promise<RoutingWorkspace> {
  const { connection } = ctx;
  const storageDir = ctx.options.workspaceStorageDir;
  const store = storageDir ? await openRoutingStore(storageDir, ctx.storeProblem) : undefined;
  const routing = new RoutingWorkspace({
    ...deps,
    folders: ctx.options.workspaceFolders,
    documents: ctx.openDocuments,
    settings: () => ({ ...ctx.settings().routing, maxParallelSessions: ctx.settings().maxParallelSessions }),
    ...(storageDir ? { historyCacheDir: storageDir } : {}),
    askSymbols: (names) => sendRequest(connection, WorkspaceSymbolsRequest, { names }),
    ...(store ? { store } : {}),
    log: (m) => ctx.log.warn(m),
  });
  ctx.onSettingsChanged(() => routing.settingsChanged());
  routing.onActiveSession((a) => sendNotification(connection, ActiveSessionNotification, a));
  routing.onFanOutFinished((f) => sendNotification(connection, FanOutFinishedNotification, f));
  routing.onStatus((s) => sendNotification(connection, RoutingStatusNotification, statusView(s)));

  const view = (d: Decided): RouteDecisionView => ({
    ...decisionView(d, (id) => routing.nameOf(id)),
    learned: routing.status().text,
  });
  onNotification(connection, EditorsNotification, (p) => routing.setEditors(p.visible, p.active));
  onRequest(connection, RouteRequest, async (p) => view(await routing.decide(p.text, p.independent, false)));
  onRequest(connection, ExplainRouteRequest, async (p) => view(await routing.decide(p.text, p.independent, true)));
  onRequest(connection, DispatchRequest, async (p) => {
    const d = await routing.dispatch(p);
    return {
      sessionId: d.sessionId,
      sessionName: d.sessionName,
      task: taskSummary(d.task),
      ...(d.handoffFrom ? { handoffFrom: d.handoffFrom } : {}),
    };
  });
  onRequest(connection, AuditLogRequest, (p) => routing.audit(p.limit ?? 50).map((r) => auditView(r, (id) => routing.nameOf(id))));
  onRequest(connection, FanOutRequest, async (p) => {
    const { subtasks, ...rest } = await routing.fanOut(p.text, p.glob);
    return { ...rest, subtasks: subtasks.map(({ sessionId: _id, ...s }) => s) };
  });
  onRequest(connection, RoutingStatusRequest, () => statusView(routing.status()));
  ctx.onShutdown(() => routing.close());
  return routing;
}

function decisionView({ id, task, decision: d, latencyMs }: Decided, nameOf: (id: string) => string): RouteDecisionView {
  return {
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
    ...(d.confidence
      ? {
          confidence: {
            value: d.confidence.value,
            level: d.confidence.level,
            closeCall: d.confidence.closeCall,
            leaders: d.confidence.leaders.map((l) => ({ sessionId: l.sessionId, name: nameOf(l.sessionId), probability: l.probability })),
            text: closeCallText(d.confidence, nameOf),
          },
        }
      : {}),
    ...(d.notes && d.notes.length > 0 ? { notes: [...d.notes] } : {}),
  };
}

function statusView(s: RoutingStatus): RoutingStatusView {
  return { commits: s.learned.commits, tasks: s.learned.tasks, text: s.text, history: s.history };
}

function auditView(r: RoutingAuditRecord, nameOf: (id: string) => string): AuditEntryView {
  return {
    at: r.at,
    task: r.task,
    strategy: r.strategy,
    chosen: r.chosen,
    chosenName: nameOf(r.chosen),
    by: r.by,
    ...(r.proposed ? { proposed: r.proposed } : {}),
    ...(r.confidence !== undefined ? { confidence: r.confidence } : {}),
    ...(r.closeCall !== undefined ? { closeCall: r.closeCall } : {}),
    candidates: r.candidates.map((c) => ({ sessionId: c.sessionId, name: nameOf(c.sessionId), score: c.score, reasons: [...c.reasons] })),
  };
}
