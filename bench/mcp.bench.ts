// MCP benchmark: every tool's latency with 100,000 stored fixes (target p99 < 20 ms), measured three
// ways: the handler alone (the core toolbox), through the orchestrator's socket (line framing,
// schema checks, the token hello once per connection), and the whole path an agent takes (the
// official SDK's client → `agent-affinity mcp` over stdio → socket → orchestrator). The fixes are
// generated (real compiler, linter and test message shapes with random names), stored in the real
// JSON fix file, so `record_fix` pays what it pays in the orchestrator. Prints a Markdown table.
// Run: node --import tsx bench/mcp.bench.ts [fixes] [calls per tool]
import { cpus, loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { OrchestratorLink } from '../src/cli/mcp/orchestratorLink';
import { createFixRecord, type FixRecord } from '../src/core/fixes/fixRecord';
import type { ErrorInput } from '../src/core/fixes/signature';
import type { ToolInputs, ToolName } from '../src/core/mcp/mcpToolbox';
import { SessionTokens, randomToken } from '../src/core/mcp/tokens';
import { McpSocketServer } from '../src/server/mcp/mcpSocketServer';
import { coreState, type CoreState } from '../test/support/mcp/coreState';
import { mcpClient, serverEnv } from '../test/support/mcp/mcpProcesses';
import { seededRandom } from '../test/support/seededRandom';

const FIXES = Number(process.argv[2] ?? 100_000);
const CALLS = Number(process.argv[3] ?? 400);
const STDIO_CALLS = Math.max(50, Math.round(CALLS / 4));
setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;

const rnd = seededRandom(1515);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
const int = (n: number): number => Math.floor(rnd() * n);
const NAMES = [
  'user',
  'account',
  'config',
  'handler',
  'items',
  'result',
  'session',
  'token',
  'payload',
  'ctx',
  'node',
  'value',
  'cache',
  'client',
  'router',
  'store',
];
const TYPES = ['string', 'number', 'boolean', 'User', 'Account', 'Promise<void>', 'string[]', 'Config', 'undefined', 'Date'];
const WORDS = [
  'cannot',
  'invalid',
  'missing',
  'unexpected',
  'expected',
  'type',
  'value',
  'argument',
  'module',
  'import',
  'property',
  'method',
  'trait',
  'borrow',
  'generic',
  'scope',
  'closure',
  'promise',
  'channel',
  'crate',
  'index',
  'slice',
  'variant',
  'fixture',
  'timeout',
  'buffer',
  'socket',
  'denied',
  'resolved',
  'declared',
  'shadowed',
  'private',
  'optional',
  'duplicate',
  'overflow',
  'syntax',
  'operator',
];
const q = (): string => pick(NAMES);
const t = (): string => pick(TYPES);
const path = (ext: string): string => `src/${q()}/${q()}.${ext}`;
const TEMPLATES: readonly (() => ErrorInput)[] = [
  () => ({ message: `Type '${t()}' is not assignable to type '${t()}'.`, source: 'ts', code: 2322, file: path('ts') }),
  () => ({ message: `Property '${q()}' does not exist on type '${t()}'.`, source: 'ts', code: 2339, file: path('ts') }),
  () => ({ message: `Cannot find name '${q()}'.`, source: 'ts', code: 2304, file: path('ts') }),
  () => ({ message: `'${q()}' is assigned a value but never used.`, source: 'eslint', code: 'no-unused-vars', file: path('js') }),
  () => ({ message: `AttributeError: '${t()}' object has no attribute '${q()}'`, source: 'python', file: path('py') }),
  () => ({ message: `cannot find value \`${q()}\` in this scope`, source: 'rustc', code: 'E0425', file: path('rs') }),
];
/** Half templated (many fixes per signature), half of their own shape (one signature each). */
function errorInput(i: number): ErrorInput {
  if (i % 2 === 0) return pick(TEMPLATES)();
  const words = Array.from({ length: 6 + int(7) }, () => pick(WORDS));
  words.splice(int(words.length), 0, `'${q()}'`);
  return { message: words.join(' '), source: 'ts', code: String(1000 + int(50)), file: path('ts') };
}

function fixRecords(n: number): FixRecord[] {
  const out: FixRecord[] = [];
  for (let i = 0; i < n; i++) {
    const diff = `--- a/f\n+++ b/f\n@@ -${i + 1},3 +${i + 1},3 @@\n const ${q()} = ${int(9)};\n-let v${i} = ${q()}(${q()});\n+const v${i} = ${q()}(${q()});\n return v${i};\n`;
    out.push(
      createFixRecord({
        error: errorInput(i),
        diff,
        origin: pick(['diagnostic', 'agent', 'manual'] as const),
        now: Date.now() - int(30 * 86_400_000),
      }),
    );
  }
  return out;
}

type Call = { [K in ToolName]: { tool: K; args: (i: number) => ToolInputs[K] } }[ToolName];

/** Each tool with arguments that vary per call (errors from the stored shapes, files the sessions hold). */
function calls(files: string[], sessions: string[]): Call[] {
  let reported = 0;
  return [
    { tool: 'known_fixes', args: () => ({ error: `${errorInput(int(2)).message}`, file: path('ts') }) },
    {
      tool: 'record_fix',
      args: () => {
        reported++;
        return {
          error: `Cannot find name 'bench${reported}'.`,
          file: 'src/bench.ts',
          diff: `--- a/src/bench.ts\n+++ b/src/bench.ts\n@@ -1,1 +1,1 @@\n-old${reported}\n+new${reported}\n`,
        };
      },
    },
    { tool: 'context_budget', args: () => ({}) },
    { tool: 'who_holds', args: (i: number) => ({ paths: [pick(files), pick(files), `src/none${i}.ts`] }) },
    { tool: 'context_pack', args: () => ({ task: `refactor ${pick(files)} and ${pick(files)}`, max_tokens: 20_000 }) },
    { tool: 'route', args: () => ({ task: `fix the bug in ${pick(files)}` }) },
    { tool: 'hand_off', args: (i: number) => ({ session: sessions[(i % (sessions.length - 1)) + 1] ?? '', task: `review change ${i}` }) },
  ] as Call[];
}

interface Row {
  tool: string;
  path: string;
  n: number;
  p50: number;
  p99: number;
  max: number;
  /** Garbage-collection pauses during the series (ms, summed), and the longest. */
  gcMs: number;
  gcMaxMs: number;
}

/** Collects the garbage collector's pauses (they stop every call that is running). */
const gcPauses: number[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push(e.duration);
}).observe({ entryTypes: ['gc'] });

