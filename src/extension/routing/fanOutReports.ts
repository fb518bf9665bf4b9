// Finished fan-outs: a notification with the counts and a "Show Report" action opening the full
// combined report as a read-only Markdown document (`agent-affinity-report:/fan-out-<id>.md`).
import * as vscode from 'vscode';
import type { ReadOnlyDocuments } from '../documents/readOnlyDocuments';

export interface FinishedFanOut {
  fanOutId: string;
  text: string;
  /** Markdown; older orchestrators sent only `text`. */
  report?: string;
  succeeded: number;
  failed: number;
}

export class FanOutReports {
  constructor(private readonly documents: ReadOnlyDocuments) {}

  /** Keeps the report and tells the user, with the action that opens it. */
  async finished(p: FinishedFanOut): Promise<void> {
    this.documents.set(reportName(p.fanOutId), p.report ?? `# Fan-out\n\n${p.text}\n`);
    const show = p.failed > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const picked = await show(`Agent Affinity: fan-out finished: ${p.succeeded} succeeded, ${p.failed} failed.`, 'Show Report');
    if (picked === 'Show Report') await this.show(p.fanOutId);
  }

  async show(fanOutId: string): Promise<vscode.TextEditor> {
    return this.documents.show(reportName(fanOutId));
  }
}

function reportName(fanOutId: string): string {
  return `fan-out-${fanOutId}.md`;
}
