// Learned fixes over a live workspace: the global fix store (shared by all windows), fed from the
// open documents, the diagnostics the editor forwards and finished agent tasks; a cheap unref'd
// timer that learns confirmed candidates, records verification outcomes, flushes "offered" counts
// and picks up other windows' writes; known fixes for the tasks sent to sessions. The orchestrator's
// fixes service is only LSP wiring (code actions, commands, requests) around this class.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionManager } from '../sessions/sessionManager';
import { TypedEmitter } from '../sessions/typedEmitter';
import type { StoreProblem } from '../store/storeTypes';
import type { OpenDocuments } from '../workspace/openDocuments';
import { fixesFromAgentTask } from './agentFixes';
import { AgentFixUses } from './agentFixUses';
import { FixCaptureScope } from './captureScope';
import { EditorFixSignals, type AppliedFix } from './editorFixSignals';
import { editFix, type EditFixResult } from './fixEdits';
import { createFixRecord, type FixRecord } from './fixRecord';
import { FixStore } from './fixStore';
import type { ImportReport as FixImportReport } from './fixStore';
import { JsonFixRepository } from './jsonFixRepository';
import type { KnownFix } from './knownFixes';
import { checkReportedFix, type ReportedFixInput } from './reportedFix';
import { taskKnownFixes, withKnownFixes } from './taskKnownFixes';
import { TaskActivity, type FinishedActivity, type ReadText } from './taskActivity';
import type { DiagnosticInfo } from './textTypes';

export const FIXES_FILE = 'learned-fixes.json';
const TICK_MS = 1000;
const FLUSH_EVERY = 5;
const RELOAD_EVERY = 10;
/** Fixes that failed repeatedly are removed every ten minutes. */
const PRUNE_EVERY = 600;
const MAX_SNAPSHOT_BYTES = 1_000_000;

export interface FixesSettings {
  enabled: boolean;
  similarityThreshold: number;
  shareWithSessions: boolean;
  /** Globs of files never learned from (agentAffinity.fixes.exclude). */
  exclude: readonly string[];
}

export interface FixesWorkspaceDeps {
  /** The extension's global storage folder; no store without one. */
  globalStorageDir: string;
  /** The workspace folders (exclude globs also match paths inside them). */
  folders: readonly string[];
  documents: OpenDocuments;
  settings(): FixesSettings;
  log(message: string): void;
  storeProblem(problem: StoreProblem): void;
  /** The store could not be opened: tell the person (the file named). */
  unavailable(message: string, file: string): void;
  readText?: ReadText;
  now?(): number;
}

/** A finished task, for the metrics: its tokens when the agent reported usage. */
export interface FinishedTask {
  sessionId: string;
  taskId: string;
  status: string;
  failureKind?: string | undefined;
  startedAt?: number | undefined;
  finishedAt?: number | undefined;
  tokens?: number | undefined;
}

type FixesEvents = {
  /** The store's contents changed (debounced). */
  changed: { total: number };
  /** A fix was learned by hand (after Remember Fix). */
  remembered: { uri: string; title: string };
  /** A session's task finished (for the metrics). */
  taskFinished: FinishedTask;
};

