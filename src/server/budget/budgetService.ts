// The orchestrator's budget feature: a BudgetTracker fed by the session manager's agent events,
// estimates (memory files, files the session read) counted with tiktoken in this process (never on
// the extension host; the encoder loads on first use), summaries pushed to the host and persisted,
// threshold notifications, import of Claude Code conversations, rollover and the context pack.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  defaultClaudeDirs,
  findCodexRollout,
  findMemoryFiles,
  memoryTokens,
  modelTokenFactor,
  normalizeThresholds,
  readCodexRollout,
  TokenCounter,
  type ThresholdConfig,
} from '../../core/budget';
import type { AgentKind } from '../../core/agents/agentEvents';
import {
  BudgetChangedNotification,
  BudgetThresholdNotification,
  ContextPackRequest,
  ImportClaudeSessionsRequest,
  ListBudgetsRequest,
  RollOverSessionRequest,
  type ImportClaudeResult,
  type RollOverResult,
} from '../../protocol/budget';
import type { OrchestratorSettings } from '../../protocol/settings';
import { SessionChangedNotification } from '../../protocol/sessions';
import { onRequest, sendNotification } from '../rpc';
import type { ServerContext } from '../serverContext';
import type { SessionsService } from '../sessions/sessionsService';
import { sessionSummary } from '../sessions/summaries';
import { storeProblemReport } from '../../core/store';
import { BudgetStore } from './budgetStore';
import { BudgetTracker, type BudgetChange } from './budgetTracker';
import { importClaudeSessions } from './claudeImport';
import { OpenDocumentCounts } from './openDocumentCounts';
import { buildContextPack } from './contextPack';
import { handoffFor, rolloverName, seedTaskText } from './rollover';

export interface BudgetService {
  /** Tokens a session can still take before its agent auto-compacts; undefined for an unknown session. */
  headroom(sessionId: string): number | undefined;
  /** Estimated tokens of a task (its text and files), scaled to the session's model. */
  estimateTask(sessionId: string, text: string, files?: readonly string[]): Promise<number>;
  tracker: BudgetTracker;
  /** The token-count cache's hits and misses so far (for the metrics). */
  tokenCacheStats(): { hits: number; misses: number };
  /** Called after a session was rolled over into a new one (routing moves its context there). */
  onRolledOver(listener: (fromId: string, toId: string) => void): void;
}

const MAX_READ_BYTES = 4 * 1024 * 1024;

function thresholdsOf(settings: OrchestratorSettings): ThresholdConfig {
  const b = settings.budget;
  return normalizeThresholds(b ? { warn: b.warnPercent / 100, critical: b.criticalPercent / 100 } : {});
}

