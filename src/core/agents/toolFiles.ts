// Which files a tool call reads or edits, from the tool's name and input, for the session's
// working set. Covers Claude Code's and Gemini CLI's file tools; unknown tools touch no files.
import type { FileAccess, ToolFileRef } from './agentEvents';
import { asArray, asString, type JsonObject } from './jsonFields';

const toolAccess: Record<string, { access: FileAccess; keys: string[]; listKeys?: string[] }> = {
  // Claude Code
  Read: { access: 'read', keys: ['file_path'] },
  NotebookRead: { access: 'read', keys: ['notebook_path'] },
  Write: { access: 'edit', keys: ['file_path'] },
  Edit: { access: 'edit', keys: ['file_path'] },
  MultiEdit: { access: 'edit', keys: ['file_path'] },
  NotebookEdit: { access: 'edit', keys: ['notebook_path'] },
  // Gemini CLI
  read_file: { access: 'read', keys: ['absolute_path', 'file_path', 'path'] },
  read_many_files: { access: 'read', keys: [], listKeys: ['paths'] },
  write_file: { access: 'edit', keys: ['file_path', 'absolute_path', 'path'] },
  replace: { access: 'edit', keys: ['file_path', 'absolute_path', 'path'] },
  edit: { access: 'edit', keys: ['file_path', 'absolute_path', 'path'] },
};

export function toolFiles(toolName: string, input: JsonObject): ToolFileRef[] {
  const spec = toolAccess[toolName];
  if (!spec) return [];
  const out: ToolFileRef[] = [];
  for (const key of spec.keys) {
    const p = asString(input[key]);
    if (p) {
      out.push({ path: p, access: spec.access });
      break;
    }
  }
  for (const key of spec.listKeys ?? []) {
    for (const item of asArray(input[key])) {
      const p = asString(item);
      if (p) out.push({ path: p, access: spec.access });
    }
  }
  return out;
}
