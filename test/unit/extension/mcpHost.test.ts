// The MCP server on the host, in plain Node: the window's endpoint (a socket in the storage folder,
// private to the user, or a private temporary folder when that path is too long; a pipe on
// Windows), the server as a process and as other clients' JSON, the provider registered only where
// VS Code has the API, and the hand-off question's words.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { McpProviderId } from '../../../src/extension/contributions';
import { MAX_SOCKET_PATH_BYTES, windowEndpoint } from '../../../src/extension/mcp/mcpEndpoint';
import { handOffQuestionText } from '../../../src/extension/mcp/mcpPresentation';
import { registerMcpProvider, type McpDefinition } from '../../../src/extension/mcp/mcpProvider';
import { mcpConfigurationJson, serverCommand, serverEnvironment } from '../../../src/extension/mcp/mcpServerDefinition';

function withTemp(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'aa-mcp-host-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the window endpoint', () => {
  test('a socket in the storage folder, in a folder only the user may enter; a fresh 32-byte token per window', () => {
    withTemp((dir) => {
      const a = windowEndpoint(dir);
      const b = windowEndpoint(dir);
      assert.match(a.socketPath, new RegExp(`^${join(dir, 'mcp')}/[0-9a-f]{12}\\.sock$`));
      assert.equal(statSync(join(dir, 'mcp')).mode & 0o777, 0o700);
      assert.match(a.token, /^[A-Za-z0-9_-]{43}$/);
      assert.notEqual(a.token, b.token);
      assert.notEqual(a.socketPath, b.socketPath);
      assert.equal(a.note, undefined);
    });
  });

  test('too long a storage path for a Unix socket: a private temporary folder, said why, removed on dispose', () => {
    withTemp((dir) => {
      const deep = join(dir, 'x'.repeat(120));
      const tmp = join(dir, 'tmp');
      mkdirSync(tmp);
      const e = windowEndpoint(deep, { tmp });
      assert.ok(Buffer.byteLength(e.socketPath) <= MAX_SOCKET_PATH_BYTES);
      assert.ok(e.socketPath.startsWith(join(tmp, 'aa-mcp-')));
      const folder = join(e.socketPath, '..');
      assert.equal(statSync(folder).mode & 0o777, 0o700);
      assert.match(e.note ?? '', /too long for a Unix socket \(\d+ bytes; at most 100\)/);
      e.dispose();
      assert.equal(existsSync(folder), false);
    });
  });

  test('Windows: a named pipe', () => {
    const e = windowEndpoint('C:\\Users\\me\\AppData\\Code\\storage', { platform: 'win32' });
    assert.match(e.socketPath, /^\\\\\.\\pipe\\agent-affinity-mcp-[0-9a-f]{12}$/);
  });
});

