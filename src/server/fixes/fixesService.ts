// The orchestrator's learned-fixes feature: the global fix store (shared by all windows) in the
// extension's global storage, fed from document sync, forwarded diagnostics and finished agent
// tasks; code actions that offer learned fixes; the dashboard's requests; a cheap unref'd timer
// that learns confirmed candidates, records verification outcomes, flushes "offered" counts and
// picks up other windows' writes.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecuteCommandParams } from 'vscode-languageserver/node';
import type { SessionManager } from '../../core/sessions/sessionManager';
import { storeProblemReport, type StoreProblem } from '../../core/store';
import { FixStore, JsonFixRepository, queryFixes, type KnownFix } from '../../core/fixes';
import {
  DeleteFixesRequest,
  EditFixRequest,
  ExportFixesRequest,
  FileDiagnosticsNotification,
  FixRememberedNotification,
  FixServerCommands,
  FixesChangedNotification,
  FixesConfigNotification,
  GetFixRequest,
  ImportFixesRequest,
  ListFixesRequest,
  RememberFixRequest,
  ShowFixNotification,
  type AppliedFixArgs,
  type FileDiagnostics,
  type FixList,
  type FixesConfig,
} from '../../protocol/fixes';
import type { MetricsService } from '../metrics/metricsService';
import { onRequest, sendNotification } from '../rpc';
import type { ServerContext } from '../serverContext';
import { fixesFromAgentTask } from './agentFixes';
import { EditorFixSignals } from './editorFixSignals';
import { editFix } from './fixEdits';
import { planFixCodeActions } from './fixCodeActions';
import { fixDetailView, fixSummaryView, fromWireDiagnostic } from './fixWire';
import { TaskActivity, type ReadText } from './taskActivity';
import { taskKnownFixes, withKnownFixes } from './taskKnownFixes';

export const FIXES_FILE = 'learned-fixes.json';
const TICK_MS = 1000;
const FLUSH_EVERY = 5;
const RELOAD_EVERY = 10;
/** Fixes that failed repeatedly are removed every ten minutes. */
const PRUNE_EVERY = 600;
const MAX_SNAPSHOT_BYTES = 1_000_000;

export interface FixesFeature {
  /** The task text with known fixes for the errors in its files appended (sessions send path). */
  taskText(sessionId: string, text: string): string;
  /** Learned fixes for the current errors in `files` (absolute; shown relative to `folder`), for a handoff. */
  knownFixes(folder: string, files: readonly string[]): KnownFix[];
  /** Learns from the manager's finished tasks and feeds the metrics. */
  attachSessions(manager: SessionManager): void;
  readonly metrics: MetricsService;
}

export function parseFixesConfig(raw: unknown, fallback: FixesConfig): FixesConfig {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const t = r.similarityThreshold;
  return {
    enabled: typeof r.enabled === 'boolean' ? r.enabled : fallback.enabled,
    similarityThreshold: typeof t === 'number' && Number.isFinite(t) ? Math.min(1, Math.max(0.3, t)) : fallback.similarityThreshold,
    shareWithSessions: typeof r.shareWithSessions === 'boolean' ? r.shareWithSessions : fallback.shareWithSessions,
  };
}

export const defaultFixesConfig: FixesConfig = { enabled: true, similarityThreshold: 0.6, shareWithSessions: true };

