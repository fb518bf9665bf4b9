// The MCP server over stdio with the official SDK's client, against a running orchestrator: every
// tool's schema and answer; the socket private to the user; a wrong token, a missing hello and no
// orchestrator at all; a 1 MB error text; and concurrent calls from four sessions' agents, each told
// its own budget. Run: node --import tsx --import ./test/support/guards/outsideReads.mjs --test <this file>
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { exportFixes } from '../../../src/core/fixes/fixTransfer';
import { createFixRecord } from '../../../src/core/fixes/fixRecord';
import { ImportFixesRequest, ListFixesRequest } from '../../../src/protocol/fixes';
import { MetricsRequest } from '../../../src/protocol/metrics';
import { HealthRequest } from '../../../src/protocol/orchestrator';
import { CreateSessionRequest, ListSessionsRequest, SendTaskRequest } from '../../../src/protocol/sessions';
import { DEFAULT_SETTINGS, SettingsNotification } from '../../../src/protocol/settings';
import { closeLeftRunning, type OrchestratorUnderTest } from '../../support/orchestratorProcess';
import {
  REPO,
  TSX_LOADER,
  isError,
  mcpClient,
  resultText,
  serverEnv,
  startMcpOrchestrator,
  type McpOrchestrator,
} from '../../support/mcp/mcpProcesses';

const TS_ERROR = "Cannot find name 'fetchUser'.";
const FIX_DIFF = "--- a/src/user.ts\n+++ b/src/user.ts\n@@ -1,1 +1,1 @@\n-const u = fetchUser(id);\n+import { fetchUser } from './api';\n";
const CLIENT_AGENT = `"${process.execPath}" --import "${TSX_LOADER}" "${join(REPO, 'test', 'support', 'mcp', 'mcpClientAgent.ts')}" {task}`;

