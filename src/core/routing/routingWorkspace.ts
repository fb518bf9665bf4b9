// Affinity routing over a live workspace: an affinity tracker fed by the open documents, the editors
// the host reports and the sessions' agent events; route / explain / dispatch with handoff
// summaries; the audit log; fan-out over a glob; and the active editor's session. The orchestrator's
// routing service is only LSP wiring around this class.
import { randomUUID } from 'node:crypto';
import { basename, isAbsolute, resolve } from 'node:path';
import { knownFixLine } from '../fixes/knownFixes';
import type { SessionRecord } from '../sessions/sessionTypes';
import { taskOutcome } from '../sessions/taskOutcome';
import { TypedEmitter } from '../sessions/typedEmitter';
import { listWorkspaceFiles } from '../workspace/workspaceFiles';
import { fileUriToPath, pathBelow } from '../workspace/paths';
import { activeSession } from './activeAffinity';
import { auditRecord, type RoutingAuditRecord } from './audit';
import { combineFanOut, idleSessionIds, planFanOut, type FanOutPlan, type SubtaskResult } from './fanOut';
import { readGitHistory } from './gitHistory';
import { buildHandoffSummary, handoffSource } from './handoff';
import { describeLearned } from './routingKnowledge';
import { PathKeys } from './pathKeys';
import { Router } from './router';
import { appendAudit } from './routingStore';
import { isStrategyName } from './settings';
import { restoreTracker, snapshotTracker } from './snapshot';
import { AffinityTracker } from './tracker';
import type { RouteDecision, RouteTask } from './types';
import { WorkspaceSymbols } from './workspaceSymbols';
import type {
  Decided,
  DispatchInput,
  Dispatched,
  FanOutFinished,
  FanOutStarted,
  RoutingStatus,
  RoutingWorkspaceDeps,
} from './routingWorkspaceTypes';

/** How long a decision waits for the first listing of the workspace's files. */
const FIRST_LISTING_WAIT_MS = 3000;
/** A subtask's result is kept up to this many characters for the fan-out report. */
const MAX_SUBTASK_RESULT = 4000;
const REMEMBERED_DECISIONS = 50;

type RoutingEvents = {
  activeSession: { sessionId?: string; reason?: string };
  status: RoutingStatus;
  fanOutFinished: FanOutFinished;
  decision: { latencyMs: number };
};

export class RoutingWorkspace {
  readonly tracker: AffinityTracker;
  private readonly router: Router;
  private readonly keys: PathKeys;
  private readonly symbols: WorkspaceSymbols;
  private readonly events = new TypedEmitter<RoutingEvents>();
  private readonly decisions = new Map<string, { task: RouteTask; decision: RouteDecision }>();
  private readonly fanOuts = new Map<string, { plan: FanOutPlan; tasks: Map<string, string>; results: SubtaskResult[] }>();
  private readonly knownFiles = new Set<string>();
  private readonly firstListing: Promise<void>;
  private readonly refreshTimer: NodeJS.Timeout;
  private readonly subscriptions: { dispose(): void }[] = [];
  private headroom: ((sessionId: string) => number | undefined) | undefined;
  /** The text a person sent a task with when it was not routed (learned with its files when it ends). */
  private readonly sentTexts = new Map<string, string>();
  /** The last commit learned per folder, and what its reading said. */
  private readonly histories = new Map<string, { head?: string; status: string; message: string }>();
  private historyReading: Promise<void> = Promise.resolve();
  private lastActive: string | undefined;
  private readonly now: () => number;

  constructor(private readonly deps: RoutingWorkspaceDeps) {
    this.now = deps.now ?? Date.now;
    this.keys = new PathKeys([...deps.folders]);
    const initial = deps.settings();
    this.tracker = new AffinityTracker({
      focusHalfLifeMs: initial.focusHalfLifeMinutes * 60_000,
      ...(isStrategyName(initial.strategy) ? { strategy: initial.strategy } : {}),
    });
    this.router = new Router(this.tracker, { headroom: (id) => this.headroom?.(id) });
    this.symbols = new WorkspaceSymbols({ ask: deps.askSymbols, keyOf: (p) => this.keys.key(p), log: deps.log });
    this.tracker.symbols = this.symbols.cache;
    if (deps.sessionSuccess) this.tracker.sessionSuccess = (id) => deps.sessionSuccess?.(id) ?? this.tracker.outcomes.session(id);
    const snapshot = deps.store?.data.tracker;
    if (snapshot) for (const problem of restoreTracker(this.tracker, snapshot)) deps.log(`routing history: ${problem}`);
    this.followSessions();
    this.followDocuments();
    // The first listing: a decision waits for it (bounded), so a task sent right after start still
    // resolves the paths it names and its outcome counts for their area.
    this.firstListing = this.refreshFiles().catch((e: unknown) => deps.log(`routing: listing the workspace files failed: ${message(e)}`));
    // Off the decision path: the git history is learned in the background, and again when HEAD moves.
    this.historyReading = this.learnHistory();
    this.refreshTimer = setInterval(() => {
      void this.refreshFiles().catch(() => undefined);
      this.historyReading = this.historyReading.then(() => this.learnHistory());
    }, 60_000);
    this.refreshTimer.unref();
  }

