import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OrchestratorPulse } from '../../../src/protocol/orchestratorState';
import { OrchestratorPulseMonitor } from '../../../src/extension/orchestrator/orchestratorPulse';

/** A hand-cranked clock: timers fire only when the test advances time. */
function clock() {
  let now = 1_000;
  let timers: { at: number; fn: () => void; live: boolean }[] = [];
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const t = { at: now + ms, fn, live: true };
      timers.push(t);
      return { cancel: () => (t.live = false) };
    },
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        now = due.at;
        due.live = false;
        timers = timers.filter((t) => t.live);
        due.fn();
        await new Promise((r) => setImmediate(r));
      }
      now = Math.max(now, end);
    },
    set: (t: number) => (now = t),
  };
}

function monitor(ping: () => Promise<void>) {
  const c = clock();
  const seen: OrchestratorPulse[] = [];
  const stalls: number[] = [];
  const m = new OrchestratorPulseMonitor({
    ping,
    onChange: (p) => seen.push(p),
    onStall: (ms) => stalls.push(ms),
    intervalMs: 5_000,
    stallAfterMs: 20_000,
    now: c.now,
    setTimer: c.setTimer,
  });
  return { c, m, seen, stalls };
}

test('answered round trips are counted and the slowest kept', async () => {
  let cost = 3;
  const h = monitor(async () => {
    h.c.set(h.c.now() + cost);
  });
  h.m.start();
  await h.c.advance(0);
  assert.deepEqual(
    { checks: h.m.current.checks, last: h.m.current.lastMs, slowest: h.m.current.slowestMs },
    { checks: 1, last: 3, slowest: 3 },
  );
  cost = 40;
  await h.c.advance(5_003);
  cost = 7;
  await h.c.advance(5_040);
  assert.equal(h.m.current.checks, 3);
  assert.equal(h.m.current.lastMs, 7);
  assert.equal(h.m.current.slowestMs, 40);
  assert.equal(h.stalls.length, 0);
  h.m.stop();
});

test('an unanswered health request is reported once as a stall, and cleared when the answer comes', async () => {
  let answer: (() => void) | undefined;
  const h = monitor(() => new Promise<void>((r) => (answer = r)));
  h.m.start();
  await h.c.advance(19_999);
  assert.equal(h.m.current.waitingSince, undefined);
  await h.c.advance(60_000);
  assert.deepEqual(h.stalls, [20_000], 'told once per freeze, not every interval');
  assert.equal(h.m.current.waitingSince, 1_000);
  answer?.();
  await new Promise((r) => setImmediate(r));
  assert.equal(h.m.current.waitingSince, undefined);
  assert.equal(h.m.current.slowestMs, 80_000 - 1, 'the frozen round trip is the slowest');
  assert.equal(h.m.current.checks, 1);
  h.m.stop();
});

test('stopping drops a pending round trip; a restart starts the figures afresh', async () => {
  let answer: (() => void) | undefined;
  const h = monitor(() => new Promise<void>((r) => (answer = r)));
  h.m.start();
  await h.c.advance(0);
  h.m.stop();
  answer?.();
  await h.c.advance(60_000);
  assert.equal(h.m.current.checks, 0, 'an answer to a stopped monitor is ignored');
  assert.equal(h.stalls.length, 0, 'no stall is reported for a stopped orchestrator');
  h.m.start();
  assert.deepEqual(h.seen.at(-1), { checks: 0 });
  h.m.stop();
});

test('a refused health request is not a measurement and does not stop the checks', async () => {
  let calls = 0;
  const h = monitor(async () => {
    calls++;
    throw new Error('connection closed');
  });
  h.m.start();
  await h.c.advance(15_000);
  assert.equal(h.m.current.checks, 0);
  assert.equal(calls, 4);
  h.m.stop();
});
