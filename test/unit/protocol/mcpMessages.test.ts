// The MCP boundary's schemas: the socket's messages, each tool's arguments (bounded), the endpoint
// in the start-up options, the settings, the host's hand-off answer; and what the stdio server cuts
// before forwarding (never more than the orchestrator accepts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { boundArgs } from '../../../src/cli/mcp/mcpToolServer';
import { MCP_TOOL_NAMES } from '../../../src/protocol/mcp';
import { parseInitOptions } from '../../../src/protocol/schemas/orchestrator';
import {
  MAX_ERROR_CHARS,
  MAX_PATHS,
  handOffDecision,
  mcpClientMessage,
  mcpServerMessage,
  mcpToolArgs,
  mcpToolSpecs,
} from '../../../src/protocol/schemas/mcp';
import { parseOrchestratorSettings } from '../../../src/protocol/schemas/settings';

const token = 'k'.repeat(43);

describe('MCP socket messages', () => {
  test('a hello and a call are accepted; an unknown tool, a short token or extra types are not', () => {
    assert.equal(mcpClientMessage.safeParse({ type: 'hello', token, sessionToken: token, client: 'x' }).success, true);
    assert.equal(mcpClientMessage.safeParse({ type: 'call', id: 1, tool: 'route', args: { task: 'x' } }).success, true);
    assert.equal(mcpClientMessage.safeParse({ type: 'call', id: 1, tool: 'rm_rf', args: {} }).success, false);
    assert.equal(mcpClientMessage.safeParse({ type: 'hello', token: 'short' }).success, false);
    assert.equal(mcpClientMessage.safeParse({ type: 'call', id: -1, tool: 'route', args: {} }).success, false);
    assert.equal(mcpClientMessage.safeParse({ type: 'welcome' }).success, false);
    assert.equal(mcpServerMessage.safeParse({ type: 'answer', id: 3, text: 'ok' }).success, true);
    assert.equal(mcpServerMessage.safeParse({ type: 'refused', reason: 'wrong token' }).success, true);
  });

  test('every tool has a spec and bounded arguments', () => {
    for (const tool of MCP_TOOL_NAMES) {
      assert.ok(mcpToolSpecs[tool].description.length > 40, tool);
      assert.ok(mcpToolSpecs[tool].description.length < 600, `${tool}: a short description`);
      assert.ok(mcpToolArgs[tool], tool);
    }
    assert.equal(mcpToolArgs.known_fixes.safeParse({ error: 'x'.repeat(MAX_ERROR_CHARS) }).success, true);
    assert.equal(mcpToolArgs.known_fixes.safeParse({ error: 'x'.repeat(MAX_ERROR_CHARS + 1) }).success, false);
    assert.equal(mcpToolArgs.known_fixes.safeParse({ error: '' }).success, false);
    assert.equal(mcpToolArgs.who_holds.safeParse({ paths: Array(MAX_PATHS + 1).fill('a') }).success, false);
    assert.equal(mcpToolArgs.context_pack.safeParse({ task: 'x', max_tokens: 0 }).success, false);
    assert.deepEqual(mcpToolArgs.context_budget.parse(undefined), {});
    assert.equal(mcpToolArgs.context_budget.safeParse({ sneaky: 1 }).success, false);
    assert.equal(mcpToolArgs.hand_off.safeParse({ session: 'B', task: 'x', extra: 1 }).success, true);
  });

  test("what the stdio server forwards always passes the orchestrator's bounds, and says what it cut", () => {
    const huge = 'E'.repeat(1_000_000);
    const known = boundArgs('known_fixes', { error: huge, file: 'f'.repeat(5000) });
    assert.equal(mcpToolArgs.known_fixes.safeParse(known.args).success, true);
    assert.match(known.notes.join(' '), /the error text was 1,000,000 characters: only its first 16,000 were used/);
    const who = boundArgs('who_holds', { paths: [...Array(300).fill('a.ts'), 'x'.repeat(5000)] });
    assert.equal(mcpToolArgs.who_holds.safeParse(who.args).success, true);
    assert.match(who.notes.join(' '), /only the first 200 of 300 paths/);
    const route = boundArgs('route', { task: huge });
    assert.equal(mcpToolArgs.route.safeParse(route.args).success, true);
    const diff = boundArgs('record_fix', { error: 'e', file: 'f', diff: huge });
    assert.equal(
      (diff.args['diff'] as string).length,
      200_001,
      "one more than a fix may hold: refused by the store's own rule, with its message",
    );
  });
});

describe('the endpoint in the start-up options, and the settings', () => {
  const base = { extensionVersion: '1', globalStorageDir: '/g', trusted: true, workspaceFolders: ['/w'], settings: {} };

  test('a well-formed endpoint is kept; a malformed one means no MCP server, never a failed start', () => {
    const mcp = { socketPath: '/s/a.sock', token, server: { command: '/n', args: ['cli.js', 'mcp'], env: { ELECTRON_RUN_AS_NODE: '1' } } };
    assert.deepEqual(parseInitOptions({ ...base, mcp }).mcp, mcp);
    assert.equal(parseInitOptions({ ...base, mcp: { ...mcp, token: 'short' } }).mcp, undefined);
    assert.equal(parseInitOptions({ ...base, mcp: { ...mcp, server: { ...mcp.server, env: { 'BAD NAME': 'x' } } } }).mcp, undefined);
    assert.equal('mcp' in parseInitOptions(base), false);
  });

  test('settings: the server on, hand-offs off, depth 3 by default; bad values fall back field by field', () => {
    assert.deepEqual(parseOrchestratorSettings({}).mcp, { enabled: true, handOff: false, handOffMaxDepth: 3 });
    assert.deepEqual(parseOrchestratorSettings({ mcp: { enabled: false, handOff: 'yes', handOffMaxDepth: 99 } }).mcp, {
      enabled: false,
      handOff: false,
      handOffMaxDepth: 10,
    });
  });

  test("the host's hand-off answer: anything but { allow: true } refuses", () => {
    assert.deepEqual(handOffDecision.parse({ allow: true }), { allow: true });
    assert.deepEqual(handOffDecision.parse({ allow: 'yes' }), { allow: false });
    assert.deepEqual(handOffDecision.parse(undefined), { allow: false });
  });
});
