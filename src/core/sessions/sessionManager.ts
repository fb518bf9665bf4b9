// The session manager: creates sessions, queues their tasks, runs them through the agent
// adapters within the parallel limit, follows their events (state, working set, conversation id)
// and persists every change through the injected repository. Changes are saved debounced; what
// must survive a crash is made durable first: a caller acknowledges a new session or task after
// `durable()`, and a finished task is reported (taskFinished, and every later event) only once its
// record is on disk.
import { randomUUID } from 'node:crypto';
import type { AgentTaskRequest } from '../agents/agentAdapter';
import type { DriverFactoryOptions } from '../agents/agentDriver';
import type { AgentEvent, PermissionDecision } from '../agents/agentEvents';
import type { RunHandle, RunOutcome } from '../agents/runTracker';
import { InvalidTaskError } from '../agents/taskInput';
import type { SessionManagerEvents } from './sessionEvents';
import { isActive, transition, type SessionState } from './sessionState';
import type { SessionBrief, SessionRecord, SessionWorkingView, TaskRecord } from './sessionTypes';
import type { CreateSessionInput, SendTaskInput, SessionManagerDeps, SessionSettingsPatch } from './sessionInputs';
import { notStartedError, requeueNotStarted } from './notStarted';
import { optional } from './optionalFields';
import { ParallelScheduler } from './scheduler';
import { checkSessionRecord } from './sessionRecordCheck';
import { applySettingsPatch } from './sessionSettingsPatch';
import { SessionSaver } from './sessionSaver';
import { SessionCopies } from './sessionCopies';
import { SessionDrivers } from './sessionDrivers';
import { DEFAULT_HISTORY_LIMIT, failInterruptedTasks, isTerminal, trimHistory } from './taskHistory';
import { pickNextTask } from './taskQueue';
import { InMemoryTranscriptStore, isTranscribed, type TranscriptItem, type TranscriptStore, type TranscriptEntry } from './transcriptStore';
import { HeldEmitter } from './heldEmitter';
import { recordFileAccess } from './workingSet';
import { allowedToolsFor, failedOutcome, mcpFor, missingAdapter } from './runSetup';
import { briefOf, workingViewOf } from './sessionViews';

export type { CreateSessionInput, SendTaskInput, SessionManagerDeps, SessionSettingsPatch } from './sessionInputs';

export class SessionManager {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly drivers: SessionDrivers;
  private readonly runs = new Map<string, { taskId: string; handle: RunHandle }>();
  /** Permission requests of each session's running task still waiting for an answer. */
  private readonly pendingPermissions = new Map<string, Set<string>>();
  private readonly saver: SessionSaver;
  /** Copies for callers, listeners and saves, sharing the finished tasks (copied once each). */
  private readonly copies = new SessionCopies();
  private readonly emitter = new HeldEmitter<SessionManagerEvents>();
  private readonly scheduler: ParallelScheduler;
  private readonly now: () => number;
  private readonly transcripts: TranscriptStore;
  private historyLimit: number;

  constructor(private readonly deps: SessionManagerDeps) {
    this.scheduler = new ParallelScheduler(deps.maxParallel ?? 4);
    this.now = deps.now ?? Date.now;
    this.drivers = new SessionDrivers(deps.driverOptions, deps.createDriver);
    this.transcripts = deps.transcripts ?? new InMemoryTranscriptStore();
    this.historyLimit = deps.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    this.saver = new SessionSaver(
      deps.repository,
      (sessionId, error) => this.emitter.emit('persistError', { sessionId, error }),
      (s) => this.copies.session(s),
    );
  }

  /** The session's transcript so far: task starts and ends and the agent's events. */
  transcript(sessionId: string): Promise<TranscriptEntry[]> {
    return this.transcripts.read(sessionId);
  }

  on<K extends keyof SessionManagerEvents>(name: K, listener: (payload: SessionManagerEvents[K]) => void): () => void {
    return this.emitter.on(name, listener);
  }

  /** Loads the persisted sessions. After a reload no agent runs: every session is listed as
   *  stopped and a task interrupted by the reload is marked failed (retryable), never lost. */
  async load(): Promise<SessionRecord[]> {
    for (const r of await this.deps.repository.loadAll()) {
      r.state = 'stopped';
      failInterruptedTasks(r.history, this.now());
      this.sessions.set(r.id, r);
    }
    for (const r of this.sessions.values()) {
      this.trim(r);
      this.saver.save(r);
    }
    return this.list();
  }

