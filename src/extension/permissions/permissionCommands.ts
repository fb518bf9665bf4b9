// Commands on permission rules: Consolidate Permissions… and Undo Permission Consolidation. With an
// argument object (tests, keybindings, other extensions) nothing is asked.
import * as vscode from 'vscode';
import {
  ApplyPermissionsRequest,
  LastConsolidationsRequest,
  UndoPermissionsRequest,
  type ApplyPermissionsResult,
  type PermissionsPlan,
  type UndoPermissionsResult,
} from '../../protocol/permissions';
import { CommandIds } from '../contributions';
import { pickOne } from '../input/quickFlow';
import type { IDisposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import { ConsolidateFlow } from '../permissions/consolidateFlow';
import { appliedMessage, planTotals, recordLine, refusedMessage, undoneMessage } from '../permissions/permissionPresentation';
import type { ProposedDocuments } from '../permissions/proposedDocuments';
import { guarded } from '../input/guarded';

export interface PermissionCommandDeps {
  orchestrator: OrchestratorController;
  proposed: ProposedDocuments;
}

/** `agentAffinity.consolidatePermissions` with this argument runs without prompts. */
export interface ConsolidateCommandArgs {
  folders?: string[];
  /** Apply this earlier plan (from a previous call's result) instead of scanning again. */
  planId?: string;
  generalize?: boolean;
  /** Opt into the pruning tier (one-off approvals removed). */
  prune?: boolean;
  /** true: every changed file; a list: those files; absent/false: plan only. */
  apply?: boolean | string[];
  openDiffs?: boolean;
  openReport?: boolean;
}

export interface ConsolidateCommandResult {
  /** Absent when an earlier plan was applied by its id. */
  plan?: PermissionsPlan;
  result?: ApplyPermissionsResult;
}

function isObject(arg: unknown): arg is Record<string, unknown> {
  return typeof arg === 'object' && arg !== null && !Array.isArray(arg) && !(arg instanceof vscode.Uri);
}

function workspaceFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
}

export function registerPermissionCommands({ orchestrator, proposed }: PermissionCommandDeps): IDisposable[] {
  const flow = new ConsolidateFlow(orchestrator, proposed);
  const reg = (id: string, what: string, body: (arg?: unknown) => Promise<unknown>): IDisposable =>
    vscode.commands.registerCommand(id, guarded(what, body));

  const showOutcome = (result: ApplyPermissionsResult, plan: PermissionsPlan): void => {
    if (result.refused.length) void vscode.window.showWarningMessage(refusedMessage(result.refused));
    if (result.applied.length) {
      void vscode.window.showInformationMessage(appliedMessage(result), 'Undo', 'Show Report').then((c) => {
        if (c === 'Undo') void vscode.commands.executeCommand(CommandIds.undoPermissionConsolidation);
        else if (c === 'Show Report') void flow.showReport(plan);
      });
    }
  };

  return [
    reg(
      CommandIds.consolidatePermissions,
      'consolidate the permission rules',
      async (arg): Promise<ConsolidateCommandResult | undefined> => {
        // The risk policy (agentAffinity.permissions.neverGeneralize) reaches the orchestrator with the settings.
        if (isObject(arg)) {
          const a = arg as ConsolidateCommandArgs;
          if (typeof a.planId === 'string') {
            return {
              result: await orchestrator.request(ApplyPermissionsRequest, {
                planId: a.planId,
                ...(Array.isArray(a.apply) ? { paths: a.apply } : {}),
              }),
            };
          }
          const params = { folders: a.folders ?? workspaceFolders(), generalize: a.generalize === true, prune: a.prune === true };
          const plan = await flow.plan(params);
          if (a.openDiffs) await flow.openDiffs(plan);
          if (a.openReport) await flow.showReport(plan);
          if (!a.apply) return { plan };
          const result = await orchestrator.request(ApplyPermissionsRequest, {
            planId: plan.planId,
            ...(Array.isArray(a.apply) ? { paths: a.apply } : {}),
          });
          return { plan, result };
        }
        const folders = workspaceFolders();
        if (!folders.length) {
          void vscode.window.showInformationMessage("Agent Affinity: open a folder to consolidate its agents' permission rules.");
          return undefined;
        }
        const params = { folders, generalize: false };
        const plan = await flow.scanWithProgress(params);
        if (!plan.files.length) {
          void vscode.window.showInformationMessage(
            `Agent Affinity: no agent permission files apply to ${folders.length === 1 ? folders[0] : 'these folders'}.`,
          );
          return { plan };
        }
        await flow.openDiffs(plan);
        const choice = await flow.summary(plan, params);
        if (!choice) return { plan };
        if (!choice.paths.length) {
          if (planTotals(choice.plan).findings > 0) await flow.showReport(choice.plan);
          else void vscode.window.showInformationMessage('Agent Affinity: nothing to rewrite.');
          return { plan: choice.plan };
        }
        if (!(await flow.confirm(choice))) return { plan: choice.plan };
        const result = await orchestrator.request(ApplyPermissionsRequest, { planId: choice.plan.planId, paths: choice.paths });
        await proposed.closeDiffs(result.applied.map((f) => f.path));
        showOutcome(result, choice.plan);
        return { plan: choice.plan, result };
      },
    ),
    // With { folder } (or {}) the folder's (or the latest) consolidation is undone without asking.
    reg(
      CommandIds.undoPermissionConsolidation,
      'undo the permission consolidation',
      async (arg): Promise<UndoPermissionsResult | undefined> => {
        if (isObject(arg)) {
          const folder = typeof arg.folder === 'string' ? arg.folder : undefined;
          return orchestrator.request(UndoPermissionsRequest, folder !== undefined ? { folder } : {});
        }
        const records = (await orchestrator.request(LastConsolidationsRequest, undefined)).filter((r) => r.undoneAt === undefined);
        if (!records.length) {
          void vscode.window.showInformationMessage('Agent Affinity: there is no permission consolidation to undo.');
          return undefined;
        }
        let record = records[0];
        if (records.length > 1) {
          const picked = await pickOne(
            records.map((r) => ({ label: r.folder, description: new Date(r.at).toLocaleString(), detail: recordLine(r), record: r })),
            { title: 'Undo Permission Consolidation', placeholder: 'Folder whose last consolidation to undo' },
          );
          record = picked?.record;
        }
        if (!record) return undefined;
        const ok = await vscode.window.showWarningMessage(
          `Restore ${record.files.length} permission file(s) from their backups?`,
          {
            modal: true,
            detail: `${record.files.map((f) => `${f.path} ← ${f.backupPath}`).join('\n')}\n\nA file edited since the consolidation is left as it is.`,
          },
          'Restore',
        );
        if (ok !== 'Restore') return undefined;
        const result = await orchestrator.request(UndoPermissionsRequest, { folder: record.folder });
        if (result.refused.length)
          void vscode.window.showWarningMessage(`Agent Affinity: not restored: ${result.refused.map((r) => r.reason).join(' · ')}`);
        if (result.restored.length) void vscode.window.showInformationMessage(undoneMessage(result));
        return result;
      },
    ),
  ];
}
