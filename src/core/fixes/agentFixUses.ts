// Learned fixes an agent was given through the MCP tool `known_fixes`, per task: each counts as
// offered once per task, and as applied once when that task then succeeds (a fix shown to an agent
// whose task failed, or to a caller that is not a session's task, is never counted as applied).
/** Tasks remembered at most (the oldest are forgotten first): tasks end, or are forgotten with their session. */
const MAX_TASKS = 2000;

export class AgentFixUses {
  /** task id → session id and the fix ids it was given. */
  private readonly byTask = new Map<string, { sessionId: string; fixIds: Set<string> }>();

  /** The fixes given to a task's agent; returns those not counted as offered for it yet. */
  given(sessionId: string | undefined, taskId: string | undefined, fixIds: readonly string[]): string[] {
    if (sessionId === undefined || taskId === undefined) return [...new Set(fixIds)];
    let entry = this.byTask.get(taskId);
    if (!entry) {
      entry = { sessionId, fixIds: new Set() };
      this.byTask.set(taskId, entry);
      if (this.byTask.size > MAX_TASKS) this.byTask.delete(this.byTask.keys().next().value as string);
    }
    const fresh = fixIds.filter((id) => !entry.fixIds.has(id));
    for (const id of fresh) entry.fixIds.add(id);
    return [...new Set(fresh)];
  }

  /** The task ended: the fixes to count as applied (when it succeeded). */
  finished(taskId: string, succeeded: boolean): string[] {
    const entry = this.byTask.get(taskId);
    this.byTask.delete(taskId);
    return entry && succeeded ? [...entry.fixIds] : [];
  }

  forgetSession(sessionId: string): void {
    for (const [taskId, e] of this.byTask) if (e.sessionId === sessionId) this.byTask.delete(taskId);
  }
}