describe('the server definition', () => {
  test('Electron runs as Node on the bundled CLI; the JSON for other clients carries the socket and the token', () => {
    const electron = serverCommand('/ext', '/opt/Code/code', true);
    assert.deepEqual(electron, {
      command: '/opt/Code/code',
      args: [join('/ext', 'dist', 'cli.js'), 'mcp'],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    assert.deepEqual(serverCommand('/ext', '/usr/bin/node', false).env, {});
    const endpoint = { socketPath: '/s/a.sock', token: 't'.repeat(43) };
    assert.deepEqual(serverEnvironment(electron, endpoint), {
      ELECTRON_RUN_AS_NODE: '1',
      AGENT_AFFINITY_MCP_SOCKET: '/s/a.sock',
      AGENT_AFFINITY_MCP_TOKEN: 't'.repeat(43),
    });
    assert.deepEqual(JSON.parse(mcpConfigurationJson(electron, endpoint)), {
      mcpServers: {
        'agent-affinity': {
          type: 'stdio',
          command: '/opt/Code/code',
          args: ['/ext/dist/cli.js', 'mcp'],
          env: serverEnvironment(electron, endpoint),
        },
      },
    });
  });
});

describe('the provider registration', () => {
  test("package.json declares the provider under VS Code's contribution point (and 1.100's earlier name)", () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: Record<string, { id: string; label: string }[] | undefined>;
    };
    for (const point of ['mcpServerDefinitionProviders', 'modelContextServerCollections'])
      assert.deepEqual(manifest.contributes[point], [{ id: McpProviderId, label: 'Agent Affinity' }], point);
  });

  const def: McpDefinition = { label: 'Agent Affinity', command: '/n', args: ['c', 'mcp'], env: { A: '1' }, version: '1.0.0' };
  const event = (): { dispose(): void } => ({ dispose: () => undefined });

  test('an older VS Code (no lm.registerMcpServerDefinitionProvider): nothing registered, nothing thrown, a line in the log', () => {
    const logs: string[] = [];
    assert.equal(
      registerMcpProvider(
        { lm: {} },
        'id',
        () => [def],
        event,
        (m) => logs.push(m),
      ),
      undefined,
    );
    assert.equal(
      registerMcpProvider(
        {},
        'id',
        () => [def],
        event,
        (m) => logs.push(m),
      ),
      undefined,
    );
    assert.match(logs[0] ?? '', /no MCP server API/);
  });

  test('a VS Code that refuses: nothing thrown', () => {
    const logs: string[] = [];
    const api = {
      lm: {
        registerMcpServerDefinitionProvider: () => {
          throw new Error('not declared');
        },
      },
      McpStdioServerDefinition: class {},
    };
    assert.equal(
      registerMcpProvider(
        api,
        'id',
        () => [def],
        event,
        (m) => logs.push(m),
      ),
      undefined,
    );
    assert.match(logs[0] ?? '', /refused the MCP server provider: not declared/);
  });

  test('a VS Code with the API lists the server as a stdio definition, and nothing while it is not offered', () => {
    class Stdio {
      constructor(
        readonly label: string,
        readonly command: string,
        readonly args?: string[],
        readonly env?: Record<string, string>,
        readonly version?: string,
      ) {}
    }
    let provider:
      { provideMcpServerDefinitions(t: unknown): unknown[]; resolveMcpServerDefinition?(s: unknown, t: unknown): unknown } | undefined;
    let registeredId = '';
    const api = {
      lm: {
        registerMcpServerDefinitionProvider: (id: string, p: typeof provider) => {
          registeredId = id;
          provider = p;
          return { dispose: () => undefined };
        },
      },
      McpStdioServerDefinition: Stdio,
    };
    let offered = [def];
    const d = registerMcpProvider(
      api,
      'agentAffinity.mcpServers',
      () => offered,
      event,
      () => undefined,
    );
    assert.ok(d);
    assert.equal(registeredId, 'agentAffinity.mcpServers');
    const listed = provider?.provideMcpServerDefinitions(undefined) as Stdio[];
    assert.deepEqual(
      listed.map((s) => ({ ...s })),
      [{ label: 'Agent Affinity', command: '/n', args: ['c', 'mcp'], env: { A: '1' }, version: '1.0.0' }],
    );
    assert.equal(provider?.resolveMcpServerDefinition?.(listed[0], undefined), listed[0]);
    offered = [];
    assert.deepEqual(provider?.provideMcpServerDefinitions(undefined), []);
    assert.equal(provider?.resolveMcpServerDefinition?.(listed[0], undefined), undefined, 'not started once off');
  });
});

describe('the hand-off question', () => {
  test('names both sessions, the chain and the task (cut)', () => {
    const text = handOffQuestionText({
      fromName: 'B',
      toName: 'C',
      toSessionId: 's-c',
      task: `write\n  the docs ${'x'.repeat(500)}`,
      chain: ['A', 'B'],
    });
    assert.match(text, /^'B' asks to hand a task to 'C' \(handed on through 'A' → 'B'\): “write the docs x+…”$/);
    assert.ok(text.length < 520);
    assert.equal(
      handOffQuestionText({ fromName: 'A', toName: 'B', toSessionId: 's', task: 'go', chain: ['A'] }),
      "'A' asks to hand a task to 'B': “go”",
    );
  });
});
