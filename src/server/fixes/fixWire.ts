// Conversions between the wire (LSP diagnostics, the protocol's fix views) and the fixes core.
import type { Diagnostic } from 'vscode-languageserver/node';
import type { DiagnosticInfo, DiagnosticSeverity } from '../../core/fixes/textTypes';
import type { FixRecord } from '../../core/fixes/fixRecord';
import { summarizeFix } from '../../core/fixes/fixQueries';
import type { FixDetailView, FixSummaryView, WireDiagnostic } from '../../protocol/fixes';

const LSP_SEVERITY: Readonly<Record<number, DiagnosticSeverity>> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

/** A forwarded diagnostic (already checked against its schema at the boundary). */
export function fromWireDiagnostic(d: WireDiagnostic): DiagnosticInfo {
  return {
    message: d.message,
    range: { start: { ...d.range.start }, end: { ...d.range.end } },
    ...(d.source !== undefined ? { source: d.source } : {}),
    ...(d.code !== undefined ? { code: d.code } : {}),
    severity: d.severity,
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
