// The MCP server inside a real VS Code (1.103 and later have the MCP API, stable since 1.101): the
// provider is registered and VS Code asks it for the servers; VS Code starts the listed server
// (resolving it through the provider first) and offers its tools through its own API,
// `vscode.lm.tools` / `vscode.lm.invokeTool`, as it offers them to its agent mode; and the server as
// listed (the bundled CLI, the window's socket and token) answers from this window's orchestrator
// through the official SDK's client over stdio.
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as vscode from 'vscode';
import { EXTENSION_ID, getApi, getExtension, healthWhenReady, waitFor } from './support';

const SERVER_LABEL = 'Agent Affinity';
/** The id VS Code gives a server an extension's provider lists: the extension's id and the label. */
const SERVER_ID = `${EXTENSION_ID}/${SERVER_LABEL}`;
const TOOLS = ['context_budget', 'context_pack', 'hand_off', 'known_fixes', 'record_fix', 'route', 'who_holds'];

/** The tools VS Code offers from an MCP server (it names them mcp_<server>_<tool>), by tool name. */
function mcpTools(): Map<string, vscode.LanguageModelToolInformation> {
  const found = new Map<string, vscode.LanguageModelToolInformation>();
  for (const tool of vscode.lm.tools) {
    if (!tool.tags.includes('mcp')) continue;
    const name = TOOLS.find((t) => tool.name.endsWith(`_${t}`));
    if (name) found.set(name, tool);
  }
  return found;
}

/**
 * Starts the server as the MCP servers view's Start action does (VS Code's own command). VS Code
 * takes a provider's servers into its registry a moment after the provider answers, so the command
 * is repeated until VS Code has resolved the server through the provider.
 */
async function startServer(api: Awaited<ReturnType<typeof getApi>>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!api.mcpServers().resolved.some((r) => r.label === SERVER_LABEL)) {
    if (Date.now() > deadline)
      throw new Error(`VS Code never resolved '${SERVER_ID}' through the provider (asked for the list ${api.mcpServers().provided} times)`);
    await vscode.commands.executeCommand('workbench.mcp.startServer', SERVER_ID, { waitForLiveTools: true });
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('MCP server', function () {
  this.timeout(120_000);

  it(`is registered with VS Code ${vscode.version}'s MCP API, which asks it for the servers`, async () => {
    const api = await getApi();
    const { registered, definitions } = api.mcpServers();
    assert.equal(registered, true, `VS Code ${vscode.version} did not take the provider (see the Agent Affinity log)`);
    await waitFor('VS Code to ask the provider for its servers', () => api.mcpServers().provided > 0);
    assert.equal(definitions.length, 1, 'one server in a trusted workspace');
    const [d] = definitions;
    assert.equal(d?.label, SERVER_LABEL);
    assert.equal(d?.command, process.execPath);
    assert.deepEqual(d?.args.slice(-1), ['mcp']);
    assert.ok(d?.args[0]?.startsWith(getExtension().extensionPath), d?.args[0]);
    assert.ok(d?.env.AGENT_AFFINITY_MCP_SOCKET, 'the socket');
    assert.match(d?.env.AGENT_AFFINITY_MCP_TOKEN ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.equal(d?.version, getExtension().packageJSON.version);
  });

  it("VS Code starts the listed server and offers its tools, which answer from this window's orchestrator", async () => {
    const api = await getApi();
    await healthWhenReady(api);
    try {
      await startServer(api);
      assert.deepEqual(
        api.mcpServers().resolved.find((r) => r.label === SERVER_LABEL),
        { label: SERVER_LABEL, started: true },
        'resolved before starting, and allowed to start',
      );
      await waitFor("the server's tools in vscode.lm.tools", () => mcpTools().size === TOOLS.length, 30_000);
      assert.deepEqual([...mcpTools().keys()].sort(), TOOLS);
      const budget = mcpTools().get('context_budget');
      assert.ok(budget);
      const result = await vscode.lm.invokeTool(budget.name, { input: {}, toolInvocationToken: undefined });
      const text = result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('\n');
      assert.match(text, /You are not an Agent Affinity session/);
    } finally {
      await vscode.commands.executeCommand('workbench.mcp.stopServer', SERVER_ID);
    }
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
      assert.deepEqual(tools.map((t) => t.name).sort(), TOOLS);
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
