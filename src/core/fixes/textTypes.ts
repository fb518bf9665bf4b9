// Editor-neutral text positions, ranges, edits and diagnostics (0-based, LSP-shaped, without importing LSP).

export interface TextPosition {
  readonly line: number;
  readonly character: number;
}

export interface TextRange {
  readonly start: TextPosition;
  readonly end: TextPosition;
}

export interface TextEdit {
  readonly range: TextRange;
  readonly newText: string;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'information' | 'hint';

/** One diagnostic as the editor reports it. */
export interface DiagnosticInfo {
  readonly message: string;
  readonly range: TextRange;
  readonly source?: string | undefined;
  readonly code?: string | number | undefined;
  /** Missing means error. */
  readonly severity?: DiagnosticSeverity | undefined;
}
