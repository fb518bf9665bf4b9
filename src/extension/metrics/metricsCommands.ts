// Export Metrics…: the orchestrator's metrics as a JSON file (a path argument skips the dialog).
import * as vscode from 'vscode';
import { ExportMetricsRequest } from '../../protocol/metrics';
import { guarded } from '../input/guarded';
import { CommandIds } from '../contributions';
import { jsonSaveOptions, toUri } from '../input/fileArguments';
import type { IDisposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';

export function registerMetricsCommands(orchestrator: OrchestratorController): IDisposable[] {
  return [
    vscode.commands.registerCommand(
      CommandIds.exportMetrics,
      guarded('export the metrics', async (arg?: unknown) => {
        const target = toUri(arg) ?? (await vscode.window.showSaveDialog(jsonSaveOptions('Export Metrics', 'agent-affinity-metrics.json')));
        if (!target) return undefined;
        const text = await orchestrator.request(ExportMetricsRequest, undefined);
        await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
        if (arg === undefined) void vscode.window.showInformationMessage(`Agent Affinity: metrics exported to ${target.fsPath}.`);
        return target.fsPath;
      }),
    ),
  ];
}