/** Reads a small text file; undefined for a missing, large or binary one. */
export const readSmallText: ReadText = (path) => {
  try {
    if (statSync(path).size > MAX_SNAPSHOT_BYTES) return undefined;
    const text = readFileSync(path, 'utf8');
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
};

/** A reported fix as stored, or which input was refused and why (nothing is stored then). */
export type ReportResult = { ok: true; fix: FixRecord; known: boolean } | { ok: false; field: string; error: string };

export class FixesWorkspace {
  readonly signals: EditorFixSignals;
  /** Fixes given to agents through the MCP tool known_fixes, per task. */
  private readonly agentUses = new AgentFixUses();
  /** Fixes come from source files, never from VS Code's own settings or excluded globs. */
  private readonly scope: FixCaptureScope;
  private readonly activity: TaskActivity;
  private readonly events = new TypedEmitter<FixesEvents>();
  private readonly offeredSeen = new Set<string>();
  private store: FixStore | undefined;
  private whyUnavailable: string | undefined = 'the learned-fix store is opening';
  private readonly opened: Promise<FixStore | undefined>;
  private readonly timer: NodeJS.Timeout;
  private readonly subscriptions: { dispose(): void }[] = [];
  private changedTimer: NodeJS.Timeout | undefined;
  private ticks = 0;
  private ticking = false;
  private manager: SessionManager | undefined;
  private readonly now: () => number;
  private readonly readText: ReadText;
  private closeRepository: (() => Promise<void>) | undefined;

  constructor(private readonly deps: FixesWorkspaceDeps) {
    this.now = deps.now ?? Date.now;
    this.readText = deps.readText ?? readSmallText;
    this.activity = new TaskActivity(this.readText);
    this.scope = new FixCaptureScope({
      globalStorageDir: deps.globalStorageDir,
      workspaceFolders: deps.folders,
      exclude: deps.settings().exclude,
    });
    this.signals = new EditorFixSignals({ isSource: (uri) => this.scope.acceptsUri(uri) });
    this.opened = this.open();
    const { documents } = deps;
    this.subscriptions.push(
      documents.onDidOpen((d) => this.signals.opened(d.uri, d.languageId, d.getText())),
      documents.onDidChange((d) => this.signals.changed(d.uri, d.getText())),
      documents.onDidClose((d) => this.signals.closed(d.uri)),
    );
    this.timer = setInterval(() => this.tickSoon(), TICK_MS);
    this.timer.unref();
  }

  onChanged(listener: (e: FixesEvents['changed']) => void): () => void {
    return this.events.on('changed', listener);
  }

  onRemembered(listener: (e: FixesEvents['remembered']) => void): () => void {
    return this.events.on('remembered', listener);
  }

  onTaskFinished(listener: (e: FinishedTask) => void): () => void {
    return this.events.on('taskFinished', listener);
  }

  /** The settings changed: the exclude globs apply to the next capture. */
  settingsChanged(): void {
    this.scope.setExclude(this.deps.settings().exclude);
  }

  /** Why there is no store (opening, none given, unreadable, or fixes turned off); undefined when usable. */
  get unavailable(): string | undefined {
    if (this.whyUnavailable) return this.whyUnavailable;
    return this.deps.settings().enabled ? undefined : 'learned fixes are turned off (agentAffinity.fixes.enabled)';
  }

  /** The store once it is open; undefined when it cannot be. */
  ready(): Promise<FixStore | undefined> {
    return this.opened;
  }

  /** The store, or an error saying why there is none. */
  async required(): Promise<FixStore> {
    const s = await this.opened;
    if (!s) throw new Error(this.whyUnavailable ?? 'the learned-fix store is not available');
    return s;
  }

  /** A file's current diagnostics, as the editor forwarded them. */
  diagnostics(uri: string, diagnostics: readonly DiagnosticInfo[]): void {
    this.signals.diagnostics(uri, diagnostics, this.now());
  }

  /** Counts offers of fixes in code actions, once per document version. */
  offered(uri: string, version: number, fixIds: readonly string[]): void {
    const fresh = fixIds.filter((id) => {
      const k = `${uri}#${version}#${id}`;
      if (this.offeredSeen.has(k)) return false;
      if (this.offeredSeen.size > 5000) this.offeredSeen.clear();
      this.offeredSeen.add(k);
      return true;
    });
    if (fresh.length > 0) this.store?.offered(fresh);
  }

  /** A learned fix was applied through its code action: count it and verify it. */
  async applied(fix: AppliedFix): Promise<void> {
    const s = await this.opened;
    if (!s) return;
    await s.applied(fix.fixId, this.now()).catch(this.fail('counting a use'));
    this.signals.applied(fix, this.now());
    this.changed();
  }

  async edit(raw: unknown): Promise<EditFixResult> {
    const result = await editFix(await this.required(), raw, this.now());
    if (result.ok) this.changed();
    return result;
  }

  async delete(ids: readonly string[]): Promise<number> {
    const s = await this.required();
    const known = ids.filter((id) => s.get(id) !== undefined);
    await s.delete(known);
    this.changed();
    return known.length;
  }

  async import(text: string): Promise<FixImportReport> {
    const report = await (await this.required()).import(text, this.now());
    this.changed();
    return report;
  }

  /** Starts watching an error: the edit that clears it is learned as a manual fix. */
  async remember(uri: string, diagnostic: DiagnosticInfo): Promise<{ watching: boolean; reason?: string }> {
    if (!this.deps.settings().enabled) return { watching: false, reason: 'learned fixes are turned off (agentAffinity.fixes.enabled)' };
    await this.required();
    const why = this.signals.remember(uri, diagnostic, this.now());
    return why === undefined ? { watching: true } : { watching: false, reason: why };
  }

  /** The task text with known fixes for the errors in its files appended (the send path). */
  taskText(sessionId: string, text: string): string {
    const session = this.manager?.get(sessionId);
    const settings = this.deps.settings();
    if (!this.store || !session || !settings.enabled || !settings.shareWithSessions) return text;
    try {
      const input = {
        text,
        folder: session.folder,
        workingSet: session.workingSet.map((w) => w.path),
        files: this.signals.currentErrors(),
      };
      return withKnownFixes(this.store, input, settings.similarityThreshold);
    } catch (e) {
      this.fail('adding known fixes to a task')(e);
      return text;
    }
  }

  /** Learned fixes for the current errors in `files` (absolute; shown relative to `folder`), for a handoff. */
  knownFixes(folder: string, files: readonly string[]): KnownFix[] {
    const settings = this.deps.settings();
    if (!this.store || !settings.enabled || !settings.shareWithSessions || files.length === 0) return [];
    try {
      const input = { text: '', folder, workingSet: files, files: this.signals.currentErrors() };
      return taskKnownFixes(this.store, input, settings.similarityThreshold);
    } catch (e) {
      this.fail('finding known fixes for a handoff')(e);
      return [];
    }
  }

  /** The open store and the similarity threshold for lookups, or why there are no fixes to give. */
  lookupContext(): { store: FixStore; threshold: number } | { unavailable: string } {
    const why = this.unavailable;
    if (why !== undefined || !this.store) return { unavailable: why ?? 'the learned-fix store is not available' };
    return { store: this.store, threshold: this.deps.settings().similarityThreshold };
  }

  /** Fixes an agent was given (known_fixes): offered now, once per task; applied when that task succeeds. */
  givenToAgent(sessionId: string | undefined, taskId: string | undefined, fixIds: readonly string[]): void {
    const fresh = this.agentUses.given(sessionId, taskId, fixIds);
    if (fresh.length > 0) this.store?.offered(fresh);
  }

  /** Stores a fix an agent reported (record_fix), checked as a fix edited by hand is, as agent-reported. */
  async report(input: Omit<ReportedFixInput, 'now'>): Promise<ReportResult> {
    const checked = checkReportedFix({ ...input, now: this.now() });
    if (!checked.ok) return checked;
    const s = await this.required();
    const known = s.get(createFixRecord(checked.fix).id) !== undefined;
    const fix = await s.learn(checked.fix);
    this.deps.log(`learned fix ${fix.id} reported by ${input.sessionId ? `session ${input.sessionId}` : 'an agent'}: ${fix.title}`);
    this.changed();
    return { ok: true, fix, known };
  }

  /** Learns from the manager's finished tasks and reports them for the metrics. */
  attachSessions(m: SessionManager): void {
    this.manager = m;
    m.on('taskStarted', ({ sessionId, task }) => this.activity.started(sessionId, task.id, m.get(sessionId)?.folder ?? process.cwd()));
    m.on('agentEvent', ({ sessionId, taskId, event }) => this.activity.event(sessionId, taskId, event));
    m.on('sessionDeleted', ({ sessionId }) => {
      this.activity.forgetSession(sessionId);
      this.agentUses.forgetSession(sessionId);
    });
    m.on('taskFinished', ({ sessionId, task }) => {
      const used = this.agentUses.finished(task.id, task.status === 'succeeded');
      if (used.length > 0) void this.countApplied(used).catch(this.fail('counting fixes an agent used'));
      const done = this.activity.finished(sessionId, task.id, task.status === 'succeeded');
      this.events.emit('taskFinished', {
        sessionId,
        taskId: task.id,
        status: task.status,
        failureKind: task.failureKind,
        startedAt: task.startedAt,
        finishedAt: task.finishedAt,
        tokens: done?.tokens,
      });
      if (done && task.status === 'succeeded' && this.deps.settings().enabled) {
        void this.learnFromTask(sessionId, task.id, m.get(sessionId)?.folder ?? process.cwd(), done).catch(
          this.fail('learning from an agent task'),
        );
      }
    });
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    if (this.changedTimer) clearTimeout(this.changedTimer);
    for (const s of this.subscriptions) s.dispose();
    await this.opened;
    await this.store?.flush(this.now()).catch(() => undefined);
    await this.closeRepository?.();
  }

  private async open(): Promise<FixStore | undefined> {
    const dir = this.deps.globalStorageDir;
    if (dir === '') {
      this.whyUnavailable = 'no global storage folder was given';
      return undefined;
    }
    const file = join(dir, FIXES_FILE);
    try {
      const repo = await JsonFixRepository.open({ file, onProblem: (p) => this.deps.storeProblem(p) });
      this.closeRepository = () => repo.close();
      this.store = await FixStore.open(repo);
      this.whyUnavailable = undefined;
      this.deps.log(`learned fixes: ${this.store.size} loaded from ${file}`);
      return this.store;
    } catch (e) {
      this.whyUnavailable = `the learned-fix store could not be opened: ${e instanceof Error ? e.message : String(e)}`;
      this.deps.unavailable(this.whyUnavailable, file);
      return undefined;
    }
  }

  private async learnFromTask(sessionId: string, taskId: string, cwd: string, done: FinishedActivity): Promise<void> {
    const s = await this.opened;
    if (!s) return;
    const records = fixesFromAgentTask({
      sessionId,
      taskId,
      cwd,
      activity: done,
      readText: this.readText,
      now: this.now(),
      isSource: (path) => this.scope.acceptsPath(path),
    });
    for (const r of records) {
      await s.learn(r);
      this.deps.log(`learned fix ${r.id} from session ${sessionId} task ${taskId}: ${r.title}`);
    }
    if (records.length > 0) this.changed();
  }

  private async countApplied(ids: readonly string[]): Promise<void> {
    const s = await this.opened;
    for (const id of ids) if (s?.get(id)) await s.applied(id, this.now());
    this.changed();
  }

  private changed(): void {
    if (this.changedTimer) return;
    this.changedTimer = setTimeout(() => {
      this.changedTimer = undefined;
      this.events.emit('changed', { total: this.store?.size ?? 0 });
    }, 300);
    this.changedTimer.unref();
  }

  private fail(what: string): (e: unknown) => void {
    return (e) => this.deps.log(`learned fixes: ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }

  // The timer: cheap when idle, never keeps the process alive.
  private tickSoon(): void {
    const s = this.store;
    if (this.ticking || !s) return;
    this.ticking = true;
    void this.tick(s)
      .catch(this.fail('background work'))
      .finally(() => {
        this.ticking = false;
      });
  }

  private async tick(s: FixStore): Promise<void> {
    const now = this.now();
    this.ticks++;
    const { learn, outcomes } = this.signals.tick(now);
    for (const l of this.deps.settings().enabled ? learn : []) {
      const record: FixRecord | undefined = await s.learn(l.fix).catch((e: unknown) => {
        this.fail('learning a fix')(e);
        return undefined;
      });
      if (record) {
        this.deps.log(`learned fix ${record.id} (${l.fix.origin}): ${record.title}`);
        if (l.manual) this.events.emit('remembered', { uri: l.uri, title: record.title });
        this.changed();
      }
    }
    for (const o of outcomes) {
      await s.outcome(o.fixId, o.outcome, now).catch(this.fail('recording an outcome'));
      this.changed();
    }
    if (this.ticks % FLUSH_EVERY === 0) await s.flush(now);
    if (this.ticks % PRUNE_EVERY === 0) {
      const pruned = await s.prune();
      if (pruned.length > 0) {
        this.deps.log(`learned fixes: pruned ${pruned.length} that failed repeatedly`);
        this.changed();
      }
    }
    if (this.ticks % RELOAD_EVERY === 0) {
      const before = s.size;
      await s.reload();
      if (s.size !== before) this.changed();
    }
  }
}