  /** What routing learned and how reading the git history went. */
  status(): RoutingStatus {
    const learned = this.tracker.learned();
    return {
      learned,
      text: describeLearned(learned),
      history: [...this.histories].map(([folder, h]) => ({ folder, status: h.status, message: h.message })),
    };
  }

  onStatus(listener: (s: RoutingStatus) => void): () => void {
    return this.events.on('status', listener);
  }

  /** Resolves once the git history read so far has been learned (tests, the first status). */
  historyLearned(): Promise<void> {
    return this.historyReading;
  }

  /** A task sent to a session by hand (not routed): its text is learned with its files when it ends. */
  taskSent(taskId: string, text: string): void {
    this.sentTexts.set(taskId, text);
    if (this.sentTexts.size > 1000) this.sentTexts.delete(this.sentTexts.keys().next().value as string);
  }

  /** The active editor's session changed (undefined: none). */
  onActiveSession(listener: (e: RoutingEvents['activeSession']) => void): () => void {
    return this.events.on('activeSession', listener);
  }

  /** Every subtask of a fan-out ended: the combined report. */
  onFanOutFinished(listener: (e: FanOutFinished) => void): () => void {
    return this.events.on('fanOutFinished', listener);
  }

  /** A decision was made, with its latency (for the metrics). */
  onDecision(listener: (e: RoutingEvents['decision']) => void): () => void {
    return this.events.on('decision', listener);
  }

  /** Plugs the budget engine's headroom in (tokens left per session). */
  setHeadroom(lookup: (sessionId: string) => number | undefined): void {
    this.headroom = lookup;
  }

  /** A settings change: the strategy applies to the next decision. */
  settingsChanged(): void {
    const s = this.deps.settings().strategy;
    if (isStrategyName(s)) this.router.setStrategy(s);
  }

  /** The editors on screen (absolute paths) and the active one. */
  setEditors(visible: readonly string[], active: string | undefined): void {
    const vk = visible.map((v) => this.keys.key(v)).filter((k): k is string => k !== undefined);
    this.tracker.setEditors(vk, active !== undefined ? this.keys.key(active) : undefined, this.now());
    this.pushActive();
  }

  nameOf(sessionId: string): string {
    return sessionId === 'new' ? 'a new session' : (this.deps.manager.brief(sessionId)?.name ?? sessionId);
  }

  /** Ranks the sessions for a task; `explainOnly` decisions are not remembered for dispatch. */
  async decide(text: string, independent: boolean | undefined, explainOnly: boolean): Promise<Decided> {
    if (!text.trim()) throw new Error('A task needs some text.');
    await this.filesListed();
    const id = `r-${randomUUID().slice(0, 8)}`;
    const estimatedTokens = await this.deps.estimateTask?.(text).catch(() => undefined);
    const task: RouteTask = {
      id,
      text,
      ...(independent !== undefined ? { independent } : {}),
      ...(estimatedTokens !== undefined ? { estimatedTokens } : {}),
    };
    await this.symbols.prepare(text);
    const started = performance.now();
    const decision = explainOnly ? this.router.explain(task, this.now()) : this.router.route(task, this.now());
    const latencyMs = performance.now() - started;
    this.events.emit('decision', { latencyMs });
    if (!explainOnly) {
      this.decisions.set(id, { task, decision });
      if (this.decisions.size > REMEMBERED_DECISIONS) this.decisions.delete(this.decisions.keys().next().value as string);
    }
    return { id, task, decision, latencyMs };
  }

