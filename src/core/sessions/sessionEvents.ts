// What the session manager tells its listeners (the orchestrator relays these to the views).
import type { AgentEvent } from '../agents/agentEvents';
import type { SessionState } from './sessionState';
import type { SessionRecord, TaskRecord } from './sessionTypes';

export interface SessionManagerEvents extends Record<string, unknown> {
  stateChanged: { sessionId: string; from: SessionState; to: SessionState; reason?: string };
  /** Every parsed event of the running task; a `permission_request` event puts the session in
   *  `waiting` until `answerPermission` is called. */
  agentEvent: { sessionId: string; taskId: string; event: AgentEvent };
  taskStarted: { sessionId: string; task: TaskRecord; warm: boolean };
  /** succeeded, failed, skipped or cancelled (a copy of the record). */
  taskFinished: { sessionId: string; task: TaskRecord };
  /** Any change to the persisted record (a copy). */
  sessionChanged: { session: SessionRecord };
  sessionDeleted: { sessionId: string };
  /** The repository failed to save; the in-memory state is kept. */
  persistError: { sessionId: string; error: string };
}
