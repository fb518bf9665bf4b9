// The orchestrator's TextDocuments (LSP document sync) as the core's OpenDocuments port: the open's
// own content event is not reported as a change, and each change carries its recorded edits.
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentChange, OpenDocument, OpenDocuments, Subscription } from '../core/workspace/openDocuments';
import { contentChangesOf } from './documentSync';

type ChangeListener = (document: OpenDocument, change: DocumentChange | undefined) => void;

export function openDocumentsPort(documents: TextDocuments<TextDocument>): OpenDocuments {
  /** Versions just opened: their first content event is the open, not an edit. */
  const opening = new Map<string, number>();
  const changeListeners = new Set<ChangeListener>();
  documents.onDidOpen((e) => opening.set(e.document.uri, e.document.version));
  documents.onDidClose((e) => opening.delete(e.document.uri));
  documents.onDidChangeContent((e) => {
    const opened = opening.get(e.document.uri) === e.document.version;
    opening.delete(e.document.uri);
    if (opened) return;
    const change = contentChangesOf(e.document);
    for (const l of [...changeListeners]) l(e.document, change);
  });
  const subscribe = (listener: ChangeListener): Subscription => {
    changeListeners.add(listener);
    return { dispose: () => changeListeners.delete(listener) };
  };
  return {
    get: (uri) => documents.get(uri),
    keys: () => documents.keys(),
    onDidOpen: (listener) => documents.onDidOpen((e) => listener(e.document)),
    onDidChange: subscribe,
    onDidClose: (listener) => documents.onDidClose((e) => listener(e.document)),
  };
}
