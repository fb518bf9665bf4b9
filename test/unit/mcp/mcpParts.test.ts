// The MCP server's parts that hold no engine: tokens and their comparison, the socket's line
// framing, answers kept small, hand-off chains, and what an agent run gets to reach the server.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AgentLaunches, type AgentLaunchConfig } from '../../../src/core/mcp/agentLaunch';
import { HandOffChains } from '../../../src/core/mcp/handOffChains';
import { JsonLineReader, jsonLine } from '../../../src/core/mcp/lineFraming';
import { ANSWER_MAX_CHARS, cutText, pageItems } from '../../../src/core/mcp/toolAnswer';
import { SessionTokens, randomToken, sameToken } from '../../../src/core/mcp/tokens';
import { MetricsCollector } from '../../../src/core/metrics/metricsCollector';
import { AgentFixUses } from '../../../src/core/fixes/agentFixUses';

describe('tokens', () => {
  test('random, URL-safe, 32 bytes; compared whole whatever their lengths', () => {
    const a = randomToken();
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a, randomToken());
    assert.equal(sameToken(a, a), true);
    assert.equal(sameToken(a, `${a}x`), false);
    assert.equal(sameToken(a, a.slice(0, -1)), false);
    assert.equal(sameToken('', a), false);
  });

  test('one token per session; a token names its session only; forgotten with the session', () => {
    const t = new SessionTokens();
    const one = t.tokenFor('s-1');
    assert.equal(t.tokenFor('s-1'), one);
    const two = t.tokenFor('s-2');
    assert.equal(t.sessionOf(one), 's-1');
    assert.equal(t.sessionOf(two), 's-2');
    assert.equal(t.sessionOf(randomToken()), undefined);
    t.forget('s-1');
    assert.equal(t.sessionOf(one), undefined);
    assert.notEqual(t.tokenFor('s-1'), one);
  });
});

describe('line framing', () => {
  test('lines split anywhere in the stream come out whole; blank lines are skipped; bad JSON is reported', () => {
    const r = new JsonLineReader(1000);
    const text = `${jsonLine({ a: 1 })}\n${jsonLine({ b: 'é€😀' })}not json\n`;
    const bytes = Buffer.from(text);
    const events = [];
    for (let i = 0; i < bytes.length; i += 3) events.push(...r.feed(bytes.subarray(i, i + 3)));
    assert.deepEqual(events, [
      { kind: 'line', value: { a: 1 } },
      { kind: 'line', value: { b: 'é€😀' } },
      { kind: 'bad', reason: 'a line is not JSON' },
    ]);
  });

  test('a line longer than the bound ends the reading, ended or not', () => {
    const r = new JsonLineReader(100);
    assert.deepEqual(r.feed(Buffer.from('x'.repeat(60))), []);
    assert.deepEqual(r.feed(Buffer.from('x'.repeat(60))), [{ kind: 'bad', reason: 'a line is longer than 100 bytes' }]);
    assert.deepEqual(r.feed(Buffer.from('\n{}\n')), [], 'nothing after the cut');
    const ended = new JsonLineReader(10);
    assert.deepEqual(ended.feed(Buffer.from(`${'"'.repeat(20)}\n`)), [{ kind: 'bad', reason: 'a line is longer than 10 bytes' }]);
  });
});

describe('answers kept small', () => {
  test('cutText says how much was left out and stays within its bound', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), fc.integer({ min: 60, max: 2000 }), (text, max) => {
        const out = cutText(text, max, 'hint');
        assert.ok(out.length <= Math.max(max, text.length <= max ? text.length : max));
        if (text.length > max) assert.match(out, /cut: \d+ more characters; hint\)$/);
        else assert.equal(out, text);
      }),
    );
  });

  test('pages take whole items within the budget, every item on exactly one page, and say when there is more', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 60 }), fc.integer({ min: 200, max: 1500 }), (sizes, budget) => {
        const items = sizes.map((n, i) => `${i}:${'x'.repeat(n)}`);
        const seen: number[] = [];
        for (let page = 1; page <= items.length + 1; page++) {
          const p = pageItems(items, page, (s) => s, budget);
          if (p.shown === 0) {
            assert.match(p.text, /^No more: there are \d+ in all\.$/);
            break;
          }
          for (let k = p.start; k < p.start + p.shown; k++) seen.push(k);
          const body = p.text.replace(/\nmore: .*$/, '');
          assert.ok(p.shown === 1 || body.length <= budget, `page ${page}: ${body.length} > ${budget}`);
          assert.equal(p.more, p.start + p.shown < items.length);
          if (p.more) assert.match(p.text, new RegExp(`more: ${items.length - p.start - p.shown} more; call again with page=${page + 1}$`));
        }
        assert.deepEqual(
          seen,
          items.map((_, i) => i),
        );
      }),
      { numRuns: 100 },
    );
    assert.ok(ANSWER_MAX_CHARS <= 10_000, 'an answer is about 2,000 tokens at most');
  });
});

