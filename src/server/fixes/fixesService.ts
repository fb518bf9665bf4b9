// The orchestrator's learned-fixes feature: LSP wiring around the core's FixesWorkspace (code
// actions offering learned fixes, the commands they carry, the dashboard's requests, forwarded
// diagnostics, and the change notifications).
import { FixesWorkspace } from '../../core/fixes/fixesWorkspace';
import { queryFixes } from '../../core/fixes/fixQueries';
import {
  DeleteFixesRequest,
  EditFixRequest,
  ExportFixesRequest,
  FileDiagnosticsNotification,
  FixRememberedNotification,
  FixServerCommands,
  FixesChangedNotification,
  GetFixRequest,
  ImportFixesRequest,
  ListFixesRequest,
  RememberFixRequest,
  ShowFixNotification,
  type FixList,
} from '../../protocol/fixes';
import { appliedFixArgs, showFixArgs } from '../../protocol/schemas/fixes';
import { onNotification, onRequest, sendNotification } from '../rpc';
import type { ServerContext } from '../serverContext';
import { planFixCodeActions } from './fixCodeActions';
import { fixDetailView, fixSummaryView, fromWireDiagnostic } from './fixWire';

export function startFixesService(ctx: ServerContext): FixesWorkspace {
  const { connection } = ctx;
  const fixes = new FixesWorkspace({
    globalStorageDir: ctx.options.globalStorageDir,
    folders: ctx.options.workspaceFolders,
    documents: ctx.openDocuments,
    settings: () => ctx.settings().fixes,
    log: (m) => ctx.log.info(m),
    storeProblem: ctx.storeProblem,
    unavailable: (message, file) => ctx.problem({ severity: 'error', message, file }),
  });
  ctx.onSettingsChanged(() => fixes.settingsChanged());
  fixes.onChanged((e) => sendNotification(connection, FixesChangedNotification, e));
  fixes.onRemembered((e) => sendNotification(connection, FixRememberedNotification, e));
  onNotification(connection, FileDiagnosticsNotification, (p) => fixes.diagnostics(p.uri, p.diagnostics.map(fromWireDiagnostic)));

  connection.onCodeAction(async (params) => {
    const settings = ctx.settings().fixes;
    const store = await fixes.ready();
    const doc = ctx.documents.get(params.textDocument.uri);
    if (!settings.enabled || !store || !doc || params.context.diagnostics.length === 0) return [];
    const planned = planFixCodeActions(store, {
      uri: doc.uri,
      languageId: doc.languageId,
      text: doc.getText(),
      diagnostics: params.context.diagnostics,
      threshold: settings.similarityThreshold,
    });
    // VS Code asks again on every cursor move: each fix is counted once per document version.
    fixes.offered(doc.uri, doc.version, planned.offered);
    return planned.actions;
  });
  connection.onExecuteCommand(async (params) => {
    const arg = (params.arguments ?? [])[0];
    if (params.command === FixServerCommands.applied) {
      const applied = appliedFixArgs.safeParse(arg);
      if (applied.success) await fixes.applied(applied.data);
    } else if (params.command === FixServerCommands.show) {
      const show = showFixArgs.safeParse(arg);
      const fix = show.success ? (await fixes.ready())?.get(show.data.fixId) : undefined;
      if (show.success && fix) sendNotification(connection, ShowFixNotification, { uri: show.data.uri, fix: fixDetailView(fix) });
    }
  });

  onRequest(connection, ListFixesRequest, async (q): Promise<FixList> => {
    const s = await fixes.ready();
    if (!s) return { items: [], matching: 0, total: 0, unavailable: fixes.unavailable ?? 'the learned-fix store is not available' };
    const all = queryFixes(s.all(), { ...(q.text ? { text: q.text } : {}), sort: q.sort ?? 'recency' });
    const unavailable = fixes.unavailable;
    return {
      items: all.slice(0, q.limit ?? 200).map(fixSummaryView),
      matching: all.length,
      total: s.size,
      ...(unavailable ? { unavailable } : {}),
    };
  });
  onRequest(connection, GetFixRequest, async (p) => {
    const r = (await fixes.ready())?.get(p.id);
    return r ? fixDetailView(r) : null;
  });
  onRequest(connection, DeleteFixesRequest, (p) => fixes.delete(p.ids));
  onRequest(connection, EditFixRequest, async (p) => {
    const r = await fixes.edit(p);
    return r.ok ? { ok: true, fix: fixDetailView(r.fix) } : r;
  });
  onRequest(connection, ExportFixesRequest, async () => (await fixes.required()).export(Date.now()));
  onRequest(connection, ImportFixesRequest, async (p) => {
    const report = await fixes.import(p.text);
    return {
      added: report.added,
      merged: report.merged,
      skipped: report.skipped.map((x) => ({ ...x })),
      ...(report.error !== undefined ? { error: report.error } : {}),
    };
  });
  onRequest(connection, RememberFixRequest, (p) => fixes.remember(p.uri, fromWireDiagnostic(p.diagnostic)));
  ctx.onShutdown(() => fixes.close());
  return fixes;
}
