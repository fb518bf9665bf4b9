// Conversions between the wire (LSP diagnostics, the protocol's fix views) and the fixes core.
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { DiagnosticInfo, DiagnosticSeverity, FixRecord } from '../../core/fixes';
import { summarizeFix } from '../../core/fixes';
import type { FixDetailView, FixSummaryView, WireDiagnostic } from '../../protocol/fixes';

const LSP_SEVERITY: Readonly<Record<number, DiagnosticSeverity>> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const SEVERITIES: readonly DiagnosticSeverity[] = ['error', 'warning', 'information', 'hint'];

function isPosition(v: unknown): v is { line: number; character: number } {
  const p = v as { line?: unknown; character?: unknown } | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    (p.line as number) >= 0 &&
    (p.character as number) >= 0
  );
}

/** A forwarded diagnostic, validated (the host is trusted, but a malformed one must not throw). */
export function fromWireDiagnostic(raw: unknown): DiagnosticInfo | undefined {
  const d = raw as Partial<WireDiagnostic> | null;
  if (typeof d !== 'object' || d === null || typeof d.message !== 'string' || typeof d.range !== 'object' || d.range === null)
    return undefined;
  if (!isPosition(d.range.start) || !isPosition(d.range.end)) return undefined;
  const severity = SEVERITIES.includes(d.severity as DiagnosticSeverity) ? (d.severity as DiagnosticSeverity) : 'error';
  return {
    message: d.message,
    range: { start: { ...d.range.start }, end: { ...d.range.end } },
    ...(typeof d.source === 'string' ? { source: d.source } : {}),
    ...(typeof d.code === 'string' || typeof d.code === 'number' ? { code: d.code } : {}),
    severity,
  };
}

/** An LSP diagnostic (from a code action request's context) as the core sees it. */
export function fromLspDiagnostic(d: Diagnostic): DiagnosticInfo {
  const code = typeof d.code === 'string' || typeof d.code === 'number' ? d.code : undefined;
  return {
    message: typeof d.message === 'string' ? d.message : d.message.value,
    range: d.range,
    ...(d.source !== undefined ? { source: d.source } : {}),
    ...(code !== undefined ? { code } : {}),
    severity: d.severity !== undefined ? (LSP_SEVERITY[d.severity] ?? 'error') : 'error',
  };
}

export function toWireDiagnostic(d: DiagnosticInfo): WireDiagnostic {
  return {
    message: d.message,
    range: { start: { ...d.range.start }, end: { ...d.range.end } },
    ...(d.source !== undefined ? { source: d.source } : {}),
    ...(d.code !== undefined ? { code: d.code } : {}),
    severity: d.severity ?? 'error',
  };
}

/** The file path for a `file:` URI (the URI itself for other schemes or bad input). */
export function uriToPath(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

export function fixSummaryView(r: FixRecord): FixSummaryView {
  const s = summarizeFix(r);
  return { ...s, counts: { ...s.counts } };
}

export function fixDetailView(r: FixRecord): FixDetailView {
  return {
    ...fixSummaryView(r),
    message: r.message,
    normalized: r.signature.normalized,
    diff: r.diff,
    ...(r.file !== undefined ? { file: r.file } : {}),
    ...(r.sessionId !== undefined ? { sessionId: r.sessionId } : {}),
    ...(r.taskId !== undefined ? { taskId: r.taskId } : {}),
    history: r.history.map((h) => ({ at: h.at, event: h.event })),
  };
}