async function until<T>(get: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('agent-affinity mcp over stdio, against a running orchestrator', { timeout: 180_000 }, () => {
  const started: OrchestratorUnderTest[] = [];
  const clients: Client[] = [];
  let w: McpOrchestrator;
  let client: Client;

  before(async () => {
    w = await startMcpOrchestrator(started, { commandLine: CLIENT_AGENT, maxParallelSessions: 4 });
    const fix = createFixRecord({
      error: { message: TS_ERROR, source: 'ts', code: 2304, file: 'src/user.ts' },
      diff: FIX_DIFF,
      origin: 'manual',
      now: Date.now(),
    });
    const report = await w.o.request(ImportFixesRequest, { text: JSON.stringify(exportFixes([fix], Date.now())) });
    assert.equal(report.added, 1, JSON.stringify(report));
    client = await mcpClient(serverEnv(w.endpoint));
    clients.push(client);
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await w?.close().catch(() => undefined);
    await closeLeftRunning(started);
  });

  test('the socket is private to the user', () => {
    assert.equal(statSync(w.endpoint.socketPath).mode & 0o777, 0o600);
    assert.equal(statSync(join(w.endpoint.socketPath, '..')).mode & 0o777, 0o700);
  });

  test('lists the seven tools, each with its JSON schema and a description', async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    const required: Record<string, string[]> = {
      known_fixes: ['error'],
      record_fix: ['error', 'file', 'diff'],
      context_budget: [],
      who_holds: ['paths'],
      context_pack: ['task', 'max_tokens'],
      route: ['task'],
      hand_off: ['session', 'task'],
    };
    assert.deepEqual([...byName.keys()].sort(), Object.keys(required).sort());
    for (const [name, fields] of Object.entries(required)) {
      const t = byName.get(name);
      assert.equal(t?.inputSchema.type, 'object', name);
      assert.deepEqual([...(t?.inputSchema.required ?? [])].sort(), [...fields].sort(), name);
      assert.ok((t?.description ?? '').length > 40, name);
    }
    assert.equal((byName.get('known_fixes')?.inputSchema.properties?.['page'] as { type?: string } | undefined)?.type, 'integer');
    assert.equal(byName.get('known_fixes')?.annotations?.readOnlyHint, true);
    assert.equal(byName.get('record_fix')?.annotations?.readOnlyHint, false);
  });

  test('every tool answers', async () => {
    const known = await client.callTool({ name: 'known_fixes', arguments: { error: `src/other.ts(3,5): error TS2304: ${TS_ERROR}` } });
    assert.equal(isError(known), false, resultText(known));
    assert.ok(resultText(known).includes("+import { fetchUser } from './api';"), resultText(known));

    const recorded = await client.callTool({
      name: 'record_fix',
      arguments: {
        error: 'TypeError: x is not a function',
        file: 'src/x.ts',
        diff: '--- a/src/x.ts\n+++ b/src/x.ts\n@@ -1,1 +1,1 @@\n-x();\n+x?.();\n',
        note: 'call it only when set',
      },
    });
    assert.equal(isError(recorded), false, resultText(recorded));
    const list = await w.o.request(ListFixesRequest, { text: 'call it only when set' });
    assert.equal(list.items[0]?.origin, 'agent-reported');

    const budget = await client.callTool({ name: 'context_budget', arguments: {} });
    assert.match(resultText(budget), /You are not an Agent Affinity session/);

    const holds = await client.callTool({ name: 'who_holds', arguments: { paths: ['src/user.ts'] } });
    assert.match(resultText(holds), /src\/user\.ts: no session holds it/);

    writeFileSync(join(w.workspace, 'notes.md'), '# Notes\n\nThe API lives in src/api.ts.\n');
    const pack = await client.callTool({ name: 'context_pack', arguments: { task: 'update notes.md', max_tokens: 2000 } });
    assert.match(resultText(pack), /1 file for the workspace/);
    assert.match(resultText(pack), /notes\.md: \d+ tokens; named in the task/);

    await w.o.request(CreateSessionRequest, { name: 'docs', agent: 'command', folder: w.workspace });
    const routed = await client.callTool({ name: 'route', arguments: { task: 'write the release notes' } });
    assert.match(resultText(routed), /^Choice: /);
    assert.match(resultText(routed), /Nothing was sent\.$/);

    const handOff = await client.callTool({ name: 'hand_off', arguments: { session: 'docs', task: 'write the release notes' } });
    assert.equal(isError(handOff), true);
    assert.match(resultText(handOff), /agentAffinity\.mcp\.handOff/);
    await w.o.connection.sendNotification(SettingsNotification.method, {
      ...DEFAULT_SETTINGS,
      commandLine: CLIENT_AGENT,
      maxParallelSessions: 4,
      mcp: { ...DEFAULT_SETTINGS.mcp, handOff: true },
    });
    await w.o.request(HealthRequest, undefined); // after the settings, in order
    const handed = await client.callTool({ name: 'hand_off', arguments: { session: 'docs', task: 'write the release notes' } });
    assert.equal(isError(handed), false, resultText(handed));
    assert.match(resultText(handed), /Handed to "docs" as task t-\w+/);
    assert.equal(w.handOffQuestions.length, 1, 'the host was asked');
  });

  test('a wrong token is refused, so is a client that does not say hello; the orchestrator carries on', async () => {
    const wrong = await mcpClient(serverEnv({ socketPath: w.endpoint.socketPath, token: 'x'.repeat(43) }));
    clients.push(wrong);
    const r = await wrong.callTool({ name: 'route', arguments: { task: 'anything' } });
    assert.equal(isError(r), true);
    assert.match(resultText(r), /refused this server: wrong token/);
    const raw = await new Promise<string>((resolve) => {
      const s = createConnection(w.endpoint.socketPath);
      let got = '';
      s.on('data', (d) => (got += d.toString()));
      s.on('close', () => resolve(got));
      s.on('connect', () => s.write(`${JSON.stringify({ type: 'call', id: 1, tool: 'route', args: { task: 'x' } })}\n`));
    });
    assert.deepEqual(JSON.parse(raw), { type: 'refused', reason: 'the first message must be a hello with the window token' });
    const junk = await new Promise<string>((resolve) => {
      const s = createConnection(w.endpoint.socketPath);
      let got = '';
      s.on('data', (d) => (got += d.toString()));
      s.on('close', () => resolve(got));
      s.on('connect', () => s.write('not json at all\n'));
    });
    assert.match(junk, /"refused"/);
    await w.o.request(HealthRequest, undefined);
  });

  test('without an orchestrator every tool result says so, and nothing crashes', async () => {
    const none = await mcpClient(serverEnv({ socketPath: join(w.root, 'nobody', 'here.sock'), token: w.endpoint.token }));
    const bare = await mcpClient(serverEnv(undefined));
    clients.push(none, bare);
    for (const [c, pattern] of [
      [none, /orchestrator is not running for this window \(nothing listens on .*here\.sock\)/],
      [bare, /started without AGENT_AFFINITY_MCP_SOCKET/],
    ] as const) {
      for (const name of ['known_fixes', 'context_budget']) {
        const r = await c.callTool({ name, arguments: name === 'known_fixes' ? { error: 'boom' } : {} });
        assert.equal(isError(r), true);
        assert.match(resultText(r), pattern);
      }
    }
    // Still there: the next call says the same.
    const again = await none.callTool({ name: 'route', arguments: { task: 'x' } });
    assert.match(resultText(again), /not running/);
  });

  test('a 1 MB error text is cut, not crashed on', async () => {
    const huge = `src/user.ts(3,5): error TS2304: ${TS_ERROR}\n${'    at frame (node:internal/x:1:1)\n'.repeat(30_000)}`.slice(
      0,
      1_000_000,
    );
    assert.equal(huge.length, 1_000_000);
    const r = await client.callTool({ name: 'known_fixes', arguments: { error: huge } });
    assert.equal(isError(r), false, resultText(r));
    assert.ok(resultText(r).includes("+import { fetchUser } from './api';"), 'the start of the text still finds the fix');
    assert.match(resultText(r), /the error text was 1,000,000 characters: only its first 16,000 were used/);
    assert.ok(resultText(r).length < 10_000);
    await w.o.request(HealthRequest, undefined);
  });

  test("four sessions' agents call at the same time; each is told its own budget, and the metrics count the calls per session", async () => {
    const names = ['one', 'two', 'three', 'four'];
    const sessions = await Promise.all(
      names.map((name) => w.o.request(CreateSessionRequest, { name, agent: 'command', folder: w.workspace })),
    );
    const outs = names.map((n) => join(w.root, `${n}.json`));
    await Promise.all(sessions.map((s, i) => w.o.request(SendTaskRequest, { sessionId: s.session.id, text: `context_budget ${outs[i]}` })));
    const results = await Promise.all(
      outs.map((out) =>
        until(() => {
          try {
            return JSON.parse(readFileSync(out, 'utf8')) as unknown;
          } catch {
            return undefined;
          }
        }, `${out} written`),
      ),
    );
    results.forEach((r, i) => {
      assert.equal(isError(r), false, resultText(r));
      assert.match(resultText(r), new RegExp(`^Session "${names[i]}" \\(command\\)`), resultText(r));
    });
    // Concurrent calls on one connection too.
    const parallel = await Promise.all(names.map((n) => client.callTool({ name: 'route', arguments: { task: `task ${n}` } })));
    for (const p of parallel) assert.match(resultText(p), /Nothing was sent/);
    const metrics = await until(async () => {
      const m = await w.o.request(MetricsRequest, undefined);
      return sessions.every((s) => m.tools.some((t) => t.sessionId === s.session.id && t.tool === 'context_budget' && t.calls === 1))
        ? m
        : undefined;
    }, 'tool calls per session in the metrics');
    assert.ok(metrics.tools.some((t) => t.sessionId === '' && t.tool === 'route' && t.calls >= 5));
    const listed = await w.o.request(ListSessionsRequest, undefined);
    assert.equal(listed.filter((s) => names.includes(s.name)).length, 4);
  });
});
