// The real Codex CLI (node_modules) takes the MCP server as Agent Affinity's Codex runs declare it:
// `codex mcp list --json` with the run's `-c mcp_servers.…` overrides lists the server with its
// command, arguments, fixed variables and the names of the variables it passes on (the tokens stay
// in the run's environment, never on the command line).
// Run: node --import tsx --import ./test/support/guards/outsideReads.mjs --test <this file>
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { CodexAdapter } from '../../../src/core/agents/codexAdapter';
import { realCodexPath } from '../../support/mockOpenAI/codexEnv';
import { SERVER_COMMAND } from '../../support/mcp/mcpProcesses';

const run = promisify(execFile);

test("Codex lists Agent Affinity's server from a run's -c overrides", { timeout: 60_000 }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'aa-codex-mcp-'));
  try {
    const forwardEnv = ['AGENT_AFFINITY_MCP_SOCKET', 'AGENT_AFFINITY_MCP_TOKEN', 'AGENT_AFFINITY_SESSION_TOKEN'];
    const spec = new CodexAdapter().commandFor({
      text: 'task',
      cwd: home,
      mcpServer: {
        name: 'agent-affinity',
        command: SERVER_COMMAND.command,
        args: SERVER_COMMAND.args,
        env: { ELECTRON_RUN_AS_NODE: '1' },
        forwardEnv,
      },
    });
    const overrides = spec.args.filter((a, i) => a === '-c' || spec.args[i - 1] === '-c');
    const { stdout } = await run(realCodexPath, [...overrides, 'mcp', 'list', '--json'], {
      cwd: home,
      env: { PATH: process.env.PATH ?? '', HOME: home, CODEX_HOME: home },
    });
    const listed = (JSON.parse(stdout) as { name: string; enabled: boolean; transport: Record<string, unknown> }[]).find(
      (s) => s.name === 'agent-affinity',
    );
    assert.ok(listed, stdout);
    assert.equal(listed.enabled, true);
    assert.deepEqual(listed.transport, {
      type: 'stdio',
      command: SERVER_COMMAND.command,
      args: SERVER_COMMAND.args,
      env: { ELECTRON_RUN_AS_NODE: '1' },
      env_vars: forwardEnv,
      cwd: null,
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