  /** Sends a task to the session the person chose (or a new one), with a handoff summary when it
   *  moves away from the session holding its context. */
  async dispatch(p: DispatchInput): Promise<Dispatched> {
    const { manager } = this.deps;
    const remembered = p.decisionId ? this.decisions.get(p.decisionId) : undefined;
    let sessionId = p.sessionId;
    if (sessionId === 'new') {
      if (!p.newSession) throw new Error('A new session needs its name, agent and folder.');
      sessionId = (await this.deps.createSession(p.newSession)).id;
    }
    const target = manager.brief(sessionId); // name and folder only: no copy of its history
    if (!target) throw new Error(`There is no session ${sessionId}.`);
    const files = remembered?.decision.targetFiles ?? [];
    const from = handoffSource(this.tracker, sessionId, files, this.now());
    // Known fixes (with their diffs) for the files the task names; the handoff lists the fixes for
    // all its files. The handoff's own file list is not searched for more.
    let text = this.deps.taskText ? this.deps.taskText(sessionId, p.text) : p.text;
    if (from) {
      const previous = manager.get(from.sessionId);
      const findings = (previous?.history ?? [])
        .filter((t) => t.status === 'succeeded' && t.resultText)
        .slice(-3)
        .reverse()
        .map((t) => (t.resultText ?? '').slice(0, 400));
      const absolute = files.map((f) => this.keys.absolute(f)).filter((f): f is string => f !== undefined);
      const fixes = (this.deps.knownFixes?.(this.folderOf(target), absolute) ?? []).map(knownFixLine);
      const handoff = buildHandoffSummary({ taskText: p.text, toSession: target.name, files, from, findings, fixes, now: this.now() });
      text = `${text}\n\n${handoff}`;
    }
    const task = manager.sendTask(sessionId, { text });
    await manager.durable(sessionId); // acknowledged only once the task is on disk
    // Routed under the decision's id, run under the manager's: outcome and follow-ups follow the task.
    this.router.dispatched(task.id, sessionId, remembered?.task.id);
    if (files.length) this.router.assigned(task.id, sessionId, files);
    const store = this.deps.store;
    if (store && remembered) {
      const chosen = p.sessionId === 'new' ? 'new' : sessionId;
      appendAudit(store, auditRecord(remembered.task, remembered.decision, { at: new Date(), by: p.by, chosen }));
    } else if (store) {
      await this.symbols.prepare(p.text);
      const routed = this.router.explain({ id: task.id, text: p.text }, this.now());
      appendAudit(store, auditRecord({ id: task.id, text: p.text }, routed, { at: new Date(), by: p.by, chosen: sessionId }));
    }
    return { sessionId, sessionName: target.name, task, ...(from ? { handoffFrom: this.nameOf(from.sessionId) } : {}) };
  }

  /** The newest audit records first. */
  audit(limit: number): RoutingAuditRecord[] {
    return (this.deps.store?.data.audit ?? []).slice(-limit).reverse();
  }

  /** Splits a context-independent task over the files matching a glob, across idle or new sessions. */
  async fanOut(text: string, glob: string): Promise<FanOutStarted> {
    const { manager } = this.deps;
    await Promise.all([this.refreshFiles(), this.symbols.prepare(text)]);
    const id = `f-${randomUUID().slice(0, 8)}`;
    const known = new Set(manager.list().map((s) => s.id));
    const settings = this.deps.settings();
    const plan = planFanOut({
      taskId: id,
      text,
      files: [...this.knownFiles],
      glob,
      idleSessions: idleSessionIds(this.tracker).filter((s) => known.has(s)),
      parallelLimit: settings.maxParallelSessions,
    });
    const folder = this.deps.folders[0];
    const template = manager.list()[0];
    const tasks = new Map<string, string>();
    const subtasks: FanOutStarted['subtasks'] = [];
    let created = 0;
    for (const sub of plan.subtasks) {
      let sessionId = sub.session;
      if (sessionId === 'new') {
        if (!folder) throw new Error('Fan-out needs a workspace folder for new sessions.');
        const agent = template?.agent ?? 'claude';
        const name = `fan-out ${id.slice(2)} #${++created}`;
        sessionId = (
          await this.deps.createSession({
            name,
            agent,
            folder,
            ...(template?.permissionMode ? { permissionMode: template.permissionMode } : {}),
          })
        ).id;
      }
      const task = manager.sendTask(sessionId, { text: this.deps.taskText ? this.deps.taskText(sessionId, sub.text) : sub.text });
      this.router.dispatched(task.id, sessionId);
      tasks.set(task.id, sub.id);
      subtasks.push({ id: sub.id, sessionId, sessionName: this.nameOf(sessionId), files: sub.files.length, taskId: task.id });
    }
    const store = this.deps.store;
    if (store) {
      const d = this.router.explain({ id, text, independent: true }, this.now());
      const chosen = subtasks.map((s) => s.sessionName).join(', ') || 'none';
      appendAudit(store, auditRecord({ id, text, independent: true }, d, { at: new Date(), by: 'fan-out', chosen }));
    }
    // Acknowledged only once the tasks are on disk.
    await Promise.all([...new Set(subtasks.map((s) => s.sessionId))].map((s) => manager.durable(s)));
    if (plan.subtasks.length > 0) this.fanOuts.set(id, { plan, tasks, results: [] });
    return { fanOutId: id, subtasks, matchedFiles: plan.matchedFiles, newSessions: created, ...(plan.note ? { note: plan.note } : {}) };
  }

