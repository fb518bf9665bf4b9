// Renders agent events as readable transcript text (for a live transcript document or a log).
import type { AgentEvent } from './agentEvents';

/** ` · $0.0123`, or ` · ~$0.0123 (list price)` when only an estimate is known. */
function cost(exact: number | undefined, estimated: number | undefined): string {
  if (exact !== undefined) return ` · $${exact.toFixed(4)}`;
  return estimated !== undefined ? ` · ~$${estimated.toFixed(4)} (list price)` : '';
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}… (${s.length - max} more characters)` : s;
}

/** One event as text, or undefined for events a reader does not need (usage, raw). */
export function formatAgentEvent(ev: AgentEvent, maxResult = 2_000): string | undefined {
  switch (ev.type) {
    case 'init':
      return `── ${ev.model ?? 'agent'} · conversation ${ev.conversationId}${ev.cwd ? ` · ${ev.cwd}` : ''}`;
    case 'text':
      return ev.isSidechain ? `  (subagent) ${ev.text}` : ev.text;
    case 'tool_use': {
      const files = ev.files.map((f) => `${f.access === 'edit' ? '✎' : '👁'} ${f.path}`).join(', ');
      return `▶ ${ev.toolName}${files ? ` ${files}` : ` ${clip(JSON.stringify(ev.input), 300)}`}`;
    }
    case 'tool_result':
      return `${ev.isError ? '✖' : '◀'} ${clip(ev.text, maxResult)}`;
    case 'compaction':
      return `── conversation compacted (${ev.trigger}${ev.preTokens !== undefined ? `, ${ev.preTokens} tokens before` : ''})`;
    case 'error':
      return `${ev.transient ? '⚠' : '✖'} ${ev.message}`;
    case 'done':
      return ev.ok ? `── done${cost(ev.costUsd, ev.estimatedCostUsd)}` : `── failed: ${ev.errorMessage ?? 'unknown error'}`;
    case 'permission_request':
      return `? ${ev.toolName} asks for permission${ev.description ? `: ${ev.description}` : ''}`;
    case 'garbage':
      return `(skipped non-JSON output) ${clip(ev.line, 200)}`;
    case 'usage':
    case 'raw':
      return undefined;
  }
}