  list(): SessionRecord[] {
    return [...this.sessions.values()].map((s) => this.copies.session(s));
  }

  get(id: string): SessionRecord | undefined {
    const s = this.sessions.get(id);
    return s ? this.copies.session(s) : undefined;
  }

  /** A session's name, folder and running task without copying it (`get` copies its whole history): for hot paths. */
  brief(id: string): SessionBrief | undefined {
    const s = this.sessions.get(id);
    return s ? briefOf(s) : undefined;
  }

  /** A session's agent, folder, specialty, model, conversation and working set (a copy), without
   *  its tasks: for listeners and tools that need no history. */
  workingView(id: string): SessionWorkingView | undefined {
    const s = this.sessions.get(id);
    return s ? workingViewOf(s) : undefined;
  }

  /** Every session's brief. */
  briefs(): SessionBrief[] {
    return [...this.sessions.values()].map(briefOf);
  }

  get maxParallel(): number {
    return this.scheduler.limit;
  }

  /** New driver options (long-lived Claude, timeouts): each session gets a driver built with them
   *  at its next task. */
  setDriverOptions(options: DriverFactoryOptions): void {
    this.drivers.setOptions(options);
  }

  /** Finished tasks kept per session (a setting): a lower limit trims every history at once. */
  setHistoryLimit(n: number): void {
    this.historyLimit = n;
    for (const s of this.sessions.values()) if (this.trim(s)) this.touch(s);
  }

  setMaxParallel(n: number): void {
    this.scheduler.setLimit(n);
    for (const s of this.sessions.values()) this.pump(s, false);
  }

  createSession(input: CreateSessionInput): SessionRecord {
    if (!this.deps.adapters[input.agent]) throw new Error(missingAdapter(input.agent));
    const at = this.now();
    const s: SessionRecord = {
      id: `s-${randomUUID().slice(0, 8)}`,
      name: input.name,
      agent: input.agent,
      folder: input.folder,
      ...optional(input, ['specialty', 'model', 'permissionMode', 'allowedTools', 'conversationId']),
      state: 'idle',
      queue: [],
      history: [],
      workingSet: [],
      createdAt: at,
      lastActivityAt: at,
    };
    // A record the store would have to set aside at the next load is refused now (callers are not all typed).
    const invalid = checkSessionRecord(s);
    if (invalid !== undefined) throw new Error(`Session "${String(input.name)}" was not created: ${invalid}.`);
    this.sessions.set(s.id, s);
    this.saver.save(s);
    return this.copies.session(s);
  }

  /** Queues a task; a stopped or failed session is woken up (resuming its conversation). */
  sendTask(sessionId: string, input: SendTaskInput): TaskRecord {
    const s = this.require(sessionId);
    const task: TaskRecord = {
      id: `t-${randomUUID().slice(0, 8)}`,
      text: input.text,
      priority: input.priority ?? 0,
      dependsOn: [...(input.dependsOn ?? [])],
      status: 'queued',
      createdAt: this.now(),
      attempts: 0,
    };
    s.queue.push(task);
    this.touch(s);
    this.pump(s, true);
    return structuredClone(task);
  }

  /** Queues a failed task again (same id, one more attempt). */
  retryTask(sessionId: string, taskId: string): TaskRecord {
    const s = this.require(sessionId);
    const i = s.history.findIndex((t) => t.id === taskId);
    const t = s.history[i];
    if (!t) throw new Error(`Task ${taskId} is not in the history of session ${s.name}.`);
    if (t.status !== 'failed' && t.status !== 'skipped' && t.status !== 'cancelled')
      throw new Error(`Task ${taskId} is ${t.status}; only failed, skipped or cancelled tasks can be retried.`);
    s.history.splice(i, 1);
    const { error: _e, stderrTail: _s, retryable: _r, failureKind: _k, finishedAt: _f, startedAt: _st, ...rest } = t;
    const again: TaskRecord = { ...rest, status: 'queued' };
    s.queue.push(again);
    this.touch(s);
    this.pump(s, true);
    return structuredClone(again);
  }

  cancelTask(sessionId: string, taskId: string): void {
    const s = this.require(sessionId);
    const i = s.queue.findIndex((t) => t.id === taskId);
    const t = s.queue[i];
    if (!t) throw new Error(`Task ${taskId} is not queued in session ${s.name}.`);
    s.queue.splice(i, 1);
    this.finishTask(s, t, { status: 'cancelled', error: 'cancelled by the user' });
    this.pumpAll();
  }