  /** `from` was rolled over into the new session `to`: `to` takes its context. */
  sessionRolledOver(from: string, to: string): void {
    for (const id of [from, to]) {
      const s = this.deps.manager.get(id);
      if (s) this.syncSession(s);
    }
    this.router.sessionRolledOver(from, to, this.now());
    this.pushActive();
  }

  /** Saves the tracker's snapshot and stops the file listing. */
  async close(): Promise<void> {
    clearInterval(this.refreshTimer);
    for (const s of this.subscriptions) s.dispose();
    const store = this.deps.store;
    if (store) {
      store.update((d) => {
        d.tracker = snapshotTracker(this.tracker);
      });
      await store.close();
    }
  }

  // ── signals ──

  private folderOf(s: Pick<SessionRecord, 'id' | 'folder'>): string {
    return this.deps.workspaceFolderOf(s.id) ?? s.folder;
  }

  private syncSession(s: SessionRecord): void {
    const folder = this.folderOf(s);
    const t = this.tracker;
    const now = this.now();
    t.addSession(
      {
        id: s.id,
        folder: this.keys.folderLabel(folder),
        specialty: s.specialty?.label ?? '',
        globs: this.keys.globs(folder, s.specialty?.globs ?? []),
      },
      now,
    );
    t.setLoad(s.id, { running: s.history.some((task) => task.status === 'running') ? 1 : 0, queued: s.queue.length });
    t.setStopped(s.id, s.state === 'stopped' || s.state === 'stopping');
    // A rolled-over session given work by hand is a candidate again.
    if (s.state === 'starting' || s.state === 'running' || s.state === 'waiting') t.reinstate(s.id);
  }

  /** A path the agent named (absolute, or relative to where it runs) as a workspace key. */
  private agentPathKey(s: Pick<SessionRecord, 'id' | 'folder'>, path: string): string | undefined {
    const abs = isAbsolute(path) ? path : resolve(s.folder, path);
    const rel = pathBelow(s.folder, abs);
    return this.keys.key(rel !== undefined ? resolve(this.folderOf(s), rel) : abs);
  }

  private followSessions(): void {
    const { manager } = this.deps;
    for (const s of manager.list()) this.syncSession(s);
    manager.on('sessionChanged', ({ session }) => {
      this.syncSession(session);
      this.pushActive();
    });
    manager.on('sessionDeleted', ({ sessionId }) => {
      this.tracker.removeSession(sessionId);
      this.router.sessionRemoved(sessionId);
    });
    manager.on('agentEvent', ({ sessionId, event }) => {
      const s = manager.brief(sessionId); // its id and folder: no copy of its history per event
      if (!s) return;
      if (event.type === 'tool_use') {
        for (const f of event.files) {
          const key = this.agentPathKey(s, f.path);
          if (!key) continue;
          this.tracker.touch(sessionId, key, f.access, this.now());
          if (f.access === 'edit') {
            this.tracker.didEdit(key, sessionId, this.now());
            this.symbols.fileChanged(key);
          }
        }
      } else if (event.type === 'compaction') {
        this.tracker.sessionCompacted(sessionId);
      }
    });
    manager.on('taskFinished', ({ sessionId, task }) => {
      if (task.status === 'succeeded' || task.status === 'failed') {
        // One outcome definition: a task whose CLI never started says nothing of the session.
        const outcome = taskOutcome(task);
        const text = this.sentTexts.get(task.id);
        this.sentTexts.delete(task.id);
        this.tracker.taskDone(task.id, sessionId, outcome === 'not-run' ? undefined : outcome === 'succeeded', this.now(), text);
        this.events.emit('status', this.status());
      }
      this.fanOutTaskFinished(task.id, task.status === 'succeeded', task.resultText);
    });
  }

