// The Claude Code adapter and the session manager against the REAL Claude Code CLI, pointed at
// the mock Messages API (test/support/mockAnthropic). Independent tests run concurrently.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { AgentEvent } from '../../../src/core/agents/agentEvents';
import { ClaudeAdapter } from '../../../src/core/agents/claudeAdapter';
import { ClaudeLiveProcess } from '../../../src/core/agents/claudeLiveProcess';
import { startAgentRun } from '../../../src/core/agents/processRunner';
import { SessionManager } from '../../../src/core/sessions/sessionManager';
import { InMemorySessionRepository } from '../../../src/core/sessions/sessionRepository';
import { FileTranscriptStore, type TranscriptStore } from '../../../src/core/sessions/transcriptStore';
import { claudeTestEnv, realClaudePath, type ClaudeTestEnv } from '../../support/mockAnthropic/claudeEnv';
import { directiveResponder, userTexts } from '../../support/mockAnthropic/directiveResponder';
import { MockAnthropicServer } from '../../support/mockAnthropic/mockServer';
import { processGroupMembers } from '../../support/fakeAgents/fakeAgents';

const adapter = new ClaudeAdapter({ executable: realClaudePath });
const runOptions = { idleTimeoutMs: 60_000, killGraceMs: 1_000 };

type MakeManager = (
  repo?: InMemorySessionRepository,
  maxParallel?: number,
  claude?: ClaudeAdapter,
  transcripts?: TranscriptStore,
) => SessionManager;

/** Runs `fn` with its own mock API and HOME; every manager it makes is disposed afterwards,
 *  so a failing assertion never leaves a CLI process behind. */
async function withMock(fn: (mock: MockAnthropicServer, t: ClaudeTestEnv, manager: MakeManager) => Promise<void>): Promise<void> {
  const mock = new MockAnthropicServer(directiveResponder);
  await mock.start();
  const t = claudeTestEnv(mock.url);
  const managers: SessionManager[] = [];
  const manager: MakeManager = (repo = new InMemorySessionRepository(), maxParallel = 4, claude = adapter, transcripts = undefined) => {
    const m = new SessionManager({
      repository: repo,
      adapters: { claude },
      maxParallel,
      ...(transcripts ? { transcripts } : {}),
      env: { claude: t.env },
      driverOptions: { runOptions },
    });
    managers.push(m);
    return m;
  };
  try {
    await fn(mock, t, manager);
  } finally {
    await Promise.all(managers.map((m) => m.dispose()));
    await mock.stop();
    t.cleanup();
  }
}

