// The MCP side of `agent-affinity mcp`: the official SDK's server with Agent Affinity's tools (each
// with its JSON schema and a description a model reads), every call bounded (long texts cut, with
// a note in the answer) and forwarded to the window's orchestrator, whose answer is the result.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { MCP_SERVER_NAME, MCP_TOOL_NAMES, type McpToolName } from '../../protocol/mcp';
import { MAX_DIFF_CHARS, MAX_ERROR_CHARS, MAX_PATHS, MAX_TASK_CHARS, mcpToolSpecs } from '../../protocol/schemas/mcp';
import type { LinkAnswer } from './orchestratorLink';

/** What the server forwards calls to (the orchestrator link; tests may pass their own). */
export interface ToolCaller {
  call(tool: McpToolName, args: unknown): Promise<LinkAnswer>;
}

const INSTRUCTIONS = [
  'Agent Affinity runs several coding-agent sessions side by side in VS Code and remembers what they learn. Its tools answer from that memory:',
  '- known_fixes: before fixing a compiler, linter or test error yourself, ask whether a fix was learned for it (by any session).',
  '- record_fix: after a change fixed an error, report it so that other sessions get the fix.',
  '- context_budget: how full your own context window is. who_holds: which sessions already hold files in context. context_pack: the files that matter for a task within a budget. route: which session a task belongs to.',
  '- hand_off: ask another session to do a task (the user confirms it).',
].join('\n');

/** Cuts what the orchestrator would refuse for its length; notes what was cut. */
export function boundArgs(tool: McpToolName, raw: Record<string, unknown>): { args: Record<string, unknown>; notes: string[] } {
  const notes: string[] = [];
  const args = { ...raw };
  const cut = (key: string, max: number, what: string): void => {
    const v = args[key];
    if (typeof v === 'string' && v.length > max) {
      args[key] = v.slice(0, max);
      notes.push(`(${what} was ${v.length.toLocaleString('en-US')} characters: only its first ${max.toLocaleString('en-US')} were used.)`);
    }
  };
  if (tool === 'known_fixes' || tool === 'record_fix') cut('error', MAX_ERROR_CHARS, 'the error text');
  if (tool === 'record_fix') cut('diff', MAX_DIFF_CHARS, 'the diff');
  if (tool === 'record_fix') cut('note', 1000, 'the note');
  if (tool === 'known_fixes') cut('language', 100, 'the language');
  if (tool === 'known_fixes' || tool === 'record_fix') cut('file', 4096, 'the file name');
  if (tool === 'route' || tool === 'context_pack' || tool === 'hand_off') cut('task', MAX_TASK_CHARS, 'the task');
  if (tool === 'hand_off') cut('session', 200, 'the session name');
  if (tool === 'who_holds' && Array.isArray(args['paths'])) {
    const paths = (args['paths'] as unknown[]).filter((p): p is string => typeof p === 'string' && p.length > 0 && p.length <= 4096);
    if (paths.length > MAX_PATHS) notes.push(`(only the first ${MAX_PATHS} of ${paths.length} paths were looked up.)`);
    args['paths'] = paths.slice(0, MAX_PATHS);
  }
  return { args, notes };
}

export function createMcpToolServer(caller: ToolCaller, version: string): McpServer {
  const server = new McpServer({ name: MCP_SERVER_NAME, title: 'Agent Affinity', version }, { instructions: INSTRUCTIONS });
  for (const tool of MCP_TOOL_NAMES) {
    const spec = mcpToolSpecs[tool];
    server.registerTool(
      tool,
      {
        title: spec.title,
        description: spec.description,
        inputSchema: spec.input,
        annotations: { readOnlyHint: spec.readOnly, destructiveHint: false, openWorldHint: false },
      },
      async (input: Record<string, unknown>): Promise<CallToolResult> => {
        const { args, notes } = boundArgs(tool, input ?? {});
        const answer = await caller.call(tool, args);
        const text = notes.length > 0 ? `${answer.text}\n${notes.join('\n')}` : answer.text;
        return { content: [{ type: 'text', text }], ...(answer.isError ? { isError: true } : {}) };
      },
    );
  }
  return server;
}
