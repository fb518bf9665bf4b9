// The editor's open documents as the core sees them: what the orchestrator learns from document
// sync (LSP), without any LSP type. The server adapts its TextDocuments to this port.

export interface Position {
  line: number;
  character: number;
}

export interface OpenDocument {
  readonly uri: string;
  readonly languageId: string;
  readonly version: number;
  getText(): string;
}

/** One edit of a change: a range replaced by text, or (no range) the whole new text. */
export type TextChange = { range: { start: Position; end: Position }; rangeLength?: number; text: string } | { text: string };

/** The edits that took a document from one version to the next, in order. */
export interface DocumentChange {
  readonly fromVersion: number;
  readonly version: number;
  readonly changes: readonly TextChange[];
}

export interface Subscription {
  dispose(): void;
}

export interface OpenDocuments {
  get(uri: string): OpenDocument | undefined;
  /** The URIs of every open document. */
  keys(): string[];
  onDidOpen(listener: (document: OpenDocument) => void): Subscription;
  /** An edit (not the open itself); `change` is undefined when the edits are not known. */
  onDidChange(listener: (document: OpenDocument, change: DocumentChange | undefined) => void): Subscription;
  onDidClose(listener: (document: OpenDocument) => void): Subscription;
}