const readText: ReadText = (path) => {
  try {
    if (statSync(path).size > MAX_SNAPSHOT_BYTES) return undefined;
    const text = readFileSync(path, 'utf8');
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
};

function storeProblem(ctx: ServerContext, p: StoreProblem): void {
  const report = storeProblemReport(p);
  ctx.problem({ ...report, message: `learned fixes: ${report.message}` });
}

/** Registers the handlers now; the store opens in the background (requests wait for it). */
export function startFixesFeature(ctx: ServerContext, metrics: MetricsService): FixesFeature {
  let config: FixesConfig = defaultFixesConfig;
  const signals = new EditorFixSignals();
  const activity = new TaskActivity(readText);
  const offeredSeen = new Set<string>();
  let store: FixStore | undefined;
  let unavailable: string | undefined = 'the learned-fix store is opening';
  const file = ctx.options.globalStorageDir ? join(ctx.options.globalStorageDir, FIXES_FILE) : '';
  const opened: Promise<FixStore | undefined> =
    file === ''
      ? Promise.resolve(undefined).then(() => {
          unavailable = 'no global storage folder was given';
          return undefined;
        })
      : JsonFixRepository.open({ file, onProblem: (p) => storeProblem(ctx, p) }).then(
          async (repo) => {
            store = await FixStore.open(repo);
            unavailable = undefined;
            ctx.log.info(`learned fixes: ${store.size} loaded from ${file}`);
            ctx.onShutdown(async () => {
              clearInterval(timer);
              await store?.flush(Date.now()).catch(() => undefined);
              await repo.close();
            });
            return store;
          },
          (e: unknown) => {
            unavailable = `the learned-fix store could not be opened: ${e instanceof Error ? e.message : String(e)}`;
            ctx.problem({ severity: 'error', message: unavailable, file });
            return undefined;
          },
        );

  let changedTimer: NodeJS.Timeout | undefined;
  const changed = (): void => {
    if (changedTimer) return;
    changedTimer = setTimeout(() => {
      changedTimer = undefined;
      sendNotification(ctx.connection, FixesChangedNotification, { total: store?.size ?? 0 });
    }, 300);
    changedTimer.unref();
  };
  const fail =
    (what: string) =>
    (e: unknown): void =>
      ctx.log.warn(`learned fixes: ${what}: ${e instanceof Error ? e.message : String(e)}`);

  // Document sync and forwarded diagnostics.
  ctx.documents.onDidOpen((e) => signals.opened(e.document.uri, e.document.languageId, e.document.getText()));
  ctx.documents.onDidChangeContent((e) => signals.changed(e.document.uri, e.document.getText()));
  ctx.documents.onDidClose((e) => signals.closed(e.document.uri));
  ctx.connection.onNotification(FileDiagnosticsNotification.method, (p: FileDiagnostics) => {
    if (typeof p !== 'object' || p === null || typeof p.uri !== 'string' || !Array.isArray(p.diagnostics)) return;
    const list = p.diagnostics.map(fromWireDiagnostic).filter((d) => d !== undefined);
    signals.diagnostics(p.uri, list, Date.now());
  });
  ctx.connection.onNotification(FixesConfigNotification.method, (raw: unknown) => {
    config = parseFixesConfig(raw, config);
  });

  // The timer: cheap when idle, never keeps the process alive.
  let ticks = 0;
  let ticking = false;
  const timer = setInterval(() => {
    if (ticking || !store) return;
    ticking = true;
    void tick(store)
      .catch(fail('background work'))
      .finally(() => {
        ticking = false;
      });
  }, TICK_MS);
  timer.unref();
  async function tick(s: FixStore): Promise<void> {
    const now = Date.now();
    ticks++;
    const { learn, outcomes } = signals.tick(now);
    for (const l of config.enabled ? learn : []) {
      const record = await s.learn(l.fix).catch((e: unknown) => {
        fail('learning a fix')(e);
        return undefined;
      });
      if (record) {
        ctx.log.info(`learned fix ${record.id} (${l.fix.origin}): ${record.title}`);
        if (l.manual) sendNotification(ctx.connection, FixRememberedNotification, { uri: l.uri, title: record.title });
        changed();
      }
    }
    for (const o of outcomes) {
      await s.outcome(o.fixId, o.outcome, now).catch(fail('recording an outcome'));
      changed();
    }
    if (ticks % FLUSH_EVERY === 0) await s.flush(now);
    if (ticks % PRUNE_EVERY === 0) {
      const pruned = await s.prune();
      if (pruned.length > 0) {
        ctx.log.info(`learned fixes: pruned ${pruned.length} that failed repeatedly`);
        changed();
      }
    }
    if (ticks % RELOAD_EVERY === 0) {
      const before = s.size;
      await s.reload();
      if (s.size !== before) changed();
    }
  }

  // Code actions and the commands they carry.
  ctx.connection.onCodeAction((params) => {
    if (!config.enabled || !store) return [];
    const doc = ctx.documents.get(params.textDocument.uri);
    if (!doc || params.context.diagnostics.length === 0) return [];
    const planned = planFixCodeActions(store, {
      uri: doc.uri,
      languageId: doc.languageId,
      text: doc.getText(),
      diagnostics: params.context.diagnostics,
      threshold: config.similarityThreshold,
    });
    // VS Code asks again on every cursor move: count each fix once per document version.
    const fresh = planned.offered.filter((id) => {
      const k = `${doc.uri}#${doc.version}#${id}`;
      if (offeredSeen.has(k)) return false;
      if (offeredSeen.size > 5000) offeredSeen.clear();
      offeredSeen.add(k);
      return true;
    });
    if (fresh.length > 0) store.offered(fresh);
    return planned.actions;
  });
  ctx.connection.onExecuteCommand(async (params: ExecuteCommandParams) => {
    const s = await opened;
    const arg = (params.arguments ?? [])[0] as Partial<AppliedFixArgs> | undefined;
    if (!s || typeof arg !== 'object' || arg === null || typeof arg.fixId !== 'string' || typeof arg.uri !== 'string') return;
    if (params.command === FixServerCommands.applied) {
      const a = arg as AppliedFixArgs;
      await s.applied(a.fixId, Date.now()).catch(fail('counting a use'));
      signals.applied(a, Date.now());
      changed();
    } else if (params.command === FixServerCommands.show) {
      const fix = s.get(arg.fixId);
      if (fix) sendNotification(ctx.connection, ShowFixNotification, { uri: arg.uri, fix: fixDetailView(fix) });
    }
  });

  // The dashboard's and the commands' requests.
  onRequest(ctx.connection, ListFixesRequest, async (q): Promise<FixList> => {
    const s = await opened;
    if (!s) return { items: [], matching: 0, total: 0, unavailable: unavailable ?? 'the learned-fix store is not available' };
    const all = queryFixes(s.all(), { ...(q.text ? { text: q.text } : {}), sort: q.sort ?? 'recency' });
    const limit = Math.max(1, Math.min(q.limit ?? 200, 1000));
    return {
      items: all.slice(0, limit).map(fixSummaryView),
      matching: all.length,
      total: s.size,
      ...(config.enabled ? {} : { unavailable: 'learned fixes are turned off (agentAffinity.fixes.enabled)' }),
    };
  });
  onRequest(ctx.connection, GetFixRequest, async (p) => {
    const r = (await opened)?.get(p.id);
    return r ? fixDetailView(r) : null;
  });
  onRequest(ctx.connection, DeleteFixesRequest, async (p) => {
    const s = await required();
    const ids = p.ids.filter((id) => s.get(id) !== undefined);
    await s.delete(ids);
    changed();
    return ids.length;
  });
  onRequest(ctx.connection, EditFixRequest, async (p) => {
    const result = await editFix(await required(), p, Date.now());
    if (result.ok) changed();
    return result;
  });
  onRequest(ctx.connection, ExportFixesRequest, async () => (await required()).export(Date.now()));
  onRequest(ctx.connection, ImportFixesRequest, async (p) => {
    const report = await (await required()).import(typeof p.text === 'string' ? p.text : '', Date.now());
    changed();
    return {
      added: report.added,
      merged: report.merged,
      skipped: report.skipped.map((x) => ({ ...x })),
      ...(report.error !== undefined ? { error: report.error } : {}),
    };
  });
  onRequest(ctx.connection, RememberFixRequest, async (p) => {
    if (!config.enabled) return { watching: false, reason: 'learned fixes are turned off (agentAffinity.fixes.enabled)' };
    await required();
    const d = fromWireDiagnostic(p.diagnostic);
    if (!d) return { watching: false, reason: 'the diagnostic is malformed' };
    const why = signals.remember(p.uri, d, Date.now());
    return why === undefined ? { watching: true } : { watching: false, reason: why };
  });
  async function required(): Promise<FixStore> {
    const s = await opened;
    if (!s) throw new Error(unavailable ?? 'the learned-fix store is not available');
    return s;
  }

  let manager: SessionManager | undefined;
  return {
    metrics,
    taskText(sessionId, text) {
      const session = manager?.get(sessionId);
      if (!store || !session || !config.enabled || !config.shareWithSessions) return text;
      try {
        return withKnownFixes(
          store,
          {
            text,
            folder: session.folder,
            workingSet: session.workingSet.map((w) => w.path),
            files: signals.currentErrors(),
          },
          config.similarityThreshold,
        );
      } catch (e) {
        fail('adding known fixes to a task')(e);
        return text;
      }
    },
    knownFixes(folder, files) {
      if (!store || !config.enabled || !config.shareWithSessions || files.length === 0) return [];
      try {
        return taskKnownFixes(store, { text: '', folder, workingSet: files, files: signals.currentErrors() }, config.similarityThreshold);
      } catch (e) {
        fail('finding known fixes for a handoff')(e);
        return [];
      }
    },
    attachSessions(m) {
      manager = m;
      m.on('taskStarted', ({ sessionId, task }) => activity.started(sessionId, task.id, m.get(sessionId)?.folder ?? process.cwd()));
      m.on('agentEvent', ({ sessionId, taskId, event }) => activity.event(sessionId, taskId, event));
      m.on('sessionDeleted', ({ sessionId }) => {
        activity.forgetSession(sessionId);
        metrics.forgetSession(sessionId);
      });
      m.on('taskFinished', ({ sessionId, task }) => {
        const done = activity.finished(sessionId, task.id, task.status === 'succeeded');
        metrics.taskFinished({
          sessionId,
          status: task.status,
          startedAt: task.startedAt,
          finishedAt: task.finishedAt,
          tokens: done?.tokens,
        });
        if (!done || task.status !== 'succeeded' || !config.enabled) return;
        const cwd = m.get(sessionId)?.folder ?? process.cwd();
        void opened
          .then(async (s) => {
            if (!s) return;
            const records = fixesFromAgentTask({ sessionId, taskId: task.id, cwd, activity: done, readText, now: Date.now() });
            for (const r of records) {
              await s.learn(r);
              ctx.log.info(`learned fix ${r.id} from session ${sessionId} task ${task.id}: ${r.title}`);
            }
            if (records.length > 0) changed();
          })
          .catch(fail('learning from an agent task'));
      });
    },
  };
}
