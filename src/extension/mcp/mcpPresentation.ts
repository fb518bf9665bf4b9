// The MCP feature in words: the hand-off question the person answers, and what Copy MCP
// Configuration says. No runtime `vscode` import: tested in plain Node.
import type { HandOffQuestion } from '../../protocol/mcp';

const MAX_TASK_SHOWN = 400;

/** "'backend' asks to hand a task to 'frontend': “…”". */
export function handOffQuestionText(q: HandOffQuestion): string {
  const task = q.task.replace(/\s+/g, ' ').trim();
  const shown = task.length > MAX_TASK_SHOWN ? `${task.slice(0, MAX_TASK_SHOWN - 1)}…` : task;
  const chain = Array.isArray(q.chain) ? q.chain : [];
  const through = chain.length > 1 ? ` (handed on through ${chain.map((n) => `'${n}'`).join(' → ')})` : '';
  return `'${q.fromName}' asks to hand a task to '${q.toName}'${through}: “${shown}”`;
}

export function copiedConfigurationText(note: string | undefined): string {
  return `MCP configuration copied: paste it into your MCP client's configuration ("mcpServers"). It reaches this window's orchestrator while the window is open; each window has its own token.${note ? ` Note: ${note}.` : ''}`;
}
