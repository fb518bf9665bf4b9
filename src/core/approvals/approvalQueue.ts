// The questions agents ask before using a tool (Claude Code's `can_use_tool`, with
// agentAffinity.claude.askForPermissions on): kept while pending, announced as they come and go,
// answered only by the person. A question goes away unanswered when its task ends (done, failed,
// stopped) or its session is deleted.
import type { SessionManager } from '../sessions/sessionManager';
import { TypedEmitter } from '../sessions/typedEmitter';
import { permissionDetail } from './approvalDetail';

export interface Approval {
  sessionId: string;
  sessionName: string;
  /** The agent's id for the question (unique while it is pending). */
  requestId: string;
  taskId: string;
  /** The tool the agent wants to use (`Bash`, `Write`, `WebFetch`, …). */
  toolName: string;
  /** What the tool would do, briefly: the command, the file path, the URL… (one line). */
  detail: string;
  /** The tool's input as the agent sent it (for rules built from the answer). */
  input: Record<string, unknown>;
  /** When the agent asked (ms since the epoch). */
  at: number;
}

export interface ApprovalAnswer {
  sessionId: string;
  requestId: string;
  allow: boolean;
  /** Why not, told to the agent when `allow` is false. */
  message?: string;
}

export type ApprovalSettlement = 'allowed' | 'denied' | 'withdrawn';

type ApprovalEvents = {
  requested: Approval;
  settled: { sessionId: string; requestId: string; outcome: ApprovalSettlement; reason?: string };
};

export class ApprovalQueue {
  /** Pending questions by session id, then request id, in the order they were asked. */
  private readonly pending = new Map<string, Map<string, Approval>>();
  private readonly events = new TypedEmitter<ApprovalEvents>();

  constructor(
    private readonly manager: SessionManager,
    private readonly log: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    manager.on('agentEvent', ({ sessionId, taskId, event }) => {
      if (event.type !== 'permission_request') return;
      const session = manager.get(sessionId);
      const approval: Approval = {
        sessionId,
        sessionName: session?.name ?? sessionId,
        requestId: event.requestId,
        taskId,
        toolName: event.toolName,
        detail: permissionDetail(event.toolName, event.input, session?.folder, event.description),
        input: event.input,
        at: this.now(),
      };
      const mine = this.pending.get(sessionId) ?? new Map<string, Approval>();
      this.pending.set(sessionId, mine.set(event.requestId, approval));
      log(`session ${approval.sessionName} asks to use ${approval.toolName}: ${approval.detail}`);
      this.events.emit('requested', approval);
    });
    manager.on('taskFinished', ({ sessionId, task }) =>
      this.withdrawAll(sessionId, `its task ${task.status === 'succeeded' ? 'ended' : task.status}`),
    );
    manager.on('stateChanged', ({ sessionId, to }) => {
      if (to === 'stopping' || to === 'stopped' || to === 'failed')
        this.withdrawAll(sessionId, `the session ${to === 'failed' ? 'failed' : 'was stopped'}`);
    });
    manager.on('sessionDeleted', ({ sessionId }) => this.withdrawAll(sessionId, 'the session was deleted'));
  }

  onRequested(listener: (a: Approval) => void): () => void {
    return this.events.on('requested', listener);
  }

  onSettled(listener: (e: ApprovalEvents['settled']) => void): () => void {
    return this.events.on('settled', listener);
  }

  /** Every question still waiting for an answer, oldest first. */
  list(): Approval[] {
    return [...this.pending.values()].flatMap((m) => [...m.values()]).sort((a, b) => a.at - b.at);
  }

  get(sessionId: string, requestId: string): Approval | undefined {
    return this.pending.get(sessionId)?.get(requestId);
  }

  /** Answers a pending question; an unknown or settled one is refused with why. */
  answer(p: ApprovalAnswer): Approval {
    const request = this.get(p.sessionId, p.requestId);
    if (!request) {
      const name = this.manager.get(p.sessionId)?.name;
      throw new Error(
        name === undefined
          ? `There is no session ${p.sessionId}.`
          : `Session ${name} has no pending permission request ${p.requestId}: it was answered already, or its task ended.`,
      );
    }
    this.manager.answerPermission(
      p.sessionId,
      p.requestId,
      p.allow ? { allow: true } : { allow: false, message: p.message ?? 'The user denied this in VS Code.' },
    );
    const mine = this.pending.get(p.sessionId);
    mine?.delete(p.requestId);
    if (mine?.size === 0) this.pending.delete(p.sessionId);
    this.log(`session ${request.sessionName}: ${request.toolName} ${p.allow ? 'allowed' : 'denied'} (${request.detail})`);
    this.events.emit('settled', { sessionId: p.sessionId, requestId: p.requestId, outcome: p.allow ? 'allowed' : 'denied' });
    return request;
  }

  private withdrawAll(sessionId: string, reason: string): void {
    const mine = this.pending.get(sessionId);
    if (!mine) return;
    this.pending.delete(sessionId);
    for (const requestId of mine.keys()) this.events.emit('settled', { sessionId, requestId, outcome: 'withdrawn', reason });
  }
}