export async function startBudgetService(ctx: ServerContext, sessions: SessionsService): Promise<BudgetService | undefined> {
  const storageDir = ctx.options.workspaceStorageDir;
  if (!storageDir) return undefined;
  const { manager } = sessions;
  const store = await BudgetStore.open(storageDir, (p) => ctx.problem(storeProblemReport(p)));
  const tracker = new BudgetTracker(thresholdsOf(ctx.settings()));
  const known = new Set(manager.list().map((r) => r.id));
  tracker.restore(store.all().filter((p) => known.has(p.summary.sessionId)));
  for (const r of manager.list()) tracker.track(r.id, r.agent);

  const counter = new TokenCounter();
  /** Open documents already counted, updated edit by edit from the LSP change events. */
  const openCounts = new OpenDocumentCounts((t) => counter.countLoaded(t));
  const following = openCounts.listen(ctx.documents);

  const publish = (change: BudgetChange): void => {
    const persisted = tracker.persisted(change.summary.sessionId);
    if (persisted && manager.get(change.summary.sessionId)) store.save(persisted);
    sendNotification(ctx.connection, BudgetChangedNotification, { budget: change.summary });
    if (change.notify && change.summary.fraction != null) {
      const name = manager.get(change.summary.sessionId)?.name ?? change.summary.sessionId;
      ctx.log.info(`budget: ${name} reached ${change.notify} (${Math.round(change.summary.fraction * 100)} %)`);
      sendNotification(ctx.connection, BudgetThresholdNotification, {
        sessionId: change.summary.sessionId,
        sessionName: name,
        level: change.notify,
        fraction: change.summary.fraction,
      });
    }
  };

  /** The open document of a file, by path: VS Code's URIs encode what a plain `file://` + path does not (spaces, drive letters). */
  const openUriOf = (path: string): string | undefined => {
    const plain = pathToFileURL(path).href;
    if (ctx.documents.get(plain)) return plain;
    return ctx.documents.keys().find((u) => u.startsWith('file:') && safePath(u) === path);
  };

  const countFile = async (path: string): Promise<number> => {
    const uri = openUriOf(path);
    if (uri !== undefined) {
      const known = openCounts.tokens(uri);
      if (known !== undefined) return known;
      await counter.ready();
      // Taken after the encoder loaded, so no change made meanwhile is missed; it may have closed.
      const open = ctx.documents.get(uri);
      if (open) return openCounts.tokens(uri) ?? openCounts.open(open);
    }
    const size = (await stat(path)).size;
    return size > MAX_READ_BYTES ? Math.ceil(size / 4) : counter.count(await readFile(path, 'utf8'));
  };

  const estimating = new Map<string, Promise<void>>();
  /** Memory files and the files the session read or edited, counted in the background. */
  const estimate = (sessionId: string): void => {
    if (estimating.has(sessionId)) return;
    const run = (async (): Promise<void> => {
      const r = manager.get(sessionId);
      if (!r) return;
      const agent: AgentKind = r.agent;
      const memory = await findMemoryFiles(r.folder, counter, { ...(agent === 'command' ? {} : { agent }), stopAt: homedir() });
      let attached = 0;
      for (const w of r.workingSet.slice(0, 50)) {
        attached += await countFile(isAbsolute(w.path) ? w.path : join(r.folder, w.path)).catch(() => 0);
      }
      if (!manager.get(sessionId)) return;
      publish(tracker.setEstimates(sessionId, r.agent, { memoryTokens: memoryTokens(memory), attachedTokens: attached }));
    })()
      .catch((e: unknown) => ctx.log.warn(`budget estimate of ${sessionId}: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => estimating.delete(sessionId));
    estimating.set(sessionId, run);
  };

  /** Rollout files found per Codex thread (a long history is walked once). */
  const rollouts = new Map<string, string>();
  const reading = new Set<Promise<void>>();
  /** After a Codex turn: its exact fill from the session log, when the log can be found. */
  const readCodexFill = (sessionId: string, threadId: string): void => {
    const env = ctx.settings().environment.codex ?? {};
    const codexHome = env.CODEX_HOME ?? process.env.CODEX_HOME ?? join(env.HOME ?? homedir(), '.codex');
    const run = (async (): Promise<void> => {
      let file = rollouts.get(threadId);
      if (!file) {
        file = (await findCodexRollout(codexHome, threadId, new Date())) ?? undefined;
        if (!file) {
          ctx.log.info(`budget: no Codex session log for thread ${threadId} under ${codexHome}; the fill stays the turn's aggregate`);
          return;
        }
        rollouts.set(threadId, file);
      }
      const rollout = await readCodexRollout(file);
      const change = manager.get(sessionId) ? tracker.onCodexRollout(sessionId, rollout) : undefined;
      if (change) publish(change);
    })().catch((e: unknown) => ctx.log.warn(`budget: Codex session log of ${threadId}: ${e instanceof Error ? e.message : String(e)}`));
    reading.add(run);
    void run.finally(() => reading.delete(run));
  };

  manager.on('agentEvent', ({ sessionId, event }) => {
    const r = manager.get(sessionId);
    if (!r) return;
    const change = tracker.onAgentEvent(sessionId, r.agent, event);
    if (change) publish(change);
    if (r.agent === 'codex' && event.type === 'done') {
      const threadId = event.conversationId ?? r.conversationId;
      if (threadId) readCodexFill(sessionId, threadId);
    }
  });
  manager.on('sessionChanged', ({ session }) => {
    if (tracker.has(session.id)) return;
    tracker.track(session.id, session.agent);
    estimate(session.id);
  });
  manager.on('taskFinished', ({ sessionId }) => estimate(sessionId));
  manager.on('sessionDeleted', ({ sessionId }) => {
    tracker.remove(sessionId);
    store.delete(sessionId);
  });
  ctx.onSettingsChanged((s) => {
    for (const c of tracker.setThresholds(thresholdsOf(s))) publish(c);
  });

  const claudeDirsFor = (claudeDir?: string): string[] => {
    if (claudeDir) return [claudeDir];
    const env = ctx.settings().environment.claude ?? {};
    if (env.CLAUDE_CONFIG_DIR)
      return env.CLAUDE_CONFIG_DIR.split(',')
        .map((d) => d.trim())
        .filter(Boolean);
    return defaultClaudeDirs(process.env, env.HOME ?? homedir());
  };
  const runImport = (claudeDir?: string): Promise<ImportClaudeResult> =>
    importClaudeSessions({
      manager,
      tracker,
      publish,
      claudeDirs: claudeDirsFor(claudeDir),
      workspaceFolders: ctx.options.workspaceFolders,
    });

  /** A session created without a change event yet (createSession emits none) is tracked on first use. */
  const tracked = (sessionId: string): boolean => {
    const r = manager.get(sessionId);
    if (!r) return false;
    if (!tracker.has(sessionId)) {
      publish({ summary: tracker.track(sessionId, r.agent), notify: null });
      estimate(sessionId);
    }
    return true;
  };
  const headroom = (sessionId: string): number | undefined => (tracked(sessionId) ? tracker.headroom(sessionId) : undefined);

  onRequest(ctx.connection, ListBudgetsRequest, () =>
    manager
      .list()
      .filter((r) => tracked(r.id))
      .flatMap((r) => tracker.summary(r.id) ?? []),
  );
  onRequest(ctx.connection, ImportClaudeSessionsRequest, async (p) => {
    const result = await runImport(p.claudeDir);
    ctx.log.info(
      `budget: imported ${result.imported} Claude Code conversation(s), ${result.known} already known, ${result.skipped} skipped`,
    );
    for (const e of result.errors.slice(0, 5)) ctx.problem({ severity: 'warning', message: `Claude Code import: ${e}` });
    return result;
  });
  const rolledOver: ((fromId: string, toId: string) => void)[] = [];
  onRequest(ctx.connection, RollOverSessionRequest, async (p): Promise<RollOverResult> => {
    const old = manager.get(p.sessionId);
    if (!old) throw new Error(`There is no session ${p.sessionId}.`);
    const handoff = await handoffFor(manager, old, ctx.settings().environment[old.agent] ?? {});
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
    for (const l of rolledOver) {
      try {
        l(old.id, created.id);
      } catch (e) {
        ctx.log.warn(`budget: after the rollover of ${old.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    ctx.log.info(`budget: ${old.name} rolled over to ${name} (handoff from ${handoff.source}, ${handoff.text.length} chars)`);
    const record = manager.get(created.id) ?? created;
    const summary = sessionSummary(record, undefined);
    sendNotification(ctx.connection, SessionChangedNotification, { session: summary });
    return { session: summary, handoffSource: handoff.source, handoffChars: handoff.text.length };
  });

  const estimateTask = async (sessionId: string, text: string, files: readonly string[] = []): Promise<number> => {
    let raw = await counter.count(text);
    for (const f of files) raw += await countFile(f).catch(() => 0);
    return Math.ceil(raw * modelTokenFactor(tracker.summary(sessionId)?.model ?? manager.get(sessionId)?.model ?? null, counter.encoding));
  };
  onRequest(ctx.connection, ContextPackRequest, async (p) => {
    const r = manager.get(p.sessionId);
    if (!r) throw new Error(`There is no session ${p.sessionId}.`);
    const openFiles = ctx.documents
      .keys()
      .filter((u) => u.startsWith('file:'))
      .map(safePath)
      .filter((p): p is string => p !== undefined);
    return buildContextPack({
      record: r,
      task: p.task,
      taskTokens: await estimateTask(r.id, p.task),
      headroomTokens: headroom(r.id) ?? 0,
      ...(p.files ? { files: p.files } : {}),
      openFiles,
      now: Date.now(),
      countFile,
    });
  });

  // Estimates wait a little so the encoder never competes with the orchestrator's start.
  const timer = setTimeout(() => {
    for (const r of manager.list()) if (tracker.summary(r.id)?.source !== 'usage') estimate(r.id);
  }, 3000);
  timer.unref();
  if (ctx.settings().budget?.importOnStart) {
    void runImport().then(
      (r) => ctx.log.info(`budget: import on start: ${r.imported} new, ${r.known} known`),
      (e: unknown) =>
        ctx.problem({ severity: 'warning', message: `Claude Code import failed: ${e instanceof Error ? e.message : String(e)}` }),
    );
  }
  ctx.onShutdown(async () => {
    clearTimeout(timer);
    await Promise.allSettled([...estimating.values(), ...reading]);
    following.dispose();
    openCounts.clear();
    counter.dispose();
    await store.close();
  });
  return { headroom, estimateTask, tracker, tokenCacheStats: () => counter.stats(), onRolledOver: (l) => rolledOver.push(l) };
}

/** Starts the feature for the orchestrator's composition root; a failure is reported, never thrown. */
export async function startBudgetFeature(ctx: ServerContext, sessions: SessionsService): Promise<BudgetService | undefined> {
  return startBudgetService(ctx, sessions).catch((e: unknown) => {
    ctx.problem({ severity: 'error', message: `context budgets could not start: ${e instanceof Error ? e.message : String(e)}` });
    return undefined;
  });
}

function safePath(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
