// Finished fan-outs: a notification with the counts and a "Show Report" action opening the full
// combined report as a read-only Markdown document (`agent-affinity-report:/fan-out-<id>.md`).
import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';

export const REPORT_SCHEME = 'agent-affinity-report';
/** Reports kept for their documents (the oldest is forgotten first). */
const MAX_REPORTS = 20;

export interface FinishedFanOut {
  fanOutId: string;
  text: string;
  /** Markdown; older orchestrators sent only `text`. */
  report?: string;
  succeeded: number;
  failed: number;
}

export function reportUri(fanOutId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/fan-out-${fanOutId.replace(/[^\w.-]+/g, '-')}.md` });
}

export class FanOutReports extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();

  constructor() {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.path) ?? '# Fan-out report\n\nThis report is no longer kept: only the last fan-outs of this window are.\n';
  }

  /** Keeps the report and tells the user, with the action that opens it. */
  async finished(p: FinishedFanOut): Promise<void> {
    const uri = reportUri(p.fanOutId);
    this.reports.delete(uri.path);
    this.reports.set(uri.path, p.report ?? `# Fan-out\n\n${p.text}\n`);
    while (this.reports.size > MAX_REPORTS) {
      const oldest = this.reports.keys().next();
      if (oldest.done) break;
      this.reports.delete(oldest.value);
    }
    const show = p.failed > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const picked = await show(`Agent Affinity: fan-out finished: ${p.succeeded} succeeded, ${p.failed} failed.`, 'Show Report');
    if (picked === 'Show Report') await this.show(p.fanOutId);
  }

  async show(fanOutId: string): Promise<vscode.TextEditor> {
    let doc = await vscode.workspace.openTextDocument(reportUri(fanOutId));
    if (doc.languageId !== 'markdown') doc = await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    return vscode.window.showTextDocument(doc, { preview: true });
  }
}
