// The real Claude Code CLI, started by Agent Affinity's orchestrator, against the mock Messages API
// (test/support/mockAnthropic): the CLI runs `agent-affinity mcp` from the `--mcp-config` the
// session's run carries. One session's agent reports a fix with `record_fix` (it lands in the store,
// as agent-reported, and in the dashboard's fix list); another session's agent, in the middle of its
// task, asks `known_fixes` for the same error and the fix's diff arrives in the tool result the CLI
// sends back to the model; the metrics count each tool's calls per session, and the fix counts as
// offered, then applied when the task succeeds.
// Run: node --import tsx --import ./test/support/guards/outsideReads.mjs --test <this file>
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetFixRequest, ListFixesRequest } from '../../../src/protocol/fixes';
import { MetricsRequest } from '../../../src/protocol/metrics';
import { CreateSessionRequest, SendTaskRequest, TaskFinishedNotification, type TaskSummary } from '../../../src/protocol/sessions';
import { claudeTestEnv, realClaudePath, type ClaudeTestEnv } from '../../support/mockAnthropic/claudeEnv';
import { messagesOf, userTexts } from '../../support/mockAnthropic/directiveResponder';
import { MockAnthropicServer, type MockReply, type MockRequest } from '../../support/mockAnthropic/mockServer';
import { closeLeftRunning, type OrchestratorUnderTest } from '../../support/orchestratorProcess';
import { startMcpOrchestrator, type McpOrchestrator } from '../../support/mcp/mcpProcesses';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';

const ERROR_SEEN = "src/user.ts(3,5): error TS2304: Cannot find name 'fetchUser'.";
const ERROR_LATER = "src/billing.ts(12,9): error TS2304: Cannot find name 'fetchUser'.";
const DIFF =
  "--- a/src/user.ts\n+++ b/src/user.ts\n@@ -1,2 +1,3 @@\n+import { fetchUser } from './api';\n export function load(id: string) {\n   return fetchUser(id);\n";

interface Block {
  type?: string;
  text?: string;
  content?: unknown;
  tool_use_id?: string;
}

/** The tool results in the last user message of a request (what the CLI sends back after running a tool). */
function toolResults(req: MockRequest): string[] {
  const last = messagesOf(req)
    .filter((m) => m.role === 'user')
    .at(-1);
  const blocks = Array.isArray(last?.content) ? (last.content as Block[]) : [];
  return blocks
    .filter((b) => b.type === 'tool_result')
    .map((b) =>
      typeof b.content === 'string' ? b.content : Array.isArray(b.content) ? (b.content as Block[]).map((c) => c.text ?? '').join('') : '',
    );
}

let toolIds = 0;
/** `MCP <tool> <json>` in the task: the model calls that Agent Affinity tool; after its result, it ends the turn quoting it. */
function mcpResponder(req: MockRequest): MockReply {
  const results = toolResults(req);
  if (results.length > 0) return { kind: 'message', blocks: [{ type: 'text', text: `Tool said: ${results.join('\n')}` }] };
  const task = userTexts(req).at(-1) ?? '';
  const m = /^MCP (\w+) (\{[\s\S]*\})/.exec(task);
  if (!m) return { kind: 'message', blocks: [{ type: 'text', text: 'ok' }] };
  toolIds += 1;
  return {
    kind: 'message',
    blocks: [
      {
        type: 'tool_use',
        id: `toolu_mcp_${toolIds}`,
        name: `mcp__agent-affinity__${m[1]}`,
        input: JSON.parse(m[2] ?? '{}') as Record<string, unknown>,
      },
    ],
  };
}

