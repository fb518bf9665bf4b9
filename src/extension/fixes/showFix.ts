// "Show learned fix": opens the fix's diff (with the error it fixes and its record) in a read-only
// diff document beside the code it was offered for.
import * as vscode from 'vscode';
import type { FixDetailView, ShowFixParams } from '../../protocol/fixes';
import type { ReadOnlyDocuments } from '../documents/readOnlyDocuments';

export function fixDocumentText(fix: FixDetailView): string {
  const rate = Math.round(fix.successRate * 100);
  const header = [
    `# Learned fix: ${fix.title}`,
    `# Error: ${fix.message.split(/\r?\n/)[0] ?? ''}`,
    `# ${fix.language} · ${fix.source || 'no source'}${fix.code ? ` ${fix.code}` : ''} · learned from ${fix.origin}${fix.file ? ` in ${fix.file}` : ''}`,
    `# Applied ${fix.counts.applied}× · worked ${fix.counts.succeeded}× · failed ${fix.counts.failed}× (${rate}% estimated success)`,
    '',
  ];
  return `${header.join('\n')}${fix.diff}${fix.diff.endsWith('\n') ? '' : '\n'}`;
}

export async function showFix(documents: ReadOnlyDocuments, params: ShowFixParams): Promise<void> {
  const name = `learned-fix-${params.fix.id}.diff`;
  documents.set(name, fixDocumentText(params.fix));
  await documents.show(name, 'diff', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
}
