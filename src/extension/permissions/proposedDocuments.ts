// Read-only documents holding a consolidation's proposed file texts, the right side of the
// `vscode.diff` the Consolidate Permissions command opens. A rescan updates open diffs in place.
import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';

export const PROPOSED_SCHEME = 'agent-affinity-proposed';

/** The proposed-text URI of a file: same path (so the language is the file's), own scheme. */
export function proposedUri(path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: vscode.Uri.file(path).path, query: 'proposed' });
}

export class ProposedDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, this));
    // Claude's settings files are JSON with comments: show the proposal without false errors.
    this._register(
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (doc.uri.scheme === PROPOSED_SCHEME && doc.languageId === 'json') void vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
      }),
    );
  }

  /** Sets a file's proposed text; open documents showing it refresh. */
  set(path: string, text: string): vscode.Uri {
    const uri = proposedUri(path);
    const key = uri.toString();
    if (this.texts.get(key) !== text) {
      this.texts.set(key, text);
      this.changed.fire(uri);
    }
    return uri;
  }

  /** Sets the consolidation report (a read-only Markdown document, never dirty, nothing to save). */
  setReport(text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: '/Permission Consolidation Report.md', query: 'report' });
    const key = uri.toString();
    if (this.texts.get(key) !== text) {
      this.texts.set(key, text);
      this.changed.fire(uri);
    }
    return uri;
  }

  /** Closes the diffs showing these files' proposals (they are stale once applied). */
  async closeDiffs(paths: string[]): Promise<void> {
    const wanted = new Set(paths.map((p) => proposedUri(p).toString()));
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputTextDiff && wanted.has(t.input.modified.toString()));
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.texts.get(uri.toString()) ?? '// This proposal is no longer available: run "Agent Affinity: Consolidate Permissions…" again.\n'
    );
  }
}
