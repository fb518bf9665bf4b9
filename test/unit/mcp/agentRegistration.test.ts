// How a session's agent gets the MCP server: the session manager hands each run its tokens and the
// server; Claude Code gets `--mcp-config` and its tools allowed, Codex `-c mcp_servers.…` (names of
// the variables to pass on, never their values). Task text stays after `--`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AgentTaskRequest, McpServerSpec } from '../../../src/core/agents/agentAdapter';
import { ClaudeAdapter, claudeMcpConfig } from '../../../src/core/agents/claudeAdapter';
import { CodexAdapter, codexMcpOverrides } from '../../../src/core/agents/codexAdapter';
import { CommandAdapter } from '../../../src/core/agents/commandAdapter';
import { SessionManager } from '../../../src/core/sessions/sessionManager';
import { InMemorySessionRepository } from '../../../src/core/sessions/sessionRepository';

const server: McpServerSpec = {
  name: 'agent-affinity',
  command: 'C:\\Program Files\\Code\\Code.exe',
  args: ['/ext "quoted"/dist/cli.js', 'mcp'],
  env: { ELECTRON_RUN_AS_NODE: '1' },
  forwardEnv: ['AGENT_AFFINITY_MCP_SOCKET', 'AGENT_AFFINITY_MCP_TOKEN', 'AGENT_AFFINITY_SESSION_TOKEN'],
};

describe('registering the MCP server on an agent command line', () => {
  test('Claude Code: --mcp-config with the server and mcp__agent-affinity allowed beside the allow list; the task stays after --', () => {
    const spec = new ClaudeAdapter().commandFor({ text: '--help', cwd: '/w', allowedTools: ['Read'], mcpServer: server });
    assert.ok(spec.args.includes('--allowedTools=Read,mcp__agent-affinity'), spec.args.join(' '));
    const config = spec.args.find((a) => a.startsWith('--mcp-config='))?.slice('--mcp-config='.length);
    assert.deepEqual(JSON.parse(config ?? ''), {
      mcpServers: { 'agent-affinity': { type: 'stdio', command: server.command, args: server.args, env: server.env } },
    });
    assert.deepEqual(spec.args.slice(-2), ['--', '--help']);
    const live = new ClaudeAdapter().longLivedCommand({ cwd: '/w', mcpServer: server });
    assert.ok(live.args.includes(`--mcp-config=${claudeMcpConfig(server)}`));
    assert.ok(live.args.includes('--allowedTools=mcp__agent-affinity'));
    const without = new ClaudeAdapter().commandFor({ text: 'x', cwd: '/w' });
    assert.ok(!without.args.some((a) => a.includes('mcp')));
  });

  test('Codex: -c overrides in TOML (command, args, fixed env, env_vars by name) before the task', () => {
    const spec = new CodexAdapter().commandFor({ text: '-rf', cwd: '/w', mcpServer: server });
    const overrides = codexMcpOverrides(server);
    assert.deepEqual(overrides, [
      '-c',
      'mcp_servers.agent-affinity.command="C:\\\\Program Files\\\\Code\\\\Code.exe"',
      '-c',
      'mcp_servers.agent-affinity.args=["/ext \\"quoted\\"/dist/cli.js","mcp"]',
      '-c',
      'mcp_servers.agent-affinity.env={ELECTRON_RUN_AS_NODE="1"}',
      '-c',
      'mcp_servers.agent-affinity.env_vars=["AGENT_AFFINITY_MCP_SOCKET","AGENT_AFFINITY_MCP_TOKEN","AGENT_AFFINITY_SESSION_TOKEN"]',
    ]);
    const at = spec.args.indexOf('-c');
    assert.deepEqual(spec.args.slice(at, at + overrides.length), overrides);
    assert.deepEqual(spec.args.slice(-2), ['--', '-rf']);
    assert.throws(() => codexMcpOverrides({ ...server, forwardEnv: ['-x'] }), /Invalid variable name/);
  });

  test("the session manager gives every run its session's variables and the server; a failing provider leaves the run without them", async () => {
    const requests: AgentTaskRequest[] = [];
    let fail = false;
    const m = new SessionManager({
      repository: new InMemorySessionRepository(),
      adapters: { command: new CommandAdapter('echo') },
      env: { command: { USER_VAR: 'kept' } },
      runMcp: (s) => {
        if (fail) throw new Error('no');
        return { env: { AGENT_AFFINITY_SESSION_TOKEN: `token-of-${s.name}` }, server };
      },
      createDriver: () => ({
        warm: false,
        stop: async () => undefined,
        runTask: (req) => {
          requests.push(req);
          return {
            pid: undefined,
            stop: async () => undefined,
            outcome: Promise.resolve({ ok: true, exitCode: 0, signal: null, garbageLines: 0, durationMs: 1 }),
          };
        },
      }),
    });
    const a = m.createSession({ name: 'a', agent: 'command', folder: '/w' });
    await m.waitForTask(m.sendTask(a.id, { text: 'one' }).id);
    fail = true;
    await m.waitForTask(m.sendTask(a.id, { text: 'two' }).id);
    assert.deepEqual(requests[0]?.env, { USER_VAR: 'kept', AGENT_AFFINITY_SESSION_TOKEN: 'token-of-a' });
    assert.deepEqual(requests[0]?.mcpServer, server);
    assert.deepEqual(requests[1]?.env, { USER_VAR: 'kept' });
    assert.equal(requests[1]?.mcpServer, undefined);
    await m.dispose();
  });
});
