// The interactive Consolidate Permissions flow: scan with a progress notification, open each
// file's diff (current ↔ proposed), a summary quick pick (rules before → after per file, findings,
// skipped files with the reason; "Generalize too" rescans and shows the extra coverage; "Prune
// One-Off Approvals" rescans and lists each removed rule's evidence; the findings report), then a
// modal confirmation before anything is written.
import { homedir } from 'node:os';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import {
  PlanPermissionsRequest,
  type PermissionFilePlan,
  type PermissionsPlan,
  type PlanPermissionsParams,
} from '../../protocol/permissions';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import {
  confirmDetail,
  fileGroup,
  fileRow,
  groupTitles,
  planTotals,
  summaryTitle,
  tiersNote,
  type FileGroup,
} from './permissionPresentation';
import type { ProposedDocuments } from './proposedDocuments';

export interface ConsolidateChoice {
  plan: PermissionsPlan;
  paths: string[];
}

interface FileItem extends vscode.QuickPickItem {
  file?: PermissionFilePlan;
}

const diffButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('diff'), tooltip: 'Open Diff (current ↔ proposed)' };
const reportButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('output'), tooltip: 'Show Findings Report' };
const allDiffsButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('diff-multiple'), tooltip: 'Open All Diffs' };
const generalizeOn: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('wand'),
  tooltip: 'Generalize too (widens allow rules; each widening is listed)',
};
const generalizeOff: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('discard'), tooltip: 'Do Not Generalize' };
const pruneOn: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('trash'),
  tooltip: 'Prune One-Off Approvals too (process ids, temporary paths, dates…; never widens: they are asked for again)',
};
const pruneOff: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('history'), tooltip: 'Keep One-Off Approvals' };

export class ConsolidateFlow {
  private readonly home = homedir();

  constructor(
    private readonly orchestrator: OrchestratorController,
    private readonly proposed: ProposedDocuments,
  ) {}

  /** Plans with the orchestrator and records the proposed texts for the diffs. */
  async plan(params: PlanPermissionsParams): Promise<PermissionsPlan> {
    const plan = await this.orchestrator.request(PlanPermissionsRequest, params);
    for (const f of plan.files) if (f.ok && f.changed) this.proposed.set(f.path, f.newText);
    return plan;
  }

  async scanWithProgress(params: PlanPermissionsParams): Promise<PermissionsPlan> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Agent Affinity: scanning permission files…', cancellable: false },
      () => this.plan(params),
    );
  }

  async openDiff(f: PermissionFilePlan, preserveFocus = true): Promise<void> {
    if (!f.ok || !f.changed) return;
    const uri = this.proposed.set(f.path, f.newText);
    await vscode.commands.executeCommand(
      'vscode.diff',
      vscode.Uri.file(f.path),
      uri,
      `${basename(f.path)}: current ↔ proposed (${f.before} → ${f.after} rules)`,
      { preview: false, preserveFocus },
    );
  }

  async openDiffs(plan: PermissionsPlan): Promise<void> {
    for (const f of plan.files) await this.openDiff(f);
  }

  async showReport(plan: PermissionsPlan): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(this.proposed.setReport(plan.report));
    await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: true });
  }

  private items(plan: PermissionsPlan): FileItem[] {
    const order: FileGroup[] = ['rewrite', 'unchanged', 'skipped'];
    const items: FileItem[] = [];
    for (const group of order) {
      const files = plan.files.filter((f) => fileGroup(f) === group);
      if (!files.length) continue;
      items.push({ label: groupTitles[group], kind: vscode.QuickPickItemKind.Separator });
      for (const f of files) {
        const row = fileRow(f, this.home);
        const icon = group === 'skipped' ? '$(error)' : group === 'rewrite' ? '$(file)' : '$(pass)';
        items.push({
          label: `${icon} ${row.label}`,
          description: row.description,
          detail: row.detail,
          file: f,
          alwaysShow: true,
          ...(group === 'rewrite' ? { buttons: [diffButton] } : {}),
        });
      }
    }
    return items;
  }

  /** The summary; resolves with the plan and the chosen files, or undefined when dismissed. */
  async summary(first: PermissionsPlan, params: PlanPermissionsParams): Promise<ConsolidateChoice | undefined> {
    const pick = vscode.window.createQuickPick<FileItem>();
    pick.canSelectMany = true;
    pick.ignoreFocusOut = true;
    pick.matchOnDetail = true;
    let plan = first;
    const render = (): void => {
      pick.title = summaryTitle(plan);
      pick.placeholder =
        planTotals(plan).rewritable > 0
          ? 'Select the files to rewrite, then press Enter to confirm'
          : 'Nothing to rewrite; the findings are in the report';
      pick.buttons = [
        plan.generalize ? generalizeOff : generalizeOn,
        plan.prune === true ? pruneOff : pruneOn,
        allDiffsButton,
        reportButton,
      ];
      pick.items = this.items(plan);
      pick.selectedItems = pick.items.filter((i) => i.file?.ok === true && i.file.changed);
    };
    render();
    return new Promise<ConsolidateChoice | undefined>((resolve) => {
      let done = false;
      const finish = (choice: ConsolidateChoice | undefined): void => {
        if (done) return;
        done = true;
        resolve(choice);
        pick.dispose();
      };
      pick.onDidTriggerButton(async (b) => {
        if (b === reportButton) await this.showReport(plan);
        else if (b === allDiffsButton) await this.openDiffs(plan);
        else {
          pick.busy = true;
          const generalize = b === generalizeOn || b === generalizeOff ? !plan.generalize : plan.generalize;
          const prune = b === pruneOn || b === pruneOff ? plan.prune !== true : plan.prune === true;
          try {
            plan = await this.plan({ ...params, generalize, prune });
            render();
          } catch (e) {
            void vscode.window.showErrorMessage(`Agent Affinity: could not rescan: ${e instanceof Error ? e.message : String(e)}`);
          } finally {
            pick.busy = false;
          }
        }
      });
      pick.onDidTriggerItemButton((e) => void (e.item.file && this.openDiff(e.item.file, false)));
      pick.onDidAccept(() =>
        finish({ plan, paths: pick.selectedItems.flatMap((i) => (i.file?.ok && i.file.changed ? [i.file.path] : [])) }),
      );
      pick.onDidHide(() => finish(undefined));
      pick.show();
    });
  }

  /** The modal confirmation; true when the user chose Apply. */
  async confirm(choice: ConsolidateChoice): Promise<boolean> {
    const chosen = choice.plan.files.filter((f) => choice.paths.includes(f.path));
    const skipped = choice.plan.files.filter((f) => !f.ok);
    const answer = await vscode.window.showWarningMessage(
      `Rewrite ${chosen.length} permission file(s)${tiersNote(choice.plan)}?`,
      { modal: true, detail: confirmDetail(chosen, skipped, this.home) },
      'Apply',
    );
    return answer === 'Apply';
  }
}