async function time(tool: string, pathName: string, n: number, run: (i: number) => Promise<unknown>): Promise<Row> {
  for (let i = 0; i < Math.min(20, n); i++) await run(i); // warm-up
  collectGarbage();
  await new Promise((r) => setImmediate(r));
  gcPauses.length = 0;
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await run(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
  const gcMs = gcPauses.reduce((a, b) => a + b, 0);
  return { tool, path: pathName, n, p50: at(0.5), p99: at(0.99), max: times.at(-1) ?? 0, gcMs, gcMaxMs: Math.max(0, ...gcPauses) };
}

async function main(): Promise<void> {
  const started = Date.now();
  const s = await coreState();
  const store = await s.fixes.required();
  await store.learnAll(fixRecords(FIXES), Date.now());
  await store.reload(); // the first write of the whole file is done before anything is timed
  const load = Date.now() - started;
  // Sessions holding files, with usage figures, as after a day's work.
  const sessions: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < 12; i++)
    files.push(s.file(`src/mod${i}/file${i}.ts`, `export function f${i}(x: number): number {\n  return x * ${i};\n}\n`.repeat(40)));
  for (let k = 0; k < 6; k++) {
    const sess = s.session(`session-${k}`);
    sessions.push(sess.id);
    const { run } = await s.start(sess.id, `work ${k}`);
    for (const f of files.slice(k, k + 6))
      run.emit({
        type: 'tool_use',
        toolId: `r${k}${f}`,
        toolName: 'Read',
        input: {},
        files: [{ path: f, access: 'read' }],
        isSidechain: false,
      });
    run.emit({
      type: 'usage',
      messageId: `m${k}`,
      model: 'claude-sonnet-4-5',
      input_tokens: 1000,
      output_tokens: 100,
      cache_creation_input_tokens: 2000,
      cache_read_input_tokens: 30_000,
      isSidechain: false,
    });
    run.finish(true);
  }
  s.settings.handOff = true;
  s.finishRuns(); // hand-offs run and end: no session piles up hundreds of queued tasks
  const caller = (): ReturnType<CoreState['toolbox']['caller']> => s.toolbox.caller(sessions[0]);

  const tokens = new SessionTokens();
  const windowToken = randomToken();
  const socketPath = join(s.root, 'sock', 'b.sock');
  const server = new McpSocketServer({ socketPath, windowToken, tokens, toolbox: s.toolbox, log: () => undefined });
  await server.listen();
  const link = new OrchestratorLink({ socketPath, token: windowToken, sessionToken: tokens.tokenFor(sessions[0] ?? ''), client: 'bench' });
  const client: Client = await mcpClient(
    serverEnv({ socketPath, token: windowToken }, { AGENT_AFFINITY_SESSION_TOKEN: tokens.tokenFor(sessions[0] ?? '') }),
    'bench',
  );

  const rows: Row[] = [];
  for (const c of calls(files, sessions)) {
    const call = c as { tool: ToolName; args: (i: number) => never };
    // A tool's pending store write lands in its own figures, not the next series'.
    const series = async (path: string, n: number, run: (i: number) => Promise<unknown>): Promise<void> => {
      rows.push(await time(call.tool, path, n, run));
      await store.reload();
    };
    await series('handler', CALLS, (i) => s.toolbox.call(call.tool, caller(), call.args(i)));
    await series('socket', CALLS, (i) => link.call(call.tool, call.args(i)));
    await series('stdio (SDK client → agent-affinity mcp)', STDIO_CALLS, (i) =>
      client.callTool({ name: call.tool, arguments: call.args(i) }),
    );
  }
  await client.close();
  link.close();
  await server.close();

  const f = (x: number): string => x.toFixed(2);
  console.log(
    `${store.size.toLocaleString('en-US')} stored fixes (${FIXES.toLocaleString('en-US')} generated, loaded in ${load} ms), ${sessions.length} sessions; ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(1)}\n`,
  );
  console.log('| tool | path | calls | p50 ms | p99 ms | max ms | p99 < 20 ms | GC pauses in the series, ms (longest) |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | :---: | ---: |');
  for (const r of rows)
    console.log(
      `| ${r.tool} | ${r.path} | ${r.n} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.max)} | ${r.p99 < 20 ? 'yes' : '**no**'} | ${r.gcMs.toFixed(0)} (${r.gcMaxMs.toFixed(0)}) |`,
    );
  await s.close();
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
