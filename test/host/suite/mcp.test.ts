// The MCP server inside a real VS Code: where the MCP API exists (stable since VS Code 1.101; 1.100
// has it under its earlier contribution name, which package.json declares too) the provider is
// registered and lists Agent Affinity's server; on an older VS Code nothing is registered and
// nothing throws. Either way the server as listed (the bundled CLI, the window's socket and token) answers
// from this window's orchestrator, through the official SDK's client over stdio.
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as vscode from 'vscode';
import { getApi, getExtension, healthWhenReady } from './support';

function hasMcpApi(): boolean {
  const api = vscode as unknown as { lm?: { registerMcpServerDefinitionProvider?: unknown }; McpStdioServerDefinition?: unknown };
  return typeof api.lm?.registerMcpServerDefinitionProvider === 'function' && typeof api.McpStdioServerDefinition === 'function';
}

describe('MCP server', function () {
  this.timeout(120_000);

  it(`is registered with VS Code's MCP API where it exists (${vscode.version}), and lists the server`, async () => {
    const api = await getApi();
    const { registered, definitions } = api.mcpServers();
    assert.equal(registered, hasMcpApi(), `registered: ${registered}, VS Code ${vscode.version} has the MCP API: ${hasMcpApi()}`);
    assert.equal(definitions.length, 1, 'one server in a trusted workspace');
    const [d] = definitions;
    assert.equal(d?.label, 'Agent Affinity');
    assert.equal(d?.command, process.execPath);
    assert.deepEqual(d?.args.slice(-1), ['mcp']);
    assert.ok(d?.args[0]?.startsWith(getExtension().extensionPath), d?.args[0]);
    assert.ok(d?.env.AGENT_AFFINITY_MCP_SOCKET, 'the socket');
    assert.match(d?.env.AGENT_AFFINITY_MCP_TOKEN ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.equal(d?.version, getExtension().packageJSON.version);
  });

  it("the server as listed answers from this window's orchestrator", async () => {
    const api = await getApi();
    await healthWhenReady(api);
    const [d] = api.mcpServers().definitions;
    assert.ok(d);
    const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const client = new Client({ name: 'host-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: d.command, args: d.args, env: { ...env, ...d.env }, stderr: 'pipe' }));
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), [
        'context_budget',
        'context_pack',
        'hand_off',
        'known_fixes',
        'record_fix',
        'route',
        'who_holds',
      ]);
      const result = (await client.callTool({ name: 'context_budget', arguments: {} })) as {
        content: { text?: string }[];
        isError?: boolean;
      };
      const text = result.content.map((c) => c.text ?? '').join('\n');
      assert.notEqual(result.isError, true, text);
      assert.match(text, /You are not an Agent Affinity session/);
    } finally {
      await client.close();
    }
  });
});
