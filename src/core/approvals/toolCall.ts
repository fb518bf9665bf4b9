// The tool call an agent asked about, in the permission engine's terms (core/permissions ToolCall):
// Claude Code's tool input (`command`, `file_path`, `url`, `subagent_type`…) read into the fields
// rules are matched on. A relative path is taken from the session's folder.
import { isAbsolute, resolve } from 'node:path';
import type { ToolCall } from '../permissions/types';

const PATH_KEYS = ['file_path', 'notebook_path', 'path'] as const;
const FILE_TOOLS = new Set(['Read', 'Edit', 'Write', 'MultiEdit', 'NotebookEdit', 'NotebookRead']);

function text(input: Record<string, unknown>, key: string): string | undefined {
  const v = input[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function toolCallOf(toolName: string, input: Record<string, unknown>, folder?: string): ToolCall {
  if (toolName === 'Bash' || toolName === 'PowerShell') {
    const command = text(input, 'command');
    return command !== undefined ? { tool: toolName, command } : { tool: toolName };
  }
  if (FILE_TOOLS.has(toolName)) {
    for (const key of PATH_KEYS) {
      const p = text(input, key);
      if (p === undefined) continue;
      return { tool: toolName, path: isAbsolute(p) || folder === undefined ? p : resolve(folder, p) };
    }
    return { tool: toolName };
  }
  if (toolName === 'WebFetch') {
    const url = text(input, 'url');
    return url !== undefined ? { tool: toolName, url } : { tool: toolName };
  }
  if (toolName === 'Task' || toolName === 'Agent') {
    const name = text(input, 'subagent_type');
    return name !== undefined ? { tool: toolName, name } : { tool: toolName };
  }
  if (toolName === 'Skill') {
    const name = text(input, 'skill') ?? text(input, 'command');
    return name !== undefined ? { tool: toolName, name } : { tool: toolName };
  }
  return { tool: toolName };
}
