// A stand-in agent for the generic Command agent: its one argument is `<tool> <out file> [json
// arguments]`; it starts `agent-affinity mcp` as an MCP client does, passing its own environment
// on (the socket and the tokens Agent Affinity gave this session's run), calls the tool and writes
// the result to the file. Anything else (a handed-off task, say) it ignores.
import { writeFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SERVER_COMMAND } from './mcpProcesses';

async function main(): Promise<void> {
  const m = /^(known_fixes|record_fix|context_budget|who_holds|context_pack|route|hand_off) (\/\S+)(?: (\{[\s\S]*\}))?$/.exec(
    process.argv[2] ?? '',
  );
  if (!m) return;
  const [, tool = '', out = '', json] = m;
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const client = new Client({ name: 'client-agent', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: SERVER_COMMAND.command, args: SERVER_COMMAND.args, env, stderr: 'pipe' }));
  const result = await client.callTool({ name: tool, arguments: json ? (JSON.parse(json) as Record<string, unknown>) : {} });
  writeFileSync(out, JSON.stringify(result));
  await client.close();
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`client agent: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
