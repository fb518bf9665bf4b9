// Every MCP tool's handler against a core orchestrator state (real engines, scripted agent runs):
// what each answers, that answers stay small, and what each changes (offered and applied counts,
// the stored fix, the task a hand-off sends).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { queryFixes } from '../../../src/core/fixes/fixQueries';
import { ANSWER_MAX_CHARS } from '../../../src/core/mcp/toolAnswer';
import { coreState, oneLineDiff, type CoreState } from '../../support/mcp/coreState';

const TS_ERROR = "Cannot find name 'fetchUser'.";

async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('MCP tool handlers against a core orchestrator state', () => {
  let s: CoreState;
  before(async () => {
    s = await coreState();
  });
  after(async () => {
    await s.close();
  });

  test('known_fixes: the fix another session learned, with its diff, counts and origin; offered, then applied when the task succeeds', async () => {
    const teacher = s.session('teacher');
    const diff = oneLineDiff('src/user.ts', 'const u = fetchUser(id);', "import { fetchUser } from './api';");
    const id = await s.learn({
      error: { message: TS_ERROR, source: 'ts', code: 2304, file: 'src/user.ts' },
      diff,
      origin: 'agent',
      sessionId: teacher.id,
      taskId: 't-teach',
    });
    const asker = s.session('asker');
    const { task, run } = await s.start(asker.id, 'fix the build');
    const a = await s.toolbox.call('known_fixes', s.toolbox.caller(asker.id), {
      error: `src/other.ts(3,5): error TS2304: ${TS_ERROR}`,
      file: 'src/other.ts',
    });
    assert.equal(a.isError, undefined, a.text);
    assert.match(a.text, /1 learned fix for this error/);
    assert.ok(a.text.includes("+import { fetchUser } from './api';"), a.text);
    assert.match(a.text, /: exact match; not verified yet/);
    assert.match(a.text, /in session "teacher" \(task t-teach\)/);
    assert.match(a.text, /not verified yet; offered 0, applied 0/);
    const store = await s.fixes.required();
    await store.flush(Date.now());
    assert.equal(store.get(id)?.counts.offered, 1, 'shown to the agent: offered');
    // Asked again in the same task: offered once per task.
    await s.toolbox.call('known_fixes', s.toolbox.caller(asker.id), { error: TS_ERROR, language: 'typescript' });
    await store.flush(Date.now());
    assert.equal(store.get(id)?.counts.offered, 1);
    run.finish(true);
    await s.manager.waitForTask(task.id);
    await until(() => store.get(id)?.counts.applied === 1, 'the fix counted as applied after the task succeeded');
  });

  test('known_fixes: a failed task does not count the fix as applied; no match says so; fixes off is an error', async () => {
    const id = await s.learn({
      error: { message: "Property 'name' does not exist on type 'Account'.", source: 'ts', code: 2339, file: 'a.ts' },
      diff: oneLineDiff('a.ts', 'a.name', 'a.title'),
      origin: 'manual',
    });
    const sess = s.session('failing');
    const { task, run } = await s.start(sess.id, 'x');
    await s.toolbox.call('known_fixes', s.toolbox.caller(sess.id), {
      error: "Property 'name' does not exist on type 'Account'.",
      file: 'b.ts',
    });
    run.finish(false);
    await s.manager.waitForTask(task.id);
    await new Promise((r) => setTimeout(r, 50));
    const store = await s.fixes.required();
    assert.equal(store.get(id)?.counts.applied, 0);

    const none = await s.toolbox.call('known_fixes', {}, { error: 'segmentation fault in the flux capacitor', language: 'rust' });
    assert.equal(none.isError, undefined);
    assert.match(none.text, /No learned fix matches this error/);
    assert.match(none.text, /record_fix/);

    s.settings.fixesEnabled = false;
    try {
      const off = await s.toolbox.call('known_fixes', {}, { error: TS_ERROR });
      assert.equal(off.isError, true);
      assert.match(off.text, /turned off/);
    } finally {
      s.settings.fixesEnabled = true;
    }
  });

  test('known_fixes: many long fixes are paged within the answer size, with a "more" hint', async () => {
    const message = "Argument of type 'string' is not assignable to parameter of type 'number'.";
    for (let i = 0; i < 12; i++) {
      const body = Array.from({ length: 40 }, (_, k) => `-const v${i}_${k} = parse(x${k});\n+const v${i}_${k} = Number(x${k});`).join('\n');
      await s.learn({
        error: { message, source: 'ts', code: 2345, file: `f${i}.ts` },
        diff: `--- a/f${i}.ts\n+++ b/f${i}.ts\n@@ -1,40 +1,40 @@\n${body}\n`,
        origin: 'manual',
      });
    }
    const first = await s.toolbox.call('known_fixes', {}, { error: message, file: 'z.ts' });
    assert.ok(first.text.length <= ANSWER_MAX_CHARS, `${first.text.length} characters`);
    const more = /more: (\d+) more; call again with page=2/.exec(first.text);
    assert.ok(more, first.text.slice(-300));
    const second = await s.toolbox.call('known_fixes', {}, { error: message, file: 'z.ts', page: 2 });
    assert.ok(second.text.length <= ANSWER_MAX_CHARS);
    assert.notEqual(second.text, first.text);
    const beyond = await s.toolbox.call('known_fixes', {}, { error: message, file: 'z.ts', page: 99 });
    assert.match(beyond.text, /No more: there are 12 in all/);
  });

  test('record_fix: stored as agent-reported with the session and task, checked like a hand-edited fix', async () => {
    const sess = s.session('reporter');
    const { task, run } = await s.start(sess.id, 'fix it');
    const diff = oneLineDiff('src/math.ts', 'return a - b;', 'return a + b;');
    const ok = await s.toolbox.call('record_fix', s.toolbox.caller(sess.id), {
      error: 'AssertionError: expected 3 to equal 5',
      file: 'src/math.ts',
      diff,
      note: 'add, do not subtract',
    });
    assert.equal(ok.isError, undefined, ok.text);
    assert.match(ok.text, /Recorded as fix \w+, "add, do not subtract" \(agent-reported, from session "reporter"\)/);
    const store = await s.fixes.required();
    const [stored] = queryFixes(store.all(), { text: 'add, do not subtract' });
    assert.equal(stored?.origin, 'agent-reported');
    assert.equal(stored?.sessionId, sess.id);
    assert.equal(stored?.taskId, task.id);
    assert.equal(stored?.diff, diff);
    // The same fix again: known.
    const again = await s.toolbox.call('record_fix', s.toolbox.caller(sess.id), {
      error: 'AssertionError: expected 3 to equal 5',
      file: 'src/math.ts',
      diff,
    });
    assert.match(again.text, /Already known/);
    // Refused like a hand-edited fix, the stored fixes unchanged.
    const before = store.size;
    const bad = await s.toolbox.call(
      'record_fix',
      {},
      { error: 'x', file: 'a.ts', diff: '--- a/a.ts\n+++ b/a.ts\n@@ -1,2 +1,1 @@\n-a\n+b\n' },
    );
    assert.equal(bad.isError, true);
    assert.match(bad.text, /\(diff\): The diff is not a unified diff/);
    const noChange = await s.toolbox.call(
      'record_fix',
      {},
      { error: 'x', file: 'a.ts', diff: '--- a/a.ts\n+++ b/a.ts\n@@ -1,1 +1,1 @@\n same\n' },
    );
    assert.match(noChange.text, /changes no lines/);
    const twoLines = await s.toolbox.call('record_fix', {}, { error: 'x', file: 'a.ts', diff, note: 'one\ntwo' });
    assert.match(twoLines.text, /\(note\): The title must be one line/);
    assert.equal(store.size, before);
    run.finish(true);
  });

  test('record_fix: an error pasted as the compiler printed it is stored as that error, so the same error elsewhere is an exact match', async () => {
    const diff = oneLineDiff('src/cart.ts', 'cart.totl', 'cart.total');
    const r = await s.toolbox.call(
      'record_fix',
      {},
      {
        error: "src/cart.ts(7,10): error TS2551: Property 'totl' does not exist on type 'Cart'. Did you mean 'total'?",
        file: 'src/cart.ts',
        diff,
      },
    );
    assert.equal(r.isError, undefined, r.text);
    const id = /fix (\w+),/.exec(r.text)?.[1] ?? '';
    const stored = (await s.fixes.required()).get(id);
    assert.equal(stored?.signature.source, 'ts');
    assert.equal(stored?.message, "Property 'totl' does not exist on type 'Cart'. Did you mean 'total'?");
    const found = await s.toolbox.call(
      'known_fixes',
      {},
      { error: "lib/order.ts:3:8 - error TS2551: Property 'totl' does not exist on type 'Cart'. Did you mean 'total'?" },
    );
    assert.match(found.text, new RegExp(`\\(fix ${id}\\): exact match`));
  });

  test("context_budget: the caller's own session, with fill, window, breakdown and headroom; no guess without a token", async () => {
    const sess = s.session('measured');
    const { run } = await s.start(sess.id, 'work');
    run.emit({
      type: 'usage',
      messageId: 'm1',
      model: 'claude-sonnet-4-5',
      input_tokens: 1000,
      output_tokens: 200,
      cache_creation_input_tokens: 4000,
      cache_read_input_tokens: 45_000,
      isSidechain: false,
    });
    const a = await s.toolbox.call('context_budget', s.toolbox.caller(sess.id), {});
    assert.equal(a.isError, undefined, a.text);
    assert.match(a.text, /^Session "measured"/);
    assert.match(a.text, /50,000 of 200,000 tokens \(25%\)/);
    assert.match(a.text, /from the agent's own usage figures/);
    assert.match(a.text, /Headroom: [\d,]+ tokens/);
    assert.match(a.text, /Breakdown: /);
    const other = s.session('other');
    const b = await s.toolbox.call('context_budget', s.toolbox.caller(other.id), {});
    assert.match(b.text, /^Session "other"/);
    assert.doesNotMatch(b.text, /50,000/);
    const anonymous = await s.toolbox.call('context_budget', {}, {});
    assert.match(anonymous.text, /You are not an Agent Affinity session/);
    assert.match(anonymous.text, /"measured": 25% · 50k\/200k/);
    run.finish(true);
  });

  test('who_holds: the sessions that read or edited a file, since when; forgotten at compaction', async () => {
    const reader = s.session('holder');
    const { run } = await s.start(reader.id, 'read');
    const abs = s.file('src/held.ts', 'export const x = 1;\n');
    const t0 = Date.now();
    run.emit({ type: 'tool_use', toolId: 'r1', toolName: 'Read', input: {}, files: [{ path: abs, access: 'read' }], isSidechain: false });
    run.emit({
      type: 'tool_use',
      toolId: 'e1',
      toolName: 'Edit',
      input: {},
      files: [{ path: 'src/held.ts', access: 'edit' }],
      isSidechain: false,
    });
    await until(() => s.holdings.holders(abs).holdings[0]?.edits === 1, 'both tool events seen');
    const asker = s.session('who-asks');
    const a = await s.toolbox.call('who_holds', s.toolbox.caller(asker.id), { paths: ['src/held.ts', abs, 'src/nobody.ts'] });
    assert.match(a.text, /^2 of 3 files held by a session/);
    const since = /"holder" since (\S+) \(/.exec(a.text)?.[1];
    assert.ok(since && Math.abs(Date.parse(since) - t0) < 5000, a.text);
    assert.match(a.text, /1 read, 1 edit/);
    assert.match(a.text, /src\/nobody.ts: no session holds it/);
    const mine = await s.toolbox.call('who_holds', s.toolbox.caller(reader.id), { paths: ['src/held.ts'] });
    assert.match(mine.text, /"holder \(you\)"/);
    run.emit({ type: 'compaction', trigger: 'auto' } as never);
    const after = await s.toolbox.call('who_holds', {}, { paths: ['src/held.ts'] });
    assert.match(after.text, /no session holds it/);
    run.finish(true);
  });

  test('context_pack: the files a task names that fit the budget, with counts and why; nothing when none fits', async () => {
    s.file('pack/alpha.ts', 'export function alpha(): number {\n  return 1;\n}\n'.repeat(20));
    s.file('pack/beta.ts', 'export const beta = 2;\n');
    const sess = s.session('packer');
    const a = await s.toolbox.call('context_pack', s.toolbox.caller(sess.id), {
      task: 'refactor pack/alpha.ts and pack/beta.ts',
      max_tokens: 5000,
    });
    assert.equal(a.isError, undefined, a.text);
    assert.match(a.text, /^2 files for session "packer"/);
    assert.match(a.text, /- pack\/alpha.ts: [\d,]+ tokens; named in the task/);
    assert.match(a.text, /- pack\/beta.ts: [\d,]+ tokens; named in the task/);
    const tight = await s.toolbox.call('context_pack', {}, { task: 'refactor pack/alpha.ts', max_tokens: 1 });
    assert.match(tight.text, /No file fits a budget of 1 tokens for the workspace/);
  });

  test('route: the decision with its reasons, sending nothing', async () => {
    const auth = s.session('auth-expert');
    const { run } = await s.start(auth.id, 'auth');
    const login = s.file('src/auth/login.ts', 'export {};\n');
    run.emit({ type: 'tool_use', toolId: 'w1', toolName: 'Edit', input: {}, files: [{ path: login, access: 'edit' }], isSidechain: false });
    run.finish(true);
    await until(() => s.manager.get(auth.id)?.state === 'idle', 'auth session idle');
    const queued = s.manager.list().reduce((n, r) => n + r.queue.length + r.history.length, 0);
    const a = await s.toolbox.call('route', {}, { task: 'fix the redirect in src/auth/login.ts' });
    assert.equal(a.isError, undefined, a.text);
    assert.match(a.text, /^Choice: "auth-expert"/);
    assert.match(a.text, /Ranked sessions:\n- "auth-expert" \(score [\d.]+\): .*login\.ts/);
    assert.match(a.text, /Nothing was sent\.$/);
    assert.equal(
      s.manager.list().reduce((n, r) => n + r.queue.length + r.history.length, 0),
      queued,
    );
  });

  test('hand_off: off by default; confirmed by the person; never back along its chain; depth-limited', async () => {
    const a = s.session('A');
    const b = s.session('B');
    const c = s.session('C');
    const { run: runA } = await s.start(a.id, 'task of A');
    const off = await s.toolbox.call('hand_off', s.toolbox.caller(a.id), { session: 'B', task: 'write the docs' });
    assert.equal(off.isError, true);
    assert.match(off.text, /agentAffinity\.mcp\.handOff/);
    assert.equal(s.questions.length, 0);

    s.settings.handOff = true;
    s.answer.allow = false;
    const denied = await s.toolbox.call('hand_off', s.toolbox.caller(a.id), { session: 'B', task: 'write the docs' });
    assert.match(denied.text, /did not allow/);
    assert.deepEqual(s.questions.at(-1), {
      fromSessionId: a.id,
      fromName: 'A',
      toSessionId: b.id,
      toName: 'B',
      task: 'write the docs',
      chain: ['A'],
    });
    assert.equal(s.manager.get(b.id)?.history.length, 0);

    s.answer.allow = true;
    const sent = await s.toolbox.call('hand_off', s.toolbox.caller(a.id), { session: 'b', task: 'write the docs' });
    assert.equal(sent.isError, undefined, sent.text);
    assert.match(sent.text, /Handed to "B" as task t-\w+/);
    const handed = s.manager.get(b.id)?.history[0] ?? s.manager.get(b.id)?.queue[0];
    assert.match(handed?.text ?? '', /^write the docs\n\n\(Handed off by session "A"/);

    // B, running the handed task, may not hand back to A (A → B → A), nor to itself.
    await until(() => s.manager.get(b.id)?.history.some((t) => t.status === 'running') === true, 'B runs the handed task');
    const back = await s.toolbox.call('hand_off', s.toolbox.caller(b.id), { session: 'A', task: 'check my docs' });
    assert.equal(back.isError, true);
    assert.match(back.text, /\("A" → "B" → "A"\): a hand-off never goes back/);
    const self = await s.toolbox.call('hand_off', s.toolbox.caller(b.id), { session: b.id, task: 'again' });
    assert.match(self.text, /cannot hand a task to itself/);
    // Onwards to C is fine; with a depth of 1 it is not.
    s.settings.maxDepth = 1;
    const deep = await s.toolbox.call('hand_off', s.toolbox.caller(b.id), { session: 'C', task: 'review' });
    assert.match(deep.text, /at most 1 deep/);
    s.settings.maxDepth = 3;
    const onwards = await s.toolbox.call('hand_off', s.toolbox.caller(b.id), { session: 'C', task: 'review' });
    assert.match(onwards.text, /Handed to "C"/);
    assert.deepEqual(s.questions.at(-1)?.chain, ['A', 'B']);
    const unknown = await s.toolbox.call('hand_off', s.toolbox.caller(a.id), { session: 'nobody', task: 'x' });
    assert.match(unknown.text, /There is no session "nobody"/);
    void c;
    runA.finish(true);
    s.settings.handOff = false;
  });

  test('every call is counted per session and tool; a handler that throws is answered, not thrown', async () => {
    const sess = s.session('counted');
    const before = s.calls.length;
    await s.toolbox.call('context_budget', s.toolbox.caller(sess.id), {});
    await s.toolbox.call('who_holds', s.toolbox.caller(sess.id), { paths: ['x'] });
    assert.deepEqual(
      s.calls.slice(before).map((c) => [c.sessionId, c.tool, c.isError]),
      [
        [sess.id, 'context_budget', false],
        [sess.id, 'who_holds', false],
      ],
    );
    const broken = await s.toolbox.call('context_pack', s.toolbox.caller('s-gone'), { task: 'x', max_tokens: 10 });
    assert.equal(broken.isError, undefined, 'an unknown session is no session: the workspace view');
    const thrown = await s.toolbox.call('context_pack', { sessionId: 's-gone' }, { task: 'x', max_tokens: 10 });
    assert.equal(thrown.isError, true);
    assert.match(thrown.text, /context_pack failed: There is no session s-gone/);
  });
});
