// The MCP server on the host, in plain Node: the window's endpoint (a socket in the storage folder,
// private to the user, or a private temporary folder when that path is too long; a pipe on
// Windows), the server as a process and as other clients' JSON, the provider VS Code is given
// (and one it refuses), and the hand-off question's words.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type * as vscode from 'vscode';
import { McpProviderId } from '../../../src/extension/contributions';
import { MAX_SOCKET_PATH_BYTES, windowEndpoint } from '../../../src/extension/mcp/mcpEndpoint';
import { handOffQuestionText } from '../../../src/extension/mcp/mcpPresentation';
import { registerMcpProvider, type McpApi, type McpDefinition } from '../../../src/extension/mcp/mcpProvider';
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
  test("package.json declares the provider under VS Code's contribution point, and nothing under 1.100's earlier name", () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: Record<string, { id: string; label: string }[] | undefined>;
    };
    assert.deepEqual(manifest.contributes.mcpServerDefinitionProviders, [{ id: McpProviderId, label: 'Agent Affinity' }]);
    assert.equal(manifest.contributes.modelContextServerCollections, undefined, 'VS Code 1.101 renamed it; engines.vscode is past that');
  });

  const def: McpDefinition = { label: 'Agent Affinity', command: '/n', args: ['c', 'mcp'], env: { A: '1' }, version: '1.0.0' };
  const event = (): vscode.Disposable => ({ dispose: () => undefined });

  /** VS Code's stdio definition as the API declares it. */
  class Stdio {
    declare cwd?: vscode.Uri;
    args: string[];
    env: Record<string, string | number | null>;
    version?: string;
    constructor(
      readonly label: string,
      public command: string,
      args?: string[],
      env?: Record<string, string | number | null>,
      version?: string,
    ) {
      this.args = args ?? [];
      this.env = env ?? {};
      if (version !== undefined) this.version = version;
    }
  }

  /** A VS Code that keeps the provider it is given, and what it was told. */
  function fakeVscode(refuse?: Error): { api: McpApi; id(): string; provider(): vscode.McpServerDefinitionProvider } {
    let registered: { id: string; provider: vscode.McpServerDefinitionProvider } | undefined;
    return {
      api: {
        lm: {
          registerMcpServerDefinitionProvider: (id, provider) => {
            if (refuse) throw refuse;
            registered = { id, provider };
            return { dispose: () => undefined };
          },
        },
        McpStdioServerDefinition: Stdio,
      },
      id: () => registered?.id ?? '',
      provider: () => {
        assert.ok(registered, 'a provider was registered');
        return registered.provider;
      },
    };
  }

  const token: vscode.CancellationToken = { isCancellationRequested: false, onCancellationRequested: event };

  test('a VS Code that refuses (a provider id missing from package.json, a fork without the API): nothing thrown, a line in the log', () => {
    const logs: string[] = [];
    const vs = fakeVscode(new Error('not declared'));
    assert.equal(
      registerMcpProvider(
        vs.api,
        'id',
        () => [def],
        event,
        (m) => logs.push(m),
      ),
      undefined,
    );
    assert.match(logs[0] ?? '', /refused the MCP server provider: not declared/);
  });

  test('VS Code lists the server as a stdio definition while it is offered, and starts it only then', async () => {
    const vs = fakeVscode();
    const asked: string[] = [];
    let offered = [def];
    const d = registerMcpProvider(
      vs.api,
      'agentAffinity.mcpServers',
      () => offered,
      event,
      () => undefined,
      { provided: (n) => asked.push(`provided ${n}`), resolved: (label, started) => asked.push(`resolved ${label} ${started}`) },
    );
    assert.ok(d);
    assert.equal(vs.id(), 'agentAffinity.mcpServers');
    const provider = vs.provider();
    const listed = (await provider.provideMcpServerDefinitions(token)) ?? [];
    assert.ok(listed[0] instanceof Stdio);
    assert.deepEqual(
      listed.map((s) => ({ ...s })),
      [{ label: 'Agent Affinity', command: '/n', args: ['c', 'mcp'], env: { A: '1' }, version: '1.0.0' }],
    );
    assert.equal(await provider.resolveMcpServerDefinition?.(listed[0], token), listed[0]);
    assert.equal(await provider.resolveMcpServerDefinition?.(new Stdio('Another', '/x'), token), undefined, 'not a server of ours');
    offered = [];
    assert.deepEqual(await provider.provideMcpServerDefinitions(token), []);
    assert.equal(await provider.resolveMcpServerDefinition?.(listed[0], token), undefined, 'not started once off');
    assert.deepEqual(asked, [
      'provided 1',
      'resolved Agent Affinity true',
      'resolved Another false',
      'provided 0',
      'resolved Agent Affinity false',
    ]);
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
