// Read-only documents the extension writes for the user to read (a routing explanation, a fan-out
// report, a context pack, a learned fix's diff): one content provider under one scheme, so they never become Untitled documents that
// ask to be saved on close. The last few texts are kept; an older one says it is no longer kept.
import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';

export const READ_ONLY_SCHEME = 'agent-affinity-report';
/** Texts kept for their documents (the oldest is forgotten first). */
const MAX_DOCUMENTS = 20;

/** The read-only document URI of a name (`fan-out-<id>.md`, `routing-<id>.md`); unsafe characters become `-`. */
export function readOnlyUri(name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: READ_ONLY_SCHEME, path: `/${name.replace(/[^\w.-]+/g, '-')}` });
}

export class ReadOnlyDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, this));
  }

  /** Keeps `text` as the document `name` (an open one refreshes) and returns its URI. */
  set(name: string, text: string): vscode.Uri {
    const uri = readOnlyUri(name);
    const before = this.texts.get(uri.path);
    this.texts.delete(uri.path);
    this.texts.set(uri.path, text);
    while (this.texts.size > MAX_DOCUMENTS) {
      const oldest = this.texts.keys().next();
      if (oldest.done) break;
      this.texts.delete(oldest.value);
    }
    if (before !== undefined && before !== text) this.changed.fire(uri);
    return uri;
  }

  /** Opens the document `name` (kept with set()) in a preview editor, as Markdown unless told otherwise. */
  async show(name: string, language = 'markdown', options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
    let doc = await vscode.workspace.openTextDocument(readOnlyUri(name));
    if (doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
    return vscode.window.showTextDocument(doc, { preview: true, ...options });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '# No longer kept\n\nOnly the last documents of this window are kept: run the command again.\n';
  }
}
