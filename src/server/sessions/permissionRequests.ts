// The questions agents ask before using a tool (Claude Code's `can_use_tool`, with
// agentAffinity.claude.askForPermissions on): kept while pending, told to the host as they come and
// go, answered only by the person through the host. A question goes away unanswered when its task
// ends (done, failed, stopped) or its session is deleted.
import type { SessionManager } from '../../core/sessions/sessionManager';
import {
  AnswerPermissionRequest,
  ListPermissionRequestsRequest,
  PermissionRequestedNotification,
  PermissionSettledNotification,
  type AnswerPermissionParams,
  type PermissionRequestSummary,
} from '../../protocol/permissionRequests';
import { onRequest, sendNotification } from '../rpc';
import type { ServerContext } from '../serverContext';
import { permissionDetail } from './permissionDetail';

const MAX_MESSAGE = 2000;

/** The answer's fields, checked: anything malformed is refused with what is wrong. */
export function checkAnswer(raw: unknown): AnswerPermissionParams {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof p.sessionId !== 'string' || !p.sessionId) throw new Error('An answer needs the session id (sessionId).');
  if (typeof p.requestId !== 'string' || !p.requestId) throw new Error('An answer needs the permission request id (requestId).');
  if (typeof p.allow !== 'boolean') throw new Error('An answer needs allow: true or false.');
  if (p.message !== undefined && typeof p.message !== 'string') throw new Error('The message of a denial must be text.');
  const message = typeof p.message === 'string' ? p.message.trim().slice(0, MAX_MESSAGE) : undefined;
  return { sessionId: p.sessionId, requestId: p.requestId, allow: p.allow, ...(message ? { message } : {}) };
}

export function servePermissionRequests(ctx: ServerContext, manager: SessionManager): void {
  /** Pending questions by session id, then request id, in the order they were asked. */
  const pending = new Map<string, Map<string, PermissionRequestSummary>>();

  const withdrawAll = (sessionId: string, reason: string): void => {
    const mine = pending.get(sessionId);
    if (!mine) return;
    pending.delete(sessionId);
    for (const requestId of mine.keys())
      sendNotification(ctx.connection, PermissionSettledNotification, { sessionId, requestId, outcome: 'withdrawn', reason });
  };

  manager.on('agentEvent', ({ sessionId, taskId, event }) => {
    if (event.type !== 'permission_request') return;
    const session = manager.get(sessionId);
    const summary: PermissionRequestSummary = {
      sessionId,
      sessionName: session?.name ?? sessionId,
      requestId: event.requestId,
      taskId,
      toolName: event.toolName,
      detail: permissionDetail(event.toolName, event.input, session?.folder, event.description),
      at: Date.now(),
    };
    const mine = pending.get(sessionId) ?? new Map<string, PermissionRequestSummary>();
    pending.set(sessionId, mine.set(event.requestId, summary));
    ctx.log.info(`session ${summary.sessionName} asks to use ${summary.toolName}: ${summary.detail}`);
    sendNotification(ctx.connection, PermissionRequestedNotification, summary);
  });
  manager.on('taskFinished', ({ sessionId, task }) =>
    withdrawAll(sessionId, `its task ${task.status === 'succeeded' ? 'ended' : task.status}`),
  );
  manager.on('stateChanged', ({ sessionId, to }) => {
    if (to === 'stopping' || to === 'stopped' || to === 'failed')
      withdrawAll(sessionId, `the session ${to === 'failed' ? 'failed' : 'was stopped'}`);
  });
  manager.on('sessionDeleted', ({ sessionId }) => withdrawAll(sessionId, 'the session was deleted'));

  onRequest(ctx.connection, ListPermissionRequestsRequest, () =>
    [...pending.values()].flatMap((m) => [...m.values()]).sort((a, b) => a.at - b.at),
  );
  onRequest(ctx.connection, AnswerPermissionRequest, (raw) => {
    const p = checkAnswer(raw);
    const request = pending.get(p.sessionId)?.get(p.requestId);
    if (!request) {
      const name = manager.get(p.sessionId)?.name;
      throw new Error(
        name === undefined
          ? `There is no session ${p.sessionId}.`
          : `Session ${name} has no pending permission request ${p.requestId}: it was answered already, or its task ended.`,
      );
    }
    manager.answerPermission(
      p.sessionId,
      p.requestId,
      p.allow ? { allow: true } : { allow: false, message: p.message ?? 'The user denied this in VS Code.' },
    );
    const mine = pending.get(p.sessionId);
    mine?.delete(p.requestId);
    if (mine?.size === 0) pending.delete(p.sessionId);
    ctx.log.info(`session ${request.sessionName}: ${request.toolName} ${p.allow ? 'allowed' : 'denied'} (${request.detail})`);
    sendNotification(ctx.connection, PermissionSettledNotification, {
      sessionId: p.sessionId,
      requestId: p.requestId,
      outcome: p.allow ? 'allowed' : 'denied',
    });
    return request;
  });
}