describe('hand-off chains', () => {
  const names: Record<string, string> = { a: 'A', b: 'B', c: 'C', d: 'D' };
  const nameOf = (id: string): string => names[id] ?? id;

  test('A → B → A is refused; a task the person sent carries no chain; the depth is kept', () => {
    const chains = new HandOffChains();
    const first = chains.check('a', 't-person', 'b', 3, nameOf);
    assert.deepEqual(first, { ok: true, chain: ['a'] });
    chains.record('t-b', ['a']);
    const back = chains.check('b', 't-b', 'a', 3, nameOf);
    assert.equal(back.ok, false);
    assert.match(back.ok ? '' : back.reason, /\("A" → "B" → "A"\)/);
    assert.deepEqual(chains.check('b', 't-b', 'c', 3, nameOf), { ok: true, chain: ['a', 'b'] });
    chains.record('t-c', ['a', 'b']);
    chains.record('t-d', ['a', 'b', 'c']);
    assert.deepEqual(chains.check('d', 't-d', 'x', 4, nameOf), { ok: true, chain: ['a', 'b', 'c', 'd'] });
    const deep = chains.check('d', 't-d', 'x', 3, nameOf);
    assert.match(deep.ok ? '' : deep.reason, /at most 3 deep, and this task was handed on 3 times already/);
    assert.equal(chains.check('a', undefined, 'a', 3, nameOf).ok, false);
    assert.deepEqual(chains.check(undefined, undefined, 'a', 3, nameOf), { ok: true, chain: [] });
  });
});

describe('fixes an agent was given', () => {
  test('offered once per task; applied only when that task succeeds; callers without a task are offered each time', () => {
    const uses = new AgentFixUses();
    assert.deepEqual(uses.given('s', 't1', ['f1', 'f2', 'f1']), ['f1', 'f2']);
    assert.deepEqual(uses.given('s', 't1', ['f2', 'f3']), ['f3']);
    assert.deepEqual(uses.finished('t1', true), ['f1', 'f2', 'f3']);
    assert.deepEqual(uses.finished('t1', true), [], 'once');
    uses.given('s', 't2', ['f1']);
    assert.deepEqual(uses.finished('t2', false), []);
    assert.deepEqual(uses.given(undefined, undefined, ['f1', 'f1']), ['f1']);
    uses.given('gone', 't3', ['f1']);
    uses.forgetSession('gone');
    assert.deepEqual(uses.finished('t3', true), []);
  });
});

describe('what an agent run gets', () => {
  const config: AgentLaunchConfig = {
    name: 'agent-affinity',
    socketPath: '/run/aa/s.sock',
    windowToken: 'w'.repeat(43),
    server: { command: '/usr/bin/node', args: ['/ext/dist/cli.js', 'mcp'], env: { ELECTRON_RUN_AS_NODE: '1' } },
    envNames: { socket: 'AGENT_AFFINITY_MCP_SOCKET', token: 'AGENT_AFFINITY_MCP_TOKEN', session: 'AGENT_AFFINITY_SESSION_TOKEN' },
  };

  test("the socket, the window's token and the session's own token in its environment; the server without secrets", () => {
    const tokens = new SessionTokens();
    const launches = new AgentLaunches(config, tokens);
    const a = launches.forSession({ id: 's-a' });
    const b = launches.forSession({ id: 's-b' });
    assert.equal(a.env.AGENT_AFFINITY_MCP_SOCKET, '/run/aa/s.sock');
    assert.equal(a.env.AGENT_AFFINITY_MCP_TOKEN, config.windowToken);
    assert.equal(tokens.sessionOf(a.env.AGENT_AFFINITY_SESSION_TOKEN ?? ''), 's-a');
    assert.equal(tokens.sessionOf(b.env.AGENT_AFFINITY_SESSION_TOKEN ?? ''), 's-b');
    assert.deepEqual(a.server, {
      name: 'agent-affinity',
      command: '/usr/bin/node',
      args: ['/ext/dist/cli.js', 'mcp'],
      env: { ELECTRON_RUN_AS_NODE: '1' },
      forwardEnv: ['AGENT_AFFINITY_MCP_SOCKET', 'AGENT_AFFINITY_MCP_TOKEN', 'AGENT_AFFINITY_SESSION_TOKEN'],
    });
    assert.ok(!JSON.stringify(a.server).includes(config.windowToken));
  });
});

describe('metrics of tool calls', () => {
  test('calls and errors per caller and tool, forgotten with the session', () => {
    const m = new MetricsCollector({ now: 0 });
    m.recordToolCall({ sessionId: 's-1', tool: 'known_fixes', latencyMs: 2, isError: false });
    m.recordToolCall({ sessionId: 's-1', tool: 'known_fixes', latencyMs: 4, isError: true });
    m.recordToolCall({ tool: 'route', latencyMs: 1, isError: false });
    assert.deepEqual(m.snapshot(1).tools, [
      { sessionId: 's-1', tool: 'known_fixes', calls: 2, errors: 1, meanLatencyMs: 3, maxLatencyMs: 4 },
      { sessionId: '', tool: 'route', calls: 1, errors: 0, meanLatencyMs: 1, maxLatencyMs: 1 },
    ]);
    m.forgetSession('s-1');
    assert.deepEqual(
      m.snapshot(2).tools.map((t) => t.sessionId),
      [''],
    );
  });
});