describe('real Claude Code CLI against the mock API', { concurrency: true, timeout: 120_000 }, () => {
  test('one-shot: a text answer, with init, usage and done; a task starting with -- is text; --resume continues it', async () => {
    await withMock(async (mock, t) => {
      const events: AgentEvent[] = [];
      const folder = t.folder('ws');
      const o = await startAgentRun(adapter, { text: '--help me', cwd: folder, env: t.env }, (e) => events.push(e), runOptions).outcome;
      assert.equal(o.ok, true, JSON.stringify(o.failure));
      assert.equal(o.resultText, 'Answer: --help me');
      assert.match(o.conversationId ?? '', /^[0-9a-f-]{36}$/);
      const init = events.find((e) => e.type === 'init');
      assert.equal(init?.type === 'init' ? init.cwd : '', folder);
      const usage = events.find((e) => e.type === 'usage');
      assert.equal(usage?.type === 'usage' ? usage.cache_read_input_tokens : -1, 1000);
      assert.ok(events.some((e) => e.type === 'done' && e.ok && (e.contextWindow ?? 0) > 0));
      assert.equal(mock.messageRequests().length, 1);
      const firstReq = mock.messageRequests()[0];
      assert.ok(firstReq);
      assert.equal(userTexts(firstReq).at(-1), '--help me');
      // A cold one-shot run with --resume=<id> continues the same conversation.
      const again = await startAgentRun(
        adapter,
        { text: 'and again', cwd: folder, env: t.env, conversationId: o.conversationId ?? '' },
        () => undefined,
        runOptions,
      ).outcome;
      assert.equal(again.ok, true, JSON.stringify(again.failure));
      assert.equal(again.conversationId, o.conversationId);
      const resumed = mock.messageRequests().at(-1);
      assert.ok(resumed);
      assert.deepEqual(userTexts(resumed).slice(-2), ['--help me', 'and again']);
    });
  });

  test('session: Write lands in the folder and the working set; the next task resumes the conversation; reload resumes it too', async () => {
    await withMock(async (mock, t, manager) => {
      const repo = new InMemorySessionRepository();
      const transcripts = new FileTranscriptStore(join(t.home, 'transcripts'));
      const m = manager(repo, 4, adapter, transcripts);
      const folder = t.folder('ws');
      const s = m.createSession({ name: 'writer', agent: 'claude', folder, permissionMode: 'acceptEdits' });
      const target = join(folder, 'hello.txt');
      const t1 = m.sendTask(s.id, { text: `WRITE ${target} hello from the mock` });
      const r1 = await m.waitForTask(t1.id);
      assert.equal(r1.status, 'succeeded', r1.error);
      assert.equal(readFileSync(target, 'utf8'), 'hello from the mock');
      const after1 = m.get(s.id);
      assert.deepEqual(
        after1?.workingSet.map((w) => [w.path, w.edits]),
        [['hello.txt', 1]],
      );
      const conv = after1?.conversationId;
      assert.match(conv ?? '', /^[0-9a-f-]{36}$/);

      const t2 = m.sendTask(s.id, { text: 'what did you write?' });
      assert.equal((await m.waitForTask(t2.id)).status, 'succeeded');
      assert.equal(m.get(s.id)?.conversationId, conv);
      const last = mock.messageRequests().at(-1);
      assert.ok(last);
      assert.deepEqual(userTexts(last).slice(-2), [`WRITE ${target} hello from the mock`, 'what did you write?']);
      await m.dispose();
      assert.ok(existsSync(join(t.home, '.claude', 'projects')), 'transcripts stay in the isolated HOME');

      // Reload: a new manager from the stored records; the session is stopped and resumes its conversation.
      const m2 = manager(repo, 4, adapter, new FileTranscriptStore(join(t.home, 'transcripts')));
      const loaded = await m2.load();
      assert.deepEqual(
        loaded.map((x) => [x.state, x.conversationId]),
        [['stopped', conv]],
      );
      const t3 = m2.sendTask(s.id, { text: 'after reload' });
      const r3 = await m2.waitForTask(t3.id);
      assert.equal(r3.status, 'succeeded', r3.error);
      assert.equal(m2.get(s.id)?.conversationId, conv);
      // The transcript (file store) spans the reload: three tasks, the Write call among them.
      const transcript = await m2.transcript(s.id);
      assert.deepEqual(
        transcript.filter((e) => e.item.type === 'task_end').map((e) => e.item.type === 'task_end' && e.item.status),
        ['succeeded', 'succeeded', 'succeeded'],
      );
      assert.ok(transcript.some((e) => e.item.type === 'tool_use' && e.item.toolName === 'Write'));
      const resumed = mock.messageRequests().at(-1);
      assert.ok(resumed);
      assert.deepEqual(userTexts(resumed).slice(-3), [`WRITE ${target} hello from the mock`, 'what did you write?', 'after reload']);
      await m2.dispose();
    });
  });

  test('API error (HTTP 500): the task fails with the status, the session carries on', async () => {
    await withMock(async (_mock, t, manager) => {
      const m = manager();
      const s = m.createSession({ name: 'err', agent: 'claude', folder: t.folder('ws') });
      const bad = m.sendTask(s.id, { text: 'FAIL 500' });
      const good = m.sendTask(s.id, { text: 'still alive?' });
      const r = await m.waitForTask(bad.id);
      assert.equal(r.status, 'failed');
      assert.match(r.error ?? '', /500/);
      assert.equal(r.retryable, true);
      assert.equal((await m.waitForTask(good.id)).status, 'succeeded');
      assert.equal(m.get(s.id)?.state, 'idle');
      await m.dispose();
    });
  });

  test('four sessions run in parallel and all finish with conversation ids and working sets', async () => {
    await withMock(async (_mock, t, manager) => {
      const m = manager(new InMemorySessionRepository(), 4);
      let running = 0;
      let peak = 0;
      m.on('stateChanged', (e) => {
        if (e.to === 'starting') {
          running += 1;
          peak = Math.max(peak, running);
        }
        if (e.from === 'running' || (e.from === 'starting' && e.to !== 'running')) running -= 1;
      });
      const sessions = [1, 2, 3, 4].map((i) => {
        const folder = t.folder(`ws${i}`);
        return { s: m.createSession({ name: `s${i}`, agent: 'claude', folder, permissionMode: 'acceptEdits' }), folder };
      });
      const tasks = sessions.map(({ s, folder }) => m.sendTask(s.id, { text: `WRITE ${join(folder, 'out.txt')} from ${s.name}` }));
      const done = await Promise.all(tasks.map((x) => m.waitForTask(x.id)));
      assert.deepEqual(
        done.map((d) => d.status),
        ['succeeded', 'succeeded', 'succeeded', 'succeeded'],
        JSON.stringify(done.map((d) => d.error)),
      );
      assert.equal(peak, 4);
      const ids = new Set<string>();
      for (const { s, folder } of sessions) {
        const rec = m.get(s.id);
        assert.match(rec?.conversationId ?? '', /^[0-9a-f-]{36}$/);
        ids.add(rec?.conversationId ?? '');
        assert.deepEqual(
          rec?.workingSet.map((w) => w.path),
          ['out.txt'],
        );
        assert.equal(readFileSync(join(folder, 'out.txt'), 'utf8'), `from ${s.name}`);
      }
      assert.equal(ids.size, 4);
      await m.dispose();
    });
  });

  test('model and allowed tools reach the CLI: Write is allowed without a permission mode', async () => {
    await withMock(async (mock, t) => {
      const folder = t.folder('ws');
      const target = join(folder, 'allowed.txt');
      const o = await startAgentRun(
        adapter,
        { text: `WRITE ${target} allowed`, cwd: folder, env: t.env, model: 'claude-mock-model', allowedTools: ['Write'] },
        () => undefined,
        runOptions,
      ).outcome;
      assert.equal(o.ok, true, JSON.stringify(o.failure));
      assert.equal(readFileSync(target, 'utf8'), 'allowed');
      const body = mock.messageRequests()[0]?.body;
      assert.equal(typeof body === 'object' && body !== null && 'model' in body ? body.model : undefined, 'claude-mock-model');
    });
  });

  test('stopping during a task ends the real CLI and everything in its process group', async () => {
    await withMock(async (_mock, t) => {
      const live = new ClaudeLiveProcess(adapter, { cwd: t.folder('ws'), env: t.env }, runOptions);
      let resolveInit: () => void = () => undefined;
      const sawInit = new Promise<void>((r) => {
        resolveInit = r;
      });
      const run = live.runTask('SLOW 30000 take your time', (e) => {
        if (e.type === 'init') resolveInit();
      });
      await sawInit;
      const pgid = live.pid ?? 0;
      assert.ok(processGroupMembers(pgid).includes(pgid));
      await run.stop();
      assert.equal((await run.outcome).failure?.kind, 'stopped');
      assert.deepEqual(processGroupMembers(pgid), []);
    });
  });

  test('interactive permissions: the session waits for an answer; allow writes the file, deny does not', async () => {
    await withMock(async (_mock, t, manager) => {
      const m = manager(undefined, 4, new ClaudeAdapter({ executable: realClaudePath, interactivePermissions: true }));
      m.on('agentEvent', ({ sessionId, event }) => {
        if (event.type !== 'permission_request') return;
        assert.equal(m.get(sessionId)?.state, 'waiting');
        const allow = String(event.input.file_path).endsWith('yes.txt');
        m.answerPermission(sessionId, event.requestId, allow ? { allow: true } : { allow: false, message: 'not this one' });
      });
      const folder = t.folder('ws');
      const s = m.createSession({ name: 'asks', agent: 'claude', folder });
      const states: string[] = [];
      m.on('stateChanged', (e) => {
        if (e.sessionId === s.id) states.push(e.to);
      });
      const yes = m.sendTask(s.id, { text: `WRITE ${join(folder, 'yes.txt')} granted` });
      const no = m.sendTask(s.id, { text: `WRITE ${join(folder, 'no.txt')} denied` });
      assert.equal((await m.waitForTask(yes.id)).status, 'succeeded');
      const denied = await m.waitForTask(no.id);
      assert.equal(denied.resultText, 'The tool failed.');
      assert.equal(readFileSync(join(folder, 'yes.txt'), 'utf8'), 'granted');
      assert.equal(existsSync(join(folder, 'no.txt')), false);
      assert.deepEqual(states.slice(0, 5), ['starting', 'running', 'waiting', 'running', 'idle']);
      assert.throws(() => m.answerPermission(s.id, 'x', { allow: true }), /not waiting/);
    });
  });
});