  /** A stopped or failed session becomes idle and runs its queue again; after a failure, the tasks
   *  that were queued when it failed (failed without a start) are queued again. */
  resumeSession(sessionId: string): void {
    const s = this.require(sessionId);
    if (s.state === 'failed' && requeueNotStarted(s) > 0) this.touch(s);
    if (s.state === 'stopped' || s.state === 'failed') this.setState(s, 'idle', 'resumed');
    this.pump(s, false);
  }

  /** Stops the running task (it is marked failed, retryable) and ends the agent's process tree. */
  async stopSession(sessionId: string): Promise<void> {
    const s = this.require(sessionId);
    if (s.state === 'stopped' || s.state === 'stopping') return this.runs.get(s.id) ? this.waitIdle(s.id) : undefined;
    if (s.state === 'failed') {
      await this.drivers.stop(s.id);
      this.setState(s, 'stopped', 'stopped by the user');
      return;
    }
    this.setState(s, 'stopping', 'stopped by the user');
    if (!this.runs.has(s.id)) this.releaseSlot(s.id);
    const run = this.runs.get(s.id);
    if (run) await run.handle.stop();
    await this.drivers.stop(s.id);
    if (stateOf(s) === 'stopping') this.setState(s, 'stopped');
  }

  /** Answers the agent's pending permission request; the session goes from waiting to running. */
  answerPermission(sessionId: string, requestId: string, decision: PermissionDecision): void {
    const s = this.require(sessionId);
    const respond = this.runs.get(s.id)?.handle.respond;
    if (s.state !== 'waiting' || !respond) throw new Error(`Session ${s.name} is not waiting for a permission.`);
    const pending = this.pendingPermissions.get(s.id);
    if (!pending?.has(requestId)) throw new Error(`Session ${s.name} has no pending permission request ${requestId}.`);
    respond(requestId, decision);
    pending.delete(requestId);
    // With several requests pending (parallel tool calls) the session waits until the last is answered.
    if (pending.size === 0)
      this.setState(s, 'running', decision.allow ? `permission ${requestId} granted` : `permission ${requestId} denied`);
  }

  renameSession(sessionId: string, name: string): void {
    this.updateSession(sessionId, { name });
  }

  /** Changes a session's settings; the next task uses them (a warm agent restarts, resuming). */
  updateSession(sessionId: string, patch: SessionSettingsPatch): SessionRecord {
    const s = this.require(sessionId);
    applySettingsPatch(s, patch, this.copies.session(s));
    this.touch(s);
    return this.copies.session(s);
  }

  async deleteSession(sessionId: string): Promise<void> {
    const s = this.require(sessionId);
    if (s.state !== 'stopped' && s.state !== 'failed') await this.stopSession(sessionId);
    else await this.drivers.stop(s.id);
    this.sessions.delete(s.id);
    this.drivers.delete(s.id);
    await this.transcripts.delete(s.id).catch(() => undefined);
    await this.saver.delete(s.id);
    this.emitter.emit('sessionDeleted', { sessionId: s.id });
  }

  /** Resolves with the task's record once it succeeded, failed, was skipped or cancelled. */
  waitForTask(taskId: string): Promise<TaskRecord> {
    const done = this.findTask(taskId);
    if (done && isTerminal(done.status)) {
      const copy = this.copies.task(done);
      return this.emitter.delivered().then(() => copy); // Like the event: once the result is saved.
    }
    return new Promise((resolve) => {
      const off = this.on('taskFinished', ({ task }) => {
        if (task.id === taskId) {
          off();
          resolve(task);
        }
      });
    });
  }

  /**
   * Resolves once everything saved for the session so far is on disk: await it before
   * acknowledging a created session or a sent task. Rejects when writing failed (the change is
   * kept in memory, reported as a persist error, and saved again with the next change).
   */
  durable(sessionId: string): Promise<void> {
    return this.saver.durable(sessionId);
  }

  /** Waits for every pending save (tests, shutdown). */
  async flush(): Promise<void> {
    await this.saver.flush();
  }

