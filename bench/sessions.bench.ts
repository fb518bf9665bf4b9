// Benchmark: a task sent to a warm long-lived Claude Code process (`--input-format stream-json`)
// versus a cold `claude -p` start, with the real CLI against the local mock Messages API.
// Run: node --import tsx bench/sessions.bench.ts [coldRuns=5] [warmRuns=10]
import { cpus, loadavg } from 'node:os';
import { ClaudeAdapter } from '../src/core/agents/claudeAdapter';
import { ClaudeLiveProcess } from '../src/core/agents/claudeLiveProcess';
import { startAgentRun } from '../src/core/agents/processRunner';
import { SessionManager } from '../src/core/sessions/sessionManager';
import { InMemorySessionRepository } from '../src/core/sessions/sessionRepository';
import { claudeTestEnv, realClaudePath } from '../test/support/mockAnthropic/claudeEnv';
import { directiveResponder } from '../test/support/mockAnthropic/directiveResponder';
import { MockAnthropicServer } from '../test/support/mockAnthropic/mockServer';

interface Row {
  mode: string;
  samples: number[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function fmt(n: number): string {
  return n.toFixed(0);
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const coldRuns = Number(process.argv[2] ?? 5);
  const warmRuns = Number(process.argv[3] ?? 10);
  const mock = new MockAnthropicServer(directiveResponder);
  await mock.start();
  const t = claudeTestEnv(mock.url);
  const adapter = new ClaudeAdapter({ executable: realClaudePath });
  const cwd = t.folder('bench');
  const rows: Row[] = [];
  try {
    // Cold: a fresh `claude -p` per task, resuming the same conversation (what a session without
    // a warm process pays for its next task). One unmeasured run first to create the conversation.
    const first = await startAgentRun(adapter, { text: 'warm-up', cwd, env: t.env }, () => undefined).outcome;
    if (!first.ok || !first.conversationId) throw new Error(`warm-up failed: ${first.failure?.reason ?? 'no conversation id'}`);
    const cold: number[] = [];
    for (let i = 0; i < coldRuns; i++) {
      cold.push(
        await timed(async () => {
          const o = await startAgentRun(
            adapter,
            { text: `cold ${i}`, cwd, env: t.env, conversationId: first.conversationId ?? '' },
            () => undefined,
          ).outcome;
          if (!o.ok) throw new Error(`cold run failed: ${o.failure?.reason}`);
        }),
      );
    }
    rows.push({ mode: 'cold `claude -p --resume` (spawn → result)', samples: cold });

    // Cold with a fresh HOME: the first task of a new session on a machine where the CLI has no
    // state yet (config files created on the way).
    const fresh: number[] = [];
    for (let i = 0; i < coldRuns; i++) {
      const ft = claudeTestEnv(mock.url);
      try {
        fresh.push(
          await timed(async () => {
            const o = await startAgentRun(adapter, { text: `fresh ${i}`, cwd: ft.folder('fresh'), env: ft.env }, () => undefined).outcome;
            if (!o.ok) throw new Error(`fresh run failed: ${o.failure?.reason}`);
          }),
        );
      } finally {
        ft.cleanup();
      }
    }
    rows.push({ mode: 'cold `claude -p`, fresh HOME (new session)', samples: fresh });

    // Warm: one long-lived process; the first task starts it (unmeasured), then tasks are timed
    // from the stdin write to their result line.
    const live = new ClaudeLiveProcess(adapter, { cwd, env: t.env });
    await live.runTask('start', () => undefined).outcome;
    const warm: number[] = [];
    for (let i = 0; i < warmRuns; i++) {
      warm.push(
        await timed(async () => {
          const o = await live.runTask(`warm ${i}`, () => undefined).outcome;
          if (!o.ok) throw new Error(`warm run failed: ${o.failure?.reason}`);
        }),
      );
    }
    await live.stop();
    rows.push({ mode: 'warm long-lived process (stdin → result)', samples: warm });

    // The same through the session manager (queue, state machine, persistence included).
    const m = new SessionManager({ repository: new InMemorySessionRepository(), adapters: { claude: adapter }, env: { claude: t.env } });
    const s = m.createSession({ name: 'bench', agent: 'claude', folder: cwd });
    await m.waitForTask(m.sendTask(s.id, { text: 'start' }).id);
    const viaManager: number[] = [];
    for (let i = 0; i < warmRuns; i++) {
      viaManager.push(
        await timed(async () => {
          const r = await m.waitForTask(m.sendTask(s.id, { text: `managed ${i}` }).id);
          if (r.status !== 'succeeded') throw new Error(`managed run failed: ${r.error}`);
        }),
      );
    }
    await m.dispose();
    rows.push({ mode: 'warm via SessionManager (sendTask → taskFinished)', samples: viaManager });
  } finally {
    await mock.stop();
    t.cleanup();
  }

  const coldMedian = median(rows[0]?.samples ?? []);
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  console.log(`\n### Claude Code: warm vs cold task latency (mock API on 127.0.0.1; ${cpus().length} CPUs, load average ${load})\n`);
  console.log('| mode | runs | median ms | min ms | max ms | first row ÷ this |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const med = median(r.samples);
    console.log(
      `| ${r.mode} | ${r.samples.length} | ${fmt(med)} | ${fmt(Math.min(...r.samples))} | ${fmt(Math.max(...r.samples))} | ${(coldMedian / med).toFixed(1)}× |`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
