// Drives the orchestrator's open documents as an editor's LSP client would, without a connection:
// didOpen / didChange / didClose notifications go straight to the handlers `TextDocuments.listen`
// registers. `EditorBuffer` is the editor's side: it makes incremental change events (LSP
// positions over `\n` and `\r\n` line ends, as VS Code sends them) and keeps the text they imply.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { OpenDocuments } from '../../src/core/workspace/openDocuments';
import { createTextDocuments } from '../../src/server/documentSync';
import { openDocumentsPort } from '../../src/server/openDocumentsPort';

type Handler = (params: unknown) => void;

export interface LspDocumentsDriver {
  documents: TextDocuments<TextDocument>;
  /** The same documents as the core sees them (the orchestrator's port). */
  port: OpenDocuments;
  open(uri: string, text: string, version?: number, languageId?: string): void;
  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): void;
  close(uri: string): void;
}

export function lspDocuments(documents: TextDocuments<TextDocument> = createTextDocuments()): LspDocumentsDriver {
  const handlers = new Map<string, Handler>();
  const register = (name: string) => (h: Handler) => {
    handlers.set(name, h);
    return { dispose: () => handlers.delete(name) };
  };
  const fake = {
    onDidOpenTextDocument: register('open'),
    onDidChangeTextDocument: register('change'),
    onDidCloseTextDocument: register('close'),
    onWillSaveTextDocument: register('willSave'),
    onWillSaveTextDocumentWaitUntil: register('willSaveWaitUntil'),
    onDidSaveTextDocument: register('save'),
  };
  const port = openDocumentsPort(documents);
  documents.listen(fake as unknown as Connection);
  const send = (name: string, params: unknown): void => {
    const h = handlers.get(name);
    if (!h) throw new Error(`no ${name} handler`);
    h(params);
  };
  return {
    documents,
    port,
    open: (uri, text, version = 1, languageId = 'typescript') => send('open', { textDocument: { uri, languageId, version, text } }),
    change: (uri, version, contentChanges) => send('change', { textDocument: { uri, version }, contentChanges }),
    close: (uri) => send('close', { textDocument: { uri } }),
  };
}

export interface Position {
  line: number;
  character: number;
}

/** The editor's copy of a document; each edit returns the LSP change event it makes. */
export class EditorBuffer {
  constructor(public text: string) {}

  /** LSP position of a UTF-16 offset (line breaks: `\r\n` and `\n`; never inside a `\r\n`). */
  positionAt(offset: number): Position {
    let line = 0;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      if (this.text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    const character = offset - lineStart;
    return { line, character: this.text[offset - 1] === '\r' && this.text[offset] === '\n' ? character - 1 : character };
  }

  /** An offset moved off the middle of a `\r\n`. */
  snap(offset: number): number {
    const o = Math.max(0, Math.min(offset, this.text.length));
    return this.text[o - 1] === '\r' && this.text[o] === '\n' ? o - 1 : o;
  }

  /** Replaces [start, end) with `text`; returns the ranged change event (with `rangeLength`, as VS Code sends). */
  replace(start: number, end: number, text: string): TextDocumentContentChangeEvent {
    const s = this.snap(Math.min(start, end));
    const e = this.snap(Math.max(start, end));
    const change = { range: { start: this.positionAt(s), end: this.positionAt(e) }, rangeLength: e - s, text };
    this.text = this.text.slice(0, s) + text + this.text.slice(e);
    return change;
  }

  /** Replaces the whole text; returns the full-text change event. */
  setText(text: string): TextDocumentContentChangeEvent {
    this.text = text;
    return { text };
  }
}
