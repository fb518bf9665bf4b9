// Token counts of the open documents the budget has counted, kept current from LSP change events:
// each ranged change goes to the chunked counter's edit path (only the chunks it touches are
// re-encoded); a full-text change, a change that cannot be applied exactly, a missed version or a
// length that disagrees with the editor's document falls back to a whole-text `setText`. Either way
// the count equals a from-scratch chunked count of the document's text.
import type { DocumentChange, OpenDocument, OpenDocuments, TextChange } from '../workspace/openDocuments';
import { IncrementalTokenDocument, type CountFn } from './incrementalDocument';

export interface DocumentCountStats {
  /** Change events applied edit by edit. */
  incremental: number;
  /** Change events that carried the whole text (no range). */
  fullText: number;
  /** Change events that could not be replayed and were recounted from the document's text. */
  fallbacks: number;
}

interface Entry {
  doc: IncrementalTokenDocument;
  version: number;
}

export class OpenDocumentCounts {
  private readonly entries = new Map<string, Entry>();
  private readonly counts: DocumentCountStats = { incremental: 0, fullText: 0, fallbacks: 0 };

  /** `count` must be usable synchronously for as long as documents are tracked. */
  constructor(private readonly count: CountFn) {}

  /** Follows the documents' changes and closes; returns what stops following them. */
  listen(documents: OpenDocuments): { dispose(): void } {
    const subs = [
      documents.onDidChange((document, change) => this.changed(document, change)),
      documents.onDidClose((document) => this.entries.delete(document.uri)),
    ];
    return { dispose: () => subs.forEach((s) => s.dispose()) };
  }

  /** Tokens of a tracked document; undefined when it is not tracked. */
  tokens(uri: string): number | undefined {
    return this.entries.get(uri)?.doc.tokens;
  }

  /** Starts tracking a document from its current text; returns its tokens. */
  open(document: OpenDocument): number {
    const doc = new IncrementalTokenDocument(this.count, document.getText());
    this.entries.set(document.uri, { doc, version: document.version });
    return doc.tokens;
  }

  /** The chunked document behind a tracked URI (for tests and diagnostics). */
  document(uri: string): IncrementalTokenDocument | undefined {
    return this.entries.get(uri)?.doc;
  }

  stats(): DocumentCountStats {
    return { ...this.counts };
  }

  clear(): void {
    this.entries.clear();
  }

  /** Brings a tracked document to `document`'s version, replaying `changes` when they follow on. */
  changed(document: OpenDocument, changes: DocumentChange | undefined): void {
    const entry = this.entries.get(document.uri);
    if (!entry) return;
    try {
      const text = document.getText();
      const replayed = changes?.fromVersion === entry.version ? replay(entry.doc, changes.changes) : 'failed';
      if (replayed === 'failed' || entry.doc.length !== text.length) {
        entry.doc.setText(text);
        this.counts.fallbacks++;
      } else {
        this.counts[replayed]++;
      }
      entry.version = document.version;
    } catch {
      this.entries.delete(document.uri); // counted afresh on next use
    }
  }
}

function replay(doc: IncrementalTokenDocument, changes: readonly TextChange[]): 'incremental' | 'fullText' | 'failed' {
  let result: 'incremental' | 'fullText' = 'incremental';
  for (const c of changes) {
    if ('range' in c) {
      if (!doc.tryApplyEdit({ start: c.range.start, end: c.range.end, text: c.text }, c.rangeLength)) return 'failed';
    } else {
      doc.setText(c.text);
      result = 'fullText';
    }
  }
  return result;
}
