// Plans, applies and undoes permission consolidations for a window's folders, on top of the
// engine (core/permissions). Plans are kept here by id so the host never sends file texts back:
// applying writes exactly what was previewed, and only when the file still holds what was read.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { maskChange, maskFinding } from '../../core/permissions/credentials';
import { planFolder } from '../../core/permissions/planFolder';
import { restoreFromIndex, rewriteWithBackup } from '../../core/permissions/backupStore';
import { DEFAULT_RISK_POLICY } from '../../core/permissions/riskPolicy';
import type {
  ApplyPermissionsParams,
  ApplyPermissionsResult,
  ConsolidationRecord,
  PermissionFilePlan,
  PermissionFolderPlan,
  PermissionsPlan,
  PlanPermissionsParams,
  UndoPermissionsParams,
  UndoPermissionsResult,
} from '../../protocol/permissions';
import type { ConsolidationRepository } from '../../core/permissions/consolidationStore';
import { renderPermissionReport } from './permissionReport';

export interface PermissionsWorkspaceOptions {
  /** The user's home (user-scope settings live in `<home>/.claude`). */
  home: string;
  /** The extension's global storage: backups of every rewritten file go under it (never in a repository). */
  globalStorageDir: string;
  /** Where backups and their index go (default `<globalStorageDir>/permission-backups`). */
  backupRoot?: string;
  /** The window's folders, used when a request names none. */
  folders: () => string[];
  repository: ConsolidationRepository;
  /** Folder of managed settings; `null` skips them (tests). Default: the platform's. */
  managedDir?: string | null;
  claudeConfigDir?: string;
  now?: () => Date;
  /** How many plans are kept for applying (oldest dropped). */
  keepPlans?: number;
}

/** A string's SHA-256 (what undo compares to tell whether a file changed since it was written). */
export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Only strings, trimmed, non-empty; undefined when the value is not a list. */
export function cleanPolicyList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

export class PermissionsWorkspace {
  private readonly plans = new Map<string, PermissionsPlan>();

  constructor(private readonly options: PermissionsWorkspaceOptions) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Scans and plans every folder; user-level files shared by several folders appear once. Never writes. */
  plan(params: PlanPermissionsParams): PermissionsPlan {
    const folders = [...new Set((params.folders ?? this.options.folders()).map((f) => resolve(f)))];
    const generalize = params.generalize === true;
    const prune = params.prune === true;
    const risky = cleanPolicyList(params.neverGeneralize) ?? DEFAULT_RISK_POLICY.risky;
    const seen = new Set<string>();
    const files: PermissionFilePlan[] = [];
    const folderPlans: PermissionFolderPlan[] = [];
    for (const folder of folders) {
      const fp = planFolder(folder, {
        home: this.options.home,
        ...(this.options.managedDir !== undefined ? { managedDir: this.options.managedDir } : {}),
        ...(this.options.claudeConfigDir !== undefined ? { claudeConfigDir: this.options.claudeConfigDir } : {}),
        generalize,
        prune,
        riskPolicy: { risky, keepReadOnlyGroupsReadOnly: true },
      });
      folderPlans.push({ folder, before: fp.before, after: fp.after, findings: fp.findings.map(maskFinding) });
      for (const { file, plan } of fp.files) {
        if (seen.has(file.path)) continue;
        seen.add(file.path);
        if (!plan.ok) {
          files.push({ ok: false, folder, path: file.path, scope: file.scope, error: plan.error });
          continue;
        }
        files.push({
          ok: true,
          folder,
          path: file.path,
          agent: plan.agent,
          scope: file.scope,
          reportOnly: plan.reportOnly || file.readOnly,
          changed: !plan.reportOnly && !file.readOnly && plan.newText !== plan.originalText,
          before: plan.before,
          after: plan.after,
          originalText: plan.originalText,
          newText: plan.newText,
          // What the host shows and the report never carry a secret (the file texts are the files themselves).
          changes: plan.changes.map(maskChange),
          findings: plan.findings.map(maskFinding),
        });
      }
    }
    const createdAt = this.now().getTime();
    const body = { createdAt, generalize, prune, folders: folderPlans, files };
    const result: PermissionsPlan = { planId: randomUUID(), ...body, report: renderPermissionReport(body) };
    this.plans.set(result.planId, result);
    const keep = this.options.keepPlans ?? 8;
    for (const id of [...this.plans.keys()].slice(0, Math.max(0, this.plans.size - keep))) this.plans.delete(id);
    return result;
  }

