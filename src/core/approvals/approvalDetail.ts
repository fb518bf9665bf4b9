// What a tool call the agent asks permission for would do, in one short line for a notification:
// the command for a shell tool, the path for a file tool, the URL or query for web tools.
import { isAbsolute } from 'node:path';
import { pathBelow } from '../workspace/paths';

const MAX = 160;

const keysByTool: Record<string, readonly string[]> = {
  Bash: ['command'],
  Write: ['file_path'],
  Edit: ['file_path'],
  MultiEdit: ['file_path'],
  Read: ['file_path'],
  NotebookEdit: ['notebook_path'],
  NotebookRead: ['notebook_path'],
  WebFetch: ['url'],
  WebSearch: ['query'],
  Glob: ['pattern'],
  Grep: ['pattern'],
  LS: ['path'],
  Task: ['description'],
};

const pathKeys = new Set(['file_path', 'notebook_path', 'path']);

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX ? `${flat.slice(0, MAX - 1)}…` : flat;
}

/** `folder`-relative when the path is inside it, as written otherwise. */
function shownPath(p: string, folder: string | undefined): string {
  if (!folder || !isAbsolute(p)) return p;
  return pathBelow(folder, p) ?? p;
}

/** One line describing the call; the agent's own description or the input's JSON when the tool is unknown. */
export function permissionDetail(toolName: string, input: Record<string, unknown>, folder?: string, agentDescription?: string): string {
  for (const key of keysByTool[toolName] ?? ['command', 'file_path', 'path', 'url']) {
    const v = input[key];
    if (typeof v === 'string' && v.trim()) return oneLine(pathKeys.has(key) ? shownPath(v, folder) : v);
  }
  if (agentDescription?.trim()) return oneLine(agentDescription);
  let json: string;
  try {
    json = JSON.stringify(input) ?? '';
  } catch {
    json = '';
  }
  return json && json !== '{}' ? oneLine(json) : '(no input)';
}
