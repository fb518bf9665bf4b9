// The orchestrator's permissions feature: plan / apply / undo requests and the last consolidation
// per folder, persisted in the workspace store and pushed to the host when it changes.
import { homedir } from 'node:os';
import { claudeConfigDir } from '../../core/budget/claudeDirs';
import {
  ApplyPermissionsRequest,
  ConsolidationsChangedNotification,
  LastConsolidationsRequest,
  PlanPermissionsRequest,
  UndoPermissionsRequest,
} from '../../protocol/permissions';
import { onRequest, sendNotification } from '../rpc';
import type { ServerContext } from '../serverContext';
import { FileConsolidationStore, MemoryConsolidationStore, type ConsolidationRepository } from '../../core/permissions/consolidationStore';
import { PermissionsWorkspace } from './permissionsWorkspace';

/** Starts the feature. Without a workspace storage folder the last consolidations live in memory. */
export async function startPermissionsService(ctx: ServerContext): Promise<PermissionsWorkspace> {
  const storageDir = ctx.options.workspaceStorageDir;
  const repository: ConsolidationRepository = storageDir
    ? await FileConsolidationStore.open(storageDir, ctx.storeProblem)
    : new MemoryConsolidationStore();
  ctx.onShutdown(() => repository.close());
  const workspace = new PermissionsWorkspace({
    home: homedir(),
    globalStorageDir: ctx.options.globalStorageDir,
    folders: () => ctx.options.workspaceFolders,
    repository,
    claudeConfigDir: claudeConfigDir(process.env, ctx.settings().environment.claude ?? {}),
  });
  const changed = (): void => sendNotification(ctx.connection, ConsolidationsChangedNotification, { records: workspace.records() });

  // The risk policy comes with the settings (read from User settings only, see the host's settingsPolicy).
  onRequest(ctx.connection, PlanPermissionsRequest, (p) => {
    const neverGeneralize = p.neverGeneralize ?? ctx.settings().permissions.neverGeneralize;
    return workspace.plan({ ...p, ...(neverGeneralize ? { neverGeneralize } : {}) });
  });
  onRequest(ctx.connection, ApplyPermissionsRequest, async (p) => {
    const result = workspace.apply(p);
    if (result.applied.length > 0) {
      await repository.flush().catch((e: unknown) => ctx.log.warn(`permissions: could not save the consolidation record: ${String(e)}`));
      ctx.log.info(
        `permissions: consolidated ${result.applied.map((a) => `${a.path} (${a.before} → ${a.after}, backup ${a.backupPath})`).join(', ')}`,
      );
      changed();
    }
    for (const r of result.refused) ctx.log.warn(`permissions: not written: ${r.reason}`);
    return result;
  });
  onRequest(ctx.connection, UndoPermissionsRequest, async (p) => {
    const result = workspace.undo(p ?? {});
    await repository.flush().catch((e: unknown) => ctx.log.warn(`permissions: could not save the consolidation record: ${String(e)}`));
    if (result.restored.length > 0)
      ctx.log.info(`permissions: restored ${result.restored.map((r) => `${r.path} from ${r.backupPath}`).join(', ')}`);
    changed();
    return result;
  });
  onRequest(ctx.connection, LastConsolidationsRequest, () => workspace.records());
  return workspace;
}
