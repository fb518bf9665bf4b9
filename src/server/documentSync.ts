// The orchestrator's open documents (LSP incremental sync). Each document's last content changes are
// kept beside it, so a feature can replay them (the budget's incremental token count) instead of
// re-reading the whole text on every keystroke. Every other consumer sees plain `TextDocuments`.
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

/** The changes of one `didChange` notification, in order, and the versions before and after them. */
export interface ContentChanges {
  readonly fromVersion: number;
  readonly version: number;
  readonly changes: readonly TextDocumentContentChangeEvent[];
}

const lastChanges = new WeakMap<TextDocument, ContentChanges>();

/** `TextDocuments` whose updates also record their content changes for `contentChangesOf`. */
export function createTextDocuments(): TextDocuments<TextDocument> {
  return new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) => TextDocument.create(uri, languageId, version, content),
    update: (document, changes, version) => {
      const fromVersion = document.version;
      const updated = TextDocument.update(document, changes, version);
      lastChanges.set(updated, { fromVersion, version, changes });
      return updated;
    },
  });
}

/**
 * The changes that brought the document to its current version; undefined when unknown (a document
 * just opened, or one from a `TextDocuments` not made by `createTextDocuments`).
 */
export function contentChangesOf(document: TextDocument): ContentChanges | undefined {
  const c = lastChanges.get(document);
  return c?.version === document.version ? c : undefined;
}
