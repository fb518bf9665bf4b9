// File arguments of commands: a Uri or a path given by a caller (tests, keybindings, the dashboard)
// skips the dialog; the save dialog for JSON exports starts in the first workspace folder.
import * as vscode from 'vscode';

/** A Uri, a `file:`/scheme URI string or a plain path; undefined for anything else. */
export function toUri(v: unknown): vscode.Uri | undefined {
  if (v instanceof vscode.Uri) return v;
  if (typeof v === 'string' && v.length > 0) return v.includes('://') || v.startsWith('file:') ? vscode.Uri.parse(v) : vscode.Uri.file(v);
  return undefined;
}

export function jsonSaveOptions(title: string, name: string): vscode.SaveDialogOptions {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return { title, saveLabel: 'Export', filters: { JSON: ['json'] }, ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}) };
}