  /** Rewrites the chosen files of a plan; a file that changed since the scan is refused, never overwritten. */
  apply(params: ApplyPermissionsParams): ApplyPermissionsResult {
    const plan = this.plans.get(params.planId);
    if (!plan)
      throw new Error(
        'This consolidation preview is no longer available (the orchestrator restarted or newer scans replaced it); scan again.',
      );
    const wanted = params.paths ? new Set(params.paths.map((p) => resolve(p))) : undefined;
    const result: ApplyPermissionsResult = { applied: [], refused: [] };
    const byFolder = new Map<string, ConsolidationRecord>();
    const at = this.now();
    for (const file of plan.files) {
      if (wanted && !wanted.has(resolve(file.path))) continue;
      if (!file.ok) {
        if (wanted) result.refused.push({ path: file.path, reason: `cannot be read: ${file.error}` });
        continue;
      }
      if (file.reportOnly || !file.changed) {
        if (wanted)
          result.refused.push({
            path: file.path,
            reason: file.reportOnly ? 'read-only here (managed settings or a policy file): findings only' : 'nothing to change',
          });
        continue;
      }
      const backupRoot = this.backupRoot();
      if (backupRoot === undefined) {
        result.refused.push({
          path: file.path,
          reason: `${file.path}: no extension storage folder to keep the backup in (backups never go into the repository); nothing was written`,
        });
        continue;
      }
      try {
        const { backupPath, indexPath } = rewriteWithBackup(file.path, file.originalText, file.newText, backupRoot, {
          now: at,
          home: this.options.home,
        });
        result.backupIndex = indexPath;
        const applied = { path: file.path, scope: file.scope, backupPath, before: file.before, after: file.after };
        result.applied.push(applied);
        const record = byFolder.get(file.folder) ?? {
          folder: file.folder,
          at: at.getTime(),
          generalize: plan.generalize,
          ...(plan.prune ? { prune: true } : {}),
          files: [],
          before: 0,
          after: 0,
          findings: 0,
        };
        record.files.push({ ...applied, writtenSha256: sha256(Buffer.from(file.newText, 'utf8')) });
        record.before += file.before;
        record.after += file.after;
        record.findings += file.findings.length;
        byFolder.set(file.folder, record);
      } catch (e) {
        result.refused.push({ path: file.path, reason: e instanceof Error ? e.message : String(e) });
      }
    }
    for (const record of byFolder.values()) {
      record.findings += plan.folders.find((f) => f.folder === record.folder)?.findings.length ?? 0;
      this.options.repository.set(record);
    }
    // Written files changed: a later apply of this same plan must scan again.
    if (result.applied.length > 0) this.plans.delete(plan.planId);
    return result;
  }

  /** The folder of backups and their index, when the window has a storage folder. */
  private backupRoot(): string | undefined {
    if (this.options.backupRoot !== undefined) return this.options.backupRoot;
    return this.options.globalStorageDir ? join(this.options.globalStorageDir, 'permission-backups') : undefined;
  }

  /** Restores the backups of a folder's last consolidation (through the backup index); a file changed since it was written is left alone. */
  undo(params: UndoPermissionsParams): UndoPermissionsResult {
    const record =
      params.folder !== undefined
        ? this.options.repository.get(resolve(params.folder))
        : this.options.repository.all().find((r) => r.undoneAt === undefined);
    if (!record || record.undoneAt !== undefined) {
      throw new Error(
        params.folder !== undefined
          ? `There is no consolidation to undo in ${params.folder}.`
          : 'There is no permission consolidation to undo.',
      );
    }
    const result: UndoPermissionsResult = { folder: record.folder, restored: [], refused: [] };
    const left: ConsolidationRecord['files'] = [];
    const backupRoot = this.backupRoot();
    for (const file of record.files) {
      try {
        if (backupRoot === undefined)
          throw new Error(`${file.path}: no extension storage folder holds the backup index; nothing was restored`);
        const current = existsSync(file.path) ? readFileSync(file.path) : undefined;
        if (current !== undefined && sha256(current) !== file.writtenSha256) {
          throw new Error(
            `${file.path}: the file changed since the consolidation was applied; nothing was restored (its backup is ${file.backupPath})`,
          );
        }
        // The index checks the backup is the one written then (its SHA-256) before restoring it.
        restoreFromIndex(backupRoot, file.path, { backupPath: file.backupPath });
        result.restored.push({ path: file.path, backupPath: file.backupPath });
      } catch (e) {
        result.refused.push({ path: file.path, reason: e instanceof Error ? e.message : String(e) });
        left.push(file);
      }
    }
    const next: ConsolidationRecord = left.length === 0 ? { ...record, undoneAt: this.now().getTime() } : { ...record, files: left };
    if (result.restored.length > 0 || left.length === 0) this.options.repository.set(next);
    return result;
  }

  records(): ConsolidationRecord[] {
    return this.options.repository.all();
  }
}