  private followDocuments(): void {
    const { documents } = this.deps;
    const keyOf = (uri: string): string | undefined => {
      const path = fileUriToPath(uri);
      return path !== undefined ? this.keys.key(path) : undefined;
    };
    this.subscriptions.push(
      documents.onDidOpen((d) => {
        const key = keyOf(d.uri);
        if (key) this.tracker.didOpen(key, this.now());
      }),
      documents.onDidClose((d) => {
        const key = keyOf(d.uri);
        if (key) this.tracker.didClose(key, this.now());
      }),
      documents.onDidChange((d) => {
        const key = keyOf(d.uri);
        if (!key) return;
        this.tracker.didEdit(key, 'user', this.now());
        this.symbols.fileChanged(key);
      }),
    );
  }

  private pushActive(): void {
    const a = activeSession(this.tracker, this.now());
    if (a?.sessionId === this.lastActive) return;
    this.lastActive = a?.sessionId;
    this.events.emit('activeSession', a ? { sessionId: a.sessionId, reason: a.reason } : {});
  }

  private async refreshFiles(): Promise<void> {
    const list = this.deps.listFiles ?? listWorkspaceFiles;
    for (const folder of this.deps.folders) {
      const files = (await list(folder)).map((f) => this.keys.key(f)).filter((k): k is string => k !== undefined);
      for (const f of files) this.knownFiles.add(f);
      this.tracker.addKnownFiles(files);
    }
  }

  /** Reads each folder's git history (from its cache; only new commits when HEAD moved) and learns what it had not. */
  private async learnHistory(): Promise<void> {
    const max = this.deps.settings().historyCommits;
    if (max <= 0) return;
    const read =
      this.deps.readHistory ??
      ((folder: string, maxCommits: number) =>
        readGitHistory({ cwd: folder, maxCommits, ...(this.deps.historyCacheDir ? { cacheDir: this.deps.historyCacheDir } : {}) }));
    let learnedAny = false;
    for (const folder of this.deps.folders) {
      const previous = this.histories.get(folder);
      const h = await read(folder, max).catch((e: unknown) => {
        this.deps.log(`routing: reading the git history of ${folder} failed: ${message(e)}`);
        return undefined;
      });
      if (!h) continue;
      if (previous?.head !== undefined && previous.head === h.head) continue;
      // Oldest first: learn what came after the last commit learned (everything after a rewrite).
      const from = previous?.head !== undefined ? h.commits.findIndex((c) => c.hash === previous.head) + 1 : 0;
      const prefix = this.keys.multiRoot ? `${basename(folder)}/` : '';
      const fresh = h.commits.slice(from).map((c) => (prefix ? { text: c.text, files: c.files.map((f) => prefix + f) } : c));
      if (fresh.length > 0) {
        this.tracker.learnHistory(fresh);
        learnedAny = true;
      }
      this.histories.set(folder, { ...(h.head !== undefined ? { head: h.head } : {}), status: h.status, message: h.message });
      this.deps.log(`routing: ${folder}: ${h.message}${fresh.length > 0 ? `; learned ${fresh.length} commit(s)` : ''}`);
    }
    if (learnedAny || this.histories.size > 0) this.events.emit('status', this.status());
  }

  private filesListed(): Promise<void> {
    return Promise.race([this.firstListing, new Promise<void>((r) => setTimeout(r, FIRST_LISTING_WAIT_MS).unref())]);
  }

  private fanOutTaskFinished(taskId: string, ok: boolean, resultText?: string): void {
    for (const [id, f] of this.fanOuts) {
      const subtaskId = f.tasks.get(taskId);
      if (!subtaskId) continue;
      f.results.push({ subtaskId, ok, ...(resultText ? { summary: resultText.slice(0, MAX_SUBTASK_RESULT) } : {}) });
      const report = combineFanOut(f.plan, f.results);
      if (report.done) {
        this.fanOuts.delete(id);
        this.events.emit('fanOutFinished', {
          fanOutId: id,
          text: report.text,
          report: report.markdown,
          succeeded: report.succeeded,
          failed: report.failed,
        });
      }
    }
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