  /** Stops every session's agent (window closing). */
  async dispose(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.stopSession(id).catch(() => undefined)));
    await this.flush();
  }

  // ——— running tasks ———

  private pump(s: SessionRecord, wake: boolean): void {
    if (isActive(s.state) || s.state === 'stopping' || this.runs.has(s.id)) return;
    if ((s.state === 'stopped' || s.state === 'failed') && !wake) return;
    for (;;) {
      const pick = pickNextTask(s.queue, (id) => this.findTask(id)?.status);
      if (pick.kind === 'skip') {
        s.queue.splice(s.queue.indexOf(pick.task), 1);
        this.finishTask(s, pick.task, { status: 'skipped', error: `not started: ${pick.reason}` });
        continue;
      }
      if (pick.kind !== 'run') {
        // Admitted to a slot with nothing left to run: give the slot back.
        if (this.scheduler.holds(s.id)) this.releaseSlot(s.id);
        return;
      }
      if (!this.scheduler.acquire(s.id)) return;
      this.startTask(s, pick.task);
      return;
    }
  }

  private pumpAll(): void {
    for (const s of this.sessions.values()) this.pump(s, false);
  }

  private startTask(s: SessionRecord, task: TaskRecord): void {
    const adapter = this.deps.adapters[s.agent];
    s.queue.splice(s.queue.indexOf(task), 1);
    Object.assign(task, { status: 'running', startedAt: this.now(), attempts: task.attempts + 1 });
    s.history.push(task);
    this.setState(s, 'starting', `task ${task.id}`);
    this.record(s, task.id, { type: 'task_start', text: task.text, attempt: task.attempts });
    if (!adapter) return this.endRun(s, task, failedOutcome(missingAdapter(s.agent)));
    const driver = this.drivers.for(s, adapter);
    const warm = driver.warm;
    this.emitter.emit('taskStarted', { sessionId: s.id, task: structuredClone(task), warm });
    const allowedTools = allowedToolsFor(this.deps, s);
    const mcp = mcpFor(this.deps, s);
    const env = mcp ? { ...this.deps.env?.[s.agent], ...mcp.env } : this.deps.env?.[s.agent];
    const req: AgentTaskRequest = {
      text: task.text,
      cwd: s.folder,
      ...optional(s, ['conversationId', 'model', 'permissionMode']),
      ...(allowedTools ? { allowedTools } : {}),
      ...(env ? { env } : {}),
      ...(mcp ? { mcpServer: mcp.server } : {}),
    };
    let run;
    try {
      run = driver.runTask(req, (ev) => this.onAgentEvent(s, task, ev));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return this.endRun(s, task, failedOutcome(reason, err instanceof InvalidTaskError ? 'invalid-task' : 'spawn-error'));
    }
    this.runs.set(s.id, { taskId: task.id, handle: run });
    void run.outcome.then((o) => this.endRun(s, task, o));
  }

  /** Frees a session's parallel slot (or its place in line) and starts the sessions admitted. */
  private releaseSlot(sessionId: string): void {
    for (const id of this.scheduler.release(sessionId)) {
      const next = this.sessions.get(id);
      if (next) this.pump(next, true);
      else this.releaseSlot(id);
    }
  }

  private onAgentEvent(s: SessionRecord, task: TaskRecord, ev: AgentEvent): void {
    if (s.state === 'starting') this.setState(s, 'running');
    if (ev.type === 'permission_request') {
      const pending = this.pendingPermissions.get(s.id) ?? new Set<string>();
      this.pendingPermissions.set(s.id, pending.add(ev.requestId));
      if (s.state === 'running') this.setState(s, 'waiting', `${ev.toolName} needs permission`);
    }
    if (ev.type === 'init' && ev.conversationId !== s.conversationId) {
      s.conversationId = ev.conversationId;
      this.touch(s);
    }
    if (ev.type === 'tool_use' && ev.files.length > 0) {
      recordFileAccess(s.workingSet, s.folder, ev.files, this.now());
      this.touch(s);
    }
    if (isTranscribed(ev)) this.record(s, task.id, ev);
    this.emitter.emit('agentEvent', { sessionId: s.id, taskId: task.id, event: ev });
  }

  private endRun(s: SessionRecord, task: TaskRecord, o: RunOutcome): void {
    this.runs.delete(s.id);
    this.pendingPermissions.delete(s.id);
    if (o.conversationId) s.conversationId = o.conversationId;
    const stopping = s.state === 'stopping';
    if (o.ok) {
      delete s.lastError; // the session works again
      this.finishTask(s, task, { status: 'succeeded', ...optional(o, ['resultText', 'costUsd']) });
    } else {
      const f = o.failure ?? { kind: 'agent-error', reason: 'unknown failure', stderrTail: [] };
      this.finishTask(s, task, {
        status: 'failed',
        error: f.reason,
        failureKind: f.kind,
        stderrTail: f.stderrTail,
        // The same text would be refused again: only an agent-side failure is worth another attempt.
        retryable: f.kind !== 'invalid-task',
        ...optional(o, ['resultText', 'costUsd']),
      });
      // The agent answered with an error, or the task was refused before anything started: the
      // session is healthy and carries on with its queue.
      if (f.kind !== 'agent-error' && f.kind !== 'stopped' && f.kind !== 'invalid-task' && !stopping) {
        s.lastError = { reason: f.reason, stderrTail: f.stderrTail, at: this.now(), kind: f.kind };
        // Nothing waits behind a failed session without a word: its queue fails now, retryable.
        for (const t of s.queue.splice(0))
          this.finishTask(s, t, { status: 'failed', error: notStartedError(s.name, f.reason), retryable: true });
        this.setState(s, 'failed', f.reason);
      }
    }
    if (stopping) this.setState(s, 'stopped');
    else if (isActive(s.state)) this.setState(s, 'idle');
    this.releaseSlot(s.id);
    this.pumpAll();
  }

  private finishTask(s: SessionRecord, task: TaskRecord, patch: Partial<TaskRecord>): void {
    Object.assign(task, patch, { finishedAt: this.now() });
    this.record(s, task.id, { type: 'task_end', status: task.status, ...(task.error !== undefined ? { error: task.error } : {}) });
    if (!s.history.includes(task)) s.history.push(task);
    this.trim(s);
    s.lastActivityAt = this.now();
    this.saver.save(s);
    // Reported once on disk: a task reported finished must never come back as interrupted after a crash.
    this.emitter.holdUntil(this.saver.durable(s.id));
    this.emitter.emit('sessionChanged', { session: this.copies.session(s) });
    this.emitter.emit('taskFinished', { sessionId: s.id, task: this.copies.task(task) });
  }

  // ——— helpers ———

  /** Drops the session's oldest finished tasks past the limit, keeping those a queued task depends on; true when some were. */
  private trim(s: SessionRecord): boolean {
    const dependedOn = new Set<string>();
    for (const other of this.sessions.values()) for (const t of other.queue) for (const d of t.dependsOn) dependedOn.add(d);
    const dropped = trimHistory(s.history, this.historyLimit, dependedOn);
    if (dropped > 0) s.trimmedTasks = (s.trimmedTasks ?? 0) + dropped;
    return dropped > 0;
  }

  private setState(s: SessionRecord, to: SessionState, reason?: string): void {
    const from = s.state;
    s.state = transition(from, to);
    this.touch(s);
    this.emitter.emit('stateChanged', { sessionId: s.id, from, to, ...(reason !== undefined ? { reason } : {}) });
  }

  private touch(s: SessionRecord): void {
    s.lastActivityAt = this.now();
    this.saver.save(s);
    this.emitter.emit('sessionChanged', { session: this.copies.session(s) });
  }

  private record(s: SessionRecord, taskId: string, item: TranscriptItem): void {
    this.transcripts.append(s.id, { at: this.now(), taskId, item }).catch((err: unknown) => {
      this.emitter.emit('persistError', { sessionId: s.id, error: `transcript: ${err instanceof Error ? err.message : String(err)}` });
    });
  }

  private waitIdle(sessionId: string): Promise<void> {
    return new Promise((resolve) => {
      const off = this.on('stateChanged', (e) => {
        if (e.sessionId === sessionId && !isActive(e.to) && e.to !== 'stopping') {
          off();
          resolve();
        }
      });
    });
  }

  private findTask(taskId: string): TaskRecord | undefined {
    for (const s of this.sessions.values()) {
      const t = s.history.find((x) => x.id === taskId) ?? s.queue.find((x) => x.id === taskId);
      if (t) return t;
    }
    return undefined;
  }

  private require(id: string): SessionRecord {
    const s = this.sessions.get(id);
    if (!s) throw new Error(`No session with id ${id}.`);
    return s;
  }
}

/** Reads the state afresh (it changes across awaits; defeats stale narrowing). */
function stateOf(s: SessionRecord): SessionState {
  return s.state;
}
