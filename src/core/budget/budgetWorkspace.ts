// Context budgets over a live workspace: a BudgetTracker fed by the session manager's agent events,
// estimates (memory files, files the session read) counted with tiktoken in the orchestrator's
// process (the encoder loads on first use), persisted summaries, threshold crossings, import of
// Claude Code conversations, rollover with a handoff summary and the context pack for a task. The
// orchestrator's budget service is only LSP wiring around this class.
import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AgentKind } from '../agents/agentEvents';
import type { SessionManager } from '../sessions/sessionManager';
import type { SessionRecord } from '../sessions/sessionTypes';
import { TypedEmitter } from '../sessions/typedEmitter';
import type { OpenDocuments } from '../workspace/openDocuments';
import { fileUriToPath } from '../workspace/paths';
import type { BudgetStore } from './budgetStore';
import type { ContextPackResult, ImportClaudeResult, SessionBudgetSummary } from './budgetSummary';
import { BudgetTracker, type BudgetChange } from './budgetTracker';
import { claudeConfigDirs } from './claudeDirs';
import { importClaudeSessions } from './claudeImport';
import { findCodexRollout, readCodexRollout } from './codexRollout';
import { buildContextPack } from './contextPack';
import { FileTokenCache } from './fileTokenCache';
import { findMemoryFiles, memoryTokens } from './memoryFiles';
import { OpenDocumentCounts } from './openDocumentCounts';
import { handoffFor, rolloverName, seedTaskText } from './rollover';
import { estimateTaskTokens } from './taskEstimate';
import { normalizeThresholds, type ThresholdConfig } from './thresholds';
import { TokenCounter } from './tokenCounter';

const MAX_READ_BYTES = 4 * 1024 * 1024;
/** Estimates wait a little so the encoder never competes with the orchestrator's start. */
const FIRST_ESTIMATES_DELAY_MS = 3000;

export interface BudgetWorkspaceSettings {
  warnPercent: number;
  criticalPercent: number;
  /** The agents' extra environment (CODEX_HOME, CLAUDE_CONFIG_DIR, HOME…). */
  environment: Partial<Record<AgentKind, Record<string, string>>>;
}

export interface BudgetWorkspaceDeps {
  manager: SessionManager;
  store: BudgetStore;
  documents: OpenDocuments;
  /** The workspace folders: the context pack reads only files inside them (and a session's worktree). */
  folders: readonly string[];
  /** The git worktree a session runs in, when it has one. */
  worktreeOf(sessionId: string): string | undefined;
  settings(): BudgetWorkspaceSettings;
  log(message: string): void;
  /** The process environment (CLAUDE_CONFIG_DIR, CODEX_HOME), for tests. */
  env?: Readonly<Record<string, string | undefined>>;
  now?(): number;
}

export interface RolledOver {
  session: SessionRecord;
  handoffSource: string;
  handoffChars: number;
}

type BudgetEvents = {
  changed: SessionBudgetSummary;
  threshold: { sessionId: string; sessionName: string; level: 'warn' | 'critical'; fraction: number };
  rolledOver: { from: string; to: string };
};

export function thresholdsOf(s: Pick<BudgetWorkspaceSettings, 'warnPercent' | 'criticalPercent'>): ThresholdConfig {
  return normalizeThresholds({ warn: s.warnPercent / 100, critical: s.criticalPercent / 100 });
}

