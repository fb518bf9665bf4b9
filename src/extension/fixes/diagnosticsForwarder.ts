// Forwards each file's error diagnostics to the orchestrator as they change (learned fixes are
// captured when an error disappears after an edit), and all current ones whenever it (re)starts.
// Only what changed is sent: VS Code fires onDidChangeDiagnostics for every keystroke's re-check.
import * as vscode from 'vscode';
import { FileDiagnosticsNotification, type WireDiagnostic } from '../../protocol/fixes';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';

const SEVERITY: Readonly<Record<vscode.DiagnosticSeverity, WireDiagnostic['severity']>> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

export function toWireDiagnostic(d: vscode.Diagnostic): WireDiagnostic {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return {
    message: d.message,
    range: {
      start: { line: d.range.start.line, character: d.range.start.character },
      end: { line: d.range.end.line, character: d.range.end.character },
    },
    ...(d.source !== undefined ? { source: d.source } : {}),
    ...(code !== undefined ? { code } : {}),
    severity: SEVERITY[d.severity],
  };
}

export class DiagnosticsForwarder extends Disposable {
  /** uri → the JSON last sent, so unchanged files are not sent again. */
  private readonly sent = new Map<string, string>();

  constructor(
    private readonly orchestrator: OrchestratorController,
    private readonly enabled: () => boolean,
  ) {
    super();
    this._register(
      vscode.languages.onDidChangeDiagnostics((e) => {
        for (const uri of e.uris) this.forward(uri);
      }),
    );
    this._register(
      orchestrator.onDidChangeStatus((s) => {
        if (s.state !== 'ready') return;
        this.sent.clear();
        for (const [uri] of vscode.languages.getDiagnostics()) this.forward(uri);
      }),
    );
  }

  private forward(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || !this.enabled() || this.orchestrator.current.state !== 'ready') return;
    const key = uri.toString();
    const diagnostics = vscode.languages
      .getDiagnostics(uri)
      .filter((d) => d.severity === vscode.DiagnosticSeverity.Error)
      .map(toWireDiagnostic);
    const json = JSON.stringify(diagnostics);
    if ((this.sent.get(key) ?? '[]') === json) return;
    if (diagnostics.length === 0) this.sent.delete(key);
    else this.sent.set(key, json);
    this.orchestrator.notify(FileDiagnosticsNotification, { uri: key, diagnostics });
  }
}