async function until<T>(get: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the real Claude Code CLI calls the MCP server from the --mcp-config of its run', { timeout: 240_000 }, () => {
  const started: OrchestratorUnderTest[] = [];
  const finished: TaskSummary[] = [];
  let api: MockAnthropicServer;
  let env: ClaudeTestEnv;
  let w: McpOrchestrator;
  let teacher: string;
  let student: string;

  before(async () => {
    api = new MockAnthropicServer(mcpResponder);
    await api.start();
    env = claudeTestEnv(api.url);
    w = await startMcpOrchestrator(started, {
      executables: { ...DEFAULT_SETTINGS.executables, claude: realClaudePath },
      environment: { claude: env.env },
      taskIdleTimeoutSeconds: 120,
    });
    w.o.connection.onNotification(TaskFinishedNotification.method, (p: { task: TaskSummary }) => void finished.push(p.task));
    teacher = (await w.o.request(CreateSessionRequest, { name: 'teacher', agent: 'claude', folder: w.workspace })).session.id;
    student = (await w.o.request(CreateSessionRequest, { name: 'student', agent: 'claude', folder: w.workspace })).session.id;
  });
  after(async () => {
    await w?.close().catch(() => undefined);
    await closeLeftRunning(started);
    await api?.stop();
    env?.cleanup();
  });

  async function run(sessionId: string, text: string): Promise<TaskSummary> {
    const task = await w.o.request(SendTaskRequest, { sessionId, text });
    const done = await until(() => finished.find((t) => t.id === task.id), `task ${task.id} finished`);
    assert.equal(done.status, 'succeeded', `${done.error ?? ''} ${JSON.stringify(done)}`);
    return done;
  }

  test("record_fix: one session's agent reports a fix; it is in the store as agent-reported and in the dashboard's list", async () => {
    await run(
      teacher,
      `MCP record_fix ${JSON.stringify({ error: ERROR_SEEN, file: 'src/user.ts', diff: DIFF, note: 'import fetchUser from the API module' })}`,
    );
    const sent = api.messageRequests().flatMap(toolResults);
    assert.ok(
      sent.some((t) => /^Recorded as fix \w+, "import fetchUser from the API module" \(agent-reported, from session "teacher"\)/.test(t)),
      sent.join('\n---\n'),
    );
    const list = await w.o.request(ListFixesRequest, { text: 'import fetchUser from the API module' });
    assert.equal(list.items.length, 1);
    const fix = await w.o.request(GetFixRequest, { id: list.items[0]?.id ?? '' });
    assert.equal(fix?.origin, 'agent-reported');
    assert.equal(fix?.sessionId, teacher);
    assert.equal(fix?.diff, DIFF);
    assert.equal(fix?.source, 'ts');
    const file = join(w.storage, 'learned-fixes.json');
    await until(
      () => (existsSync(file) && readFileSync(file, 'utf8').includes('import fetchUser from the API module') ? true : undefined),
      'the fix written to the store file',
    );
  });

  test('known_fixes: another session asks in the middle of its task and gets the diff in the tool result the CLI sends back', async () => {
    const before = api.messageRequests().length;
    await run(student, `MCP known_fixes ${JSON.stringify({ error: ERROR_LATER, file: 'src/billing.ts' })}`);
    const results = api.messageRequests().slice(before).flatMap(toolResults);
    const answer = results.find((t) => t.includes('learned fix'));
    assert.ok(answer, `no known_fixes result reached the model:\n${results.join('\n---\n')}`);
    assert.ok(answer.includes("+import { fetchUser } from './api';"), answer);
    assert.match(answer, /exact match/);
    assert.match(answer, /a fix an agent reported in session "teacher"/);
    // The dashboard's metrics: each tool's calls per session.
    const metrics = await w.o.request(MetricsRequest, undefined);
    assert.deepEqual(
      metrics.tools
        .filter((t) => t.sessionId === teacher || t.sessionId === student)
        .map((t) => [t.sessionId, t.tool, t.calls])
        .sort(),
      [
        [student, 'known_fixes', 1],
        [teacher, 'record_fix', 1],
      ].sort(),
    );
    // Given to the agent: offered; its task succeeded: applied.
    const list = await w.o.request(ListFixesRequest, { text: 'import fetchUser from the API module' });
    const counts = await until(
      async () => {
        const f = await w.o.request(GetFixRequest, { id: list.items[0]?.id ?? '' });
        return f && f.counts.offered === 1 && f.counts.applied === 1 ? f.counts : undefined;
      },
      'offered and applied counted',
      30_000,
    );
    assert.deepEqual(counts, { offered: 1, applied: 1, succeeded: 0, failed: 0 });
  });
});