export class BudgetWorkspace {
  readonly tracker: BudgetTracker;
  private readonly counter = new TokenCounter();
  /** Files on disk already counted, while unchanged (the pack's candidates come back call after call). */
  private readonly fileCounts = new FileTokenCache();
  /** Open documents already counted, updated edit by edit from the change events. */
  private readonly openCounts = new OpenDocumentCounts((t) => this.counter.countLoaded(t));
  private readonly following: { dispose(): void };
  private readonly events = new TypedEmitter<BudgetEvents>();
  private readonly estimating = new Map<string, Promise<void>>();
  /** Rollout files found per Codex thread (a long history is walked once). */
  private readonly rollouts = new Map<string, string>();
  private readonly reading = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly deps: BudgetWorkspaceDeps) {
    const { manager, store } = deps;
    this.tracker = new BudgetTracker(thresholdsOf(deps.settings()), deps.now);
    const known = new Set(manager.list().map((r) => r.id));
    this.tracker.restore(store.all().filter((p) => known.has(p.summary.sessionId)));
    for (const r of manager.list()) this.tracker.track(r.id, r.agent);
    this.following = this.openCounts.listen(deps.documents);
    manager.on('agentEvent', ({ sessionId, event }) => {
      const r = manager.workingView(sessionId); // no copy of its history per event
      if (!r) return;
      const change = this.tracker.onAgentEvent(sessionId, r.agent, event);
      if (change) this.publish(change);
      if (r.agent === 'codex' && event.type === 'done') {
        const threadId = event.conversationId ?? r.conversationId;
        if (threadId) this.readCodexFill(sessionId, threadId);
      }
    });
    manager.on('sessionChanged', ({ session }) => {
      if (this.tracker.has(session.id)) return;
      this.tracker.track(session.id, session.agent);
      this.estimate(session.id);
    });
    manager.on('taskFinished', ({ sessionId }) => this.estimate(sessionId));
    manager.on('sessionDeleted', ({ sessionId }) => {
      this.tracker.remove(sessionId);
      store.delete(sessionId);
    });
    this.timer = setTimeout(() => {
      for (const r of manager.list()) if (this.tracker.summary(r.id)?.source !== 'usage') this.estimate(r.id);
    }, FIRST_ESTIMATES_DELAY_MS);
    this.timer.unref();
  }

  onChanged(listener: (summary: SessionBudgetSummary) => void): () => void {
    return this.events.on('changed', listener);
  }

  /** A session crossed a threshold upwards (once per crossing). */
  onThreshold(listener: (e: BudgetEvents['threshold']) => void): () => void {
    return this.events.on('threshold', listener);
  }

  /** A session was rolled over into a new one (routing moves its context there). */
  onRolledOver(listener: (e: BudgetEvents['rolledOver']) => void): () => void {
    return this.events.on('rolledOver', listener);
  }

  settingsChanged(): void {
    for (const c of this.tracker.setThresholds(thresholdsOf(this.deps.settings()))) this.publish(c);
  }

  /** Every session's budget (a session created without a change event yet is tracked now). */
  list(): SessionBudgetSummary[] {
    return this.deps.manager
      .list()
      .filter((r) => this.tracked(r.id))
      .flatMap((r) => this.tracker.summary(r.id) ?? []);
  }

  /** Tokens a session can still take before its agent auto-compacts; undefined for an unknown session. */
  headroom(sessionId: string): number | undefined {
    return this.tracked(sessionId) ? this.tracker.headroom(sessionId) : undefined;
  }

  /** Estimated tokens of a task (its text and files), scaled to the session's model. */
  async estimateTask(sessionId: string | undefined, text: string, files: readonly string[] = []): Promise<number> {
    const model =
      sessionId !== undefined ? (this.tracker.summary(sessionId)?.model ?? this.deps.manager.workingView(sessionId)?.model ?? null) : null;
    const estimate = await estimateTaskTokens(this.counter, {
      text,
      files: files.map((path) => ({ path })),
      model,
      countFile: (f) => this.countFile(f),
    });
    return estimate.tokens;
  }

  /** The token-count cache's hits and misses so far (for the metrics). */
  tokenCacheStats(): { hits: number; misses: number } {
    return this.counter.stats();
  }

  async importClaude(claudeDir?: string): Promise<ImportClaudeResult> {
    const env = this.deps.settings().environment.claude ?? {};
    return importClaudeSessions({
      manager: this.deps.manager,
      tracker: this.tracker,
      publish: (c) => this.publish(c),
      claudeDirs: claudeDir ? [claudeDir] : claudeConfigDirs(this.deps.env ?? process.env, env),
      workspaceFolders: [...this.deps.folders],
    });
  }

  /** A fresh session in the same folder and specialty, seeded with a handoff summary of the old one (kept, stopped). */
  async rollOver(sessionId: string): Promise<RolledOver> {
    const { manager } = this.deps;
    const old = manager.get(sessionId);
    if (!old) throw new Error(`There is no session ${sessionId}.`);
    const handoff = await handoffFor(manager, old, this.deps.settings().environment[old.agent] ?? {});
    const name = rolloverName(old.name, new Set(manager.list().map((r) => r.name)));
    const created = manager.createSession({
      name,
      agent: old.agent,
      folder: old.folder,
      ...(old.specialty ? { specialty: old.specialty } : {}),
      ...(old.model ? { model: old.model } : {}),
      ...(old.permissionMode ? { permissionMode: old.permissionMode } : {}),
      ...(old.allowedTools ? { allowedTools: old.allowedTools } : {}),
    });
    await manager.stopSession(old.id);
    manager.sendTask(created.id, { text: seedTaskText(handoff.text, old.name) });
    this.events.emit('rolledOver', { from: old.id, to: created.id });
    this.deps.log(`budget: ${old.name} rolled over to ${name} (handoff from ${handoff.source}, ${handoff.text.length} chars)`);
    return { session: manager.get(created.id) ?? created, handoffSource: handoff.source, handoffChars: handoff.text.length };
  }

  /** The files most relevant to a task that fit in the session's remaining budget; only workspace files are read. */
  async contextPack(sessionId: string, task: string, files?: readonly string[]): Promise<ContextPackResult> {
    const r = this.deps.manager.workingView(sessionId);
    if (!r) throw new Error(`There is no session ${sessionId}.`);
    return this.pack(r, task, { taskTokens: await this.estimateTask(r.id, task), headroomTokens: this.headroom(r.id) ?? 0 }, files);
  }

  /** The files most relevant to a task that fit in `budgetTokens` (the task's own text not counted),
   *  from a session's point of view (its working set, folder and specialty) or, without one, the
   *  first workspace folder's. */
  async contextPackWithin(sessionId: string | undefined, task: string, budgetTokens: number): Promise<ContextPackResult> {
    const folder = this.deps.folders[0];
    const r = sessionId !== undefined ? this.deps.manager.workingView(sessionId) : undefined;
    if (sessionId !== undefined && !r) throw new Error(`There is no session ${sessionId}.`);
    if (!r && folder === undefined) throw new Error('There is no workspace folder to pick files from.');
    const record = r ?? { id: '', folder: folder ?? '', workingSet: [] };
    return this.pack(record, task, { taskTokens: 0, headroomTokens: budgetTokens });
  }

  private async pack(
    r: Pick<SessionRecord, 'id' | 'folder' | 'workingSet' | 'specialty'>,
    task: string,
    budget: { taskTokens: number; headroomTokens: number },
    files?: readonly string[],
  ): Promise<ContextPackResult> {
    const worktree = r.id !== '' ? this.deps.worktreeOf(r.id) : undefined;
    const openFiles = this.deps.documents
      .keys()
      .map(fileUriToPath)
      .filter((p): p is string => p !== undefined);
    return buildContextPack({
      record: r,
      task,
      ...budget,
      ...(files ? { files } : {}),
      openFiles,
      now: (this.deps.now ?? Date.now)(),
      countFile: (f, st) => this.countFile(f, st),
      // A session's worktree lies outside the workspace folders, and is the session's to read.
      allowedFolders: [...this.deps.folders, ...(worktree !== undefined ? [worktree] : [])],
    });
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    await Promise.allSettled([...this.estimating.values(), ...this.reading]);
    this.following.dispose();
    this.openCounts.clear();
    this.fileCounts.clear();
    this.counter.dispose();
    await this.deps.store.close();
  }

  private publish(change: BudgetChange): void {
    const { manager, store } = this.deps;
    const persisted = this.tracker.persisted(change.summary.sessionId);
    if (persisted && manager.brief(change.summary.sessionId)) store.save(persisted);
    this.events.emit('changed', change.summary);
    if (change.notify && change.summary.fraction != null) {
      const name = manager.brief(change.summary.sessionId)?.name ?? change.summary.sessionId;
      this.deps.log(`budget: ${name} reached ${change.notify} (${Math.round(change.summary.fraction * 100)} %)`);
      this.events.emit('threshold', {
        sessionId: change.summary.sessionId,
        sessionName: name,
        level: change.notify,
        fraction: change.summary.fraction,
      });
    }
  }

  /** A session created without a change event yet (createSession emits none) is tracked on first use. */
  private tracked(sessionId: string): boolean {
    const r = this.deps.manager.workingView(sessionId);
    if (!r) return false;
    if (!this.tracker.has(sessionId)) {
      this.publish({ summary: this.tracker.track(sessionId, r.agent), notify: null });
      this.estimate(sessionId);
    }
    return true;
  }

  /** The open document of a file, by path: an editor's URI encodes what a plain `file://` + path does not (spaces, drive letters). */
  private openUriOf(path: string): string | undefined {
    const plain = pathToFileURL(path).href;
    if (this.deps.documents.get(plain)) return plain;
    return this.deps.documents.keys().find((u) => fileUriToPath(u) === path);
  }

  /** Tokens of a file: its open document's count, else its count on disk (`known`: its stat, when
   *  the caller has it), remembered while the file is unchanged. */
  private async countFile(path: string, known?: Stats): Promise<number> {
    const uri = this.openUriOf(path);
    if (uri !== undefined) {
      const known = this.openCounts.tokens(uri);
      if (known !== undefined) return known;
      await this.counter.ready();
      // Taken after the encoder loaded, so no change made meanwhile is missed; it may have closed.
      const open = this.deps.documents.get(uri);
      if (open) return this.openCounts.tokens(uri) ?? this.openCounts.open(open);
    }
    const st = known ?? (await stat(path));
    if (st.size > MAX_READ_BYTES) return Math.ceil(st.size / 4);
    const cached = this.fileCounts.get(path, st);
    if (cached !== undefined) return cached;
    const tokens = await this.counter.count(await readFile(path, 'utf8'));
    this.fileCounts.set(path, st, tokens);
    return tokens;
  }

  /** Memory files and the files the session read or edited, counted in the background. */
  private estimate(sessionId: string): void {
    if (this.estimating.has(sessionId)) return;
    const { manager } = this.deps;
    const run = (async (): Promise<void> => {
      const r = manager.workingView(sessionId);
      if (!r) return;
      const agent: AgentKind = r.agent;
      const memory = await findMemoryFiles(r.folder, this.counter, { ...(agent === 'command' ? {} : { agent }), stopAt: homedir() });
      let attached = 0;
      for (const w of r.workingSet.slice(0, 50)) {
        attached += await this.countFile(isAbsolute(w.path) ? w.path : join(r.folder, w.path)).catch(() => 0);
      }
      if (!manager.brief(sessionId)) return;
      this.publish(this.tracker.setEstimates(sessionId, r.agent, { memoryTokens: memoryTokens(memory), attachedTokens: attached }));
    })()
      .catch((e: unknown) => this.deps.log(`budget estimate of ${sessionId}: ${message(e)}`))
      .finally(() => this.estimating.delete(sessionId));
    this.estimating.set(sessionId, run);
  }

  /** After a Codex turn: its exact fill from the session log, when the log can be found. */
  private readCodexFill(sessionId: string, threadId: string): void {
    const env = this.deps.settings().environment.codex ?? {};
    const processEnv = this.deps.env ?? process.env;
    const codexHome = env.CODEX_HOME ?? processEnv.CODEX_HOME ?? join(env.HOME ?? homedir(), '.codex');
    const run = (async (): Promise<void> => {
      let file = this.rollouts.get(threadId);
      if (!file) {
        file = (await findCodexRollout(codexHome, threadId, new Date())) ?? undefined;
        if (!file) {
          this.deps.log(`budget: no Codex session log for thread ${threadId} under ${codexHome}; the fill stays the turn's aggregate`);
          return;
        }
        this.rollouts.set(threadId, file);
      }
      const rollout = await readCodexRollout(file);
      const change = this.deps.manager.brief(sessionId) ? this.tracker.onCodexRollout(sessionId, rollout) : undefined;
      if (change) this.publish(change);
    })().catch((e: unknown) => this.deps.log(`budget: Codex session log of ${threadId}: ${message(e)}`));
    this.reading.add(run);
    void run.finally(() => this.reading.delete(run));
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
