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

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '// This proposal is no longer available: run "Agent Affinity: Consolidate Permissions…" again.\n';
  }
}
