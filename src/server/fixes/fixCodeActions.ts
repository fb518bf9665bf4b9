// The code actions learned fixes offer for the diagnostics in a requested range: "Apply learned
// fix: …" with a workspace edit when the fix adapts to this place, else "Show learned fix: …",
// and "Remember fix for this error…" for errors without a learned fix. Pure over its inputs.
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import type { FixMatch, LookupOptions } from '../../core/fixes/fixIndex';
import { adaptLearnedFix } from '../../core/fixes/fixAdaptation';
import { errorSignature } from '../../core/fixes/signature';
import type { ErrorInput } from '../../core/fixes/signature';
import { FixServerCommands, type AppliedFixArgs } from '../../protocol/fixes';
import { fromLspDiagnostic, toWireDiagnostic } from './fixWire';

/** The host command that starts "Remember Fix for This Error" (arguments: uri, diagnostic). */
export const REMEMBER_FIX_COMMAND = 'agentAffinity.rememberFix';

export interface FixLookupLike {
  lookup(error: ErrorInput, options?: LookupOptions): FixMatch[];
}

export interface CodeActionInput {
  readonly uri: string;
  readonly languageId: string;
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly threshold: number;
  /** Fixes offered per diagnostic (default 2). */
  readonly perDiagnostic?: number;
}

export interface PlannedActions {
  readonly actions: CodeAction[];
  /** Ids of the fixes offered, for the "offered" counter. */
  readonly offered: string[];
}

export function planFixCodeActions(store: FixLookupLike, input: CodeActionInput): PlannedActions {
  const actions: CodeAction[] = [];
  const offered: string[] = [];
  const remember: CodeAction[] = [];
  for (const lsp of input.diagnostics) {
    const diagnostic = fromLspDiagnostic(lsp);
    if (diagnostic.severity !== 'error') continue;
    const error: ErrorInput = {
      message: diagnostic.message,
      source: diagnostic.source,
      code: diagnostic.code,
      languageId: input.languageId,
      file: input.uri,
    };
    const matches = store.lookup(error, { limit: input.perDiagnostic ?? 2, threshold: input.threshold });
    for (const [i, match] of matches.entries()) {
      const fix = match.record;
      offered.push(fix.id);
      const adapted = adaptLearnedFix(fix, { documentText: input.text, diagnostic, languageId: input.languageId, file: input.uri });
      if (adapted.ok) {
        const args: AppliedFixArgs = {
          fixId: fix.id,
          uri: input.uri,
          languageId: input.languageId,
          signatureKey: errorSignature(error).key,
          line: diagnostic.range.start.line,
        };
        actions.push({
          title: `Apply learned fix: ${fix.title}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [lsp],
          ...(i === 0 && match.kind === 'exact' ? { isPreferred: true } : {}),
          edit: {
            changes: {
              [input.uri]: adapted.edits.map((e) => ({
                range: { start: { ...e.range.start }, end: { ...e.range.end } },
                newText: e.newText,
              })),
            },
          },
          command: { title: 'Count the learned fix', command: FixServerCommands.applied, arguments: [args] },
        });
      } else {
        actions.push({
          title: `Show learned fix: ${fix.title}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [lsp],
          command: { title: 'Show learned fix', command: FixServerCommands.show, arguments: [{ fixId: fix.id, uri: input.uri }] },
        });
      }
    }
    if (matches.length === 0) {
      remember.push({
        title: 'Remember fix for this error…',
        kind: CodeActionKind.QuickFix,
        diagnostics: [lsp],
        command: {
          title: 'Remember Fix for This Error',
          command: REMEMBER_FIX_COMMAND,
          arguments: [input.uri, toWireDiagnostic(diagnostic)],
        },
      });
    }
  }
  return { actions: [...actions, ...remember], offered };
}
