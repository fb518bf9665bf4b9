// Commands on learned fixes: Remember Fix for This Error (from the code action menu,
// with the file and diagnostic, or from the palette on the error at the cursor), export and import
// fixes as JSON. Arguments skip the prompts (tests, keybindings, the dashboard).
import * as vscode from 'vscode';
import {
  ExportFixesRequest,
  FixRememberedNotification,
  ImportFixesRequest,
  RememberFixRequest,
  ShowFixNotification,
  type FixImportReportView,
  type WireDiagnostic,
} from '../../protocol/fixes';
import { CommandIds } from '../contributions';
import type { FixesDashboardModel } from '../fixes/fixesDashboardModel';
import { toWireDiagnostic } from '../fixes/diagnosticsForwarder';
import { showFix } from '../fixes/showFix';
import { pickOne } from '../input/quickFlow';
import type { IDisposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import { guarded } from '../input/guarded';
import { jsonSaveOptions, toUri } from '../input/fileArguments';
import type { ReadOnlyDocuments } from '../documents/readOnlyDocuments';

export interface FixCommandDeps {
  orchestrator: OrchestratorController;
  model: FixesDashboardModel;
  /** Where a learned fix's diff opens: read-only, nothing to save when it closes. */
  documents: ReadOnlyDocuments;
}

function isWireDiagnostic(v: unknown): v is WireDiagnostic {
  const d = v as Partial<WireDiagnostic> | null;
  return typeof d === 'object' && d !== null && typeof d.message === 'string' && typeof d.range === 'object' && d.range !== null;
}

/** The error at the cursor of the active editor (asks which when several are on its line). */
async function errorAtCursor(): Promise<{ uri: vscode.Uri; diagnostic: WireDiagnostic } | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new Error('open the file with the error and put the cursor on it');
  const pos = editor.selection.active;
  const errors = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
  const here = errors.filter((d) => d.range.contains(pos));
  const candidates = here.length > 0 ? here : errors.filter((d) => d.range.start.line <= pos.line && d.range.end.line >= pos.line);
  if (candidates.length === 0) throw new Error('there is no error at the cursor');
  const chosen =
    candidates.length === 1
      ? candidates[0]
      : (
          await pickOne(
            candidates.map((d) => ({
              label: d.message.split('\n')[0] ?? d.message,
              description: `${d.source ?? ''} ${String(typeof d.code === 'object' ? d.code.value : (d.code ?? ''))}`.trim(),
              d,
            })),
            { title: 'Remember Fix for This Error', placeholder: 'Which error?' },
          )
        )?.d;
  return chosen ? { uri: editor.document.uri, diagnostic: toWireDiagnostic(chosen) } : undefined;
}

function importSummary(file: string, r: FixImportReportView): string {
  if (r.error !== undefined) return `Agent Affinity: ${file} was not imported: ${r.error}`;
  const skipped =
    r.skipped.length > 0
      ? `; ${r.skipped.length} skipped (${r.skipped
          .slice(0, 3)
          .map((s) => `#${s.index}: ${s.reason}`)
          .join('; ')}${r.skipped.length > 3 ? '; …' : ''})`
      : '';
  return `Agent Affinity: imported ${r.added} new and merged ${r.merged} known fix(es) from ${file}${skipped}.`;
}

export function registerFixCommands({ orchestrator, model, documents }: FixCommandDeps): IDisposable[] {
  const reg = (id: string, what: string, body: (arg?: unknown, arg2?: unknown) => Promise<unknown>): IDisposable =>
    vscode.commands.registerCommand(id, guarded(what, body));
  return [
    orchestrator.onNotification(ShowFixNotification, (p) => void showFix(documents, p).catch(() => undefined)),
    orchestrator.onNotification(
      FixRememberedNotification,
      (p) => void vscode.window.showInformationMessage(`Agent Affinity: remembered the fix for "${p.title}".`),
    ),
    // (uri, diagnostic) from the code action; from the palette, the error at the cursor.
    reg(CommandIds.rememberFix, 'remember the fix', async (uriArg, diagArg) => {
      const given = toUri(uriArg);
      const target = given && isWireDiagnostic(diagArg) ? { uri: given, diagnostic: diagArg } : await errorAtCursor();
      if (!target) return undefined;
      const result = await orchestrator.request(RememberFixRequest, { uri: target.uri.toString(), diagnostic: target.diagnostic });
      if (!result.watching) throw new Error(result.reason ?? 'the orchestrator refused');
      void vscode.window.showInformationMessage('Agent Affinity: fix the error; the change that clears it will be remembered.');
      return result;
    }),
    // (target file): with an argument, no dialog. Returns the file written.
    reg(CommandIds.exportFixes, 'export the learned fixes', async (arg) => {
      const target =
        toUri(arg) ?? (await vscode.window.showSaveDialog(jsonSaveOptions('Export Learned Fixes', 'agent-affinity-fixes.json')));
      if (!target) return undefined;
      const text = await orchestrator.request(ExportFixesRequest, undefined);
      await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
      if (arg === undefined) void vscode.window.showInformationMessage(`Agent Affinity: learned fixes exported to ${target.fsPath}.`);
      return target.fsPath;
    }),
    // (source file): with an argument, no dialog. Returns the import report.
    reg(CommandIds.importFixes, 'import learned fixes', async (arg) => {
      const source =
        toUri(arg) ??
        (
          await vscode.window.showOpenDialog({
            title: 'Import Learned Fixes',
            openLabel: 'Import',
            canSelectMany: false,
            filters: { JSON: ['json'] },
          })
        )?.[0];
      if (!source) return undefined;
      let text: string;
      try {
        text = Buffer.from(await vscode.workspace.fs.readFile(source)).toString('utf8');
      } catch (e) {
        throw new Error(`${source.fsPath} could not be read (${e instanceof Error ? e.message : String(e)})`);
      }
      const report = await orchestrator.request(ImportFixesRequest, { text });
      const name = source.path.split('/').pop() ?? source.fsPath;
      model.imported(name, report);
      const message = importSummary(name, report);
      if (report.error !== undefined) void vscode.window.showWarningMessage(message);
      else void vscode.window.showInformationMessage(message);
      return report;
    }),
  ];
}
