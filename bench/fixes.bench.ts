// Learned-fix benchmark: lookup latency with 100,000 stored fixes (target p99 < 5 ms) and the
// store's load time. Run: node --import tsx bench/fixes.bench.ts [count]. Prints Markdown tables.
//
// Two stores of generated fixes: "templated" (real compiler/linter/test messages from TypeScript,
// ESLint, Python, Rust and Go with random names, paths and numbers: many fixes per signature) and
// "diverse" (every fix a different message shape: one signature each, the worst case for the
// similarity index). Each lookup signs the raw message first, as the code-action path does.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import type { FixRecord } from '../src/core/fixes/fixRecord';
import { createFixRecord } from '../src/core/fixes/fixRecord';
import { FixStore } from '../src/core/fixes/fixStore';
import { InMemoryFixRepository } from '../src/core/fixes/fixRepository';
import { JsonFixRepository } from '../src/core/fixes/jsonFixRepository';
import type { ErrorInput } from '../src/core/fixes/signature';
import { seededRandom } from '../test/support/seededRandom';

const COUNT = Number(process.argv[2] ?? 100_000);
// A full collection before each timed series, so one scenario's garbage does not pause the next.
setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;
const QUERIES = 2000;
const T0 = Date.UTC(2026, 0, 1);

const rnd = seededRandom(12345);
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
  'req',
  'res',
  'ctx',
  'node',
  'parent',
  'value',
  'data',
  'options',
  'event',
  'index',
  'cache',
  'client',
  'server',
  'logger',
  'router',
  'store',
];
const TYPES = [
  'string',
  'number',
  'boolean',
  'User',
  'Account',
  'Promise<void>',
  'string[]',
  'Record<string, unknown>',
  'Config',
  'undefined',
  'null',
  'Date',
  'Buffer',
  'Map<string, number>',
];
const WORDS = [
  'cannot',
  'invalid',
  'missing',
  'unexpected',
  'expected',
  'type',
  'value',
  'argument',
  'parameter',
  'module',
  'import',
  'export',
  'return',
  'function',
  'call',
  'property',
  'field',
  'method',
  'struct',
  'trait',
  'lifetime',
  'borrow',
  'mutable',
  'reference',
  'pointer',
  'interface',
  'generic',
  'constraint',
  'overload',
  'signature',
  'declaration',
  'definition',
  'scope',
  'block',
  'closure',
  'iterator',
  'async',
  'await',
  'promise',
  'future',
  'channel',
  'goroutine',
  'package',
  'crate',
  'namespace',
  'class',
  'instance',
  'static',
  'constant',
  'variable',
  'index',
  'key',
  'slice',
  'array',
  'tuple',
  'union',
  'enum',
  'variant',
  'pattern',
  'match',
  'guard',
  'assertion',
  'fixture',
  'mock',
  'timeout',
  'deadline',
  'buffer',
  'stream',
  'socket',
  'handle',
  'resource',
  'permission',
  'denied',
  'found',
  'defined',
  'assignable',
  'compatible',
  'resolved',
  'reachable',
  'initialized',
  'declared',
  'used',
  'shadowed',
  'ambiguous',
  'recursive',
  'private',
  'public',
  'protected',
  'readonly',
  'optional',
  'required',
  'nullable',
  'deprecated',
  'duplicate',
  'conflicting',
  'incomplete',
  'unsupported',
  'overflow',
  'underflow',
  'division',
  'zero',
  'encoding',
  'decode',
  'parse',
  'syntax',
  'token',
  'literal',
  'operator',
  'operand',
  'expression',
  'statement',
];
const path = (ext: string): string => `src/${pick(NAMES)}/${pick(NAMES)}.${ext}`;
const q = (): string => pick(NAMES);
const t = (): string => pick(TYPES);

type Maker = () => ErrorInput;
const TEMPLATES: readonly Maker[] = [
  () => ({ message: `Type '${t()}' is not assignable to type '${t()}'.`, source: 'ts', code: 2322, file: path('ts') }),
  () => ({
    message: `Argument of type '${t()}' is not assignable to parameter of type '${t()}'.`,
    source: 'ts',
    code: 2345,
    file: path('ts'),
  }),
  () => ({ message: `Property '${q()}' does not exist on type '${t()}'.`, source: 'ts', code: 2339, file: path('tsx') }),
  () => ({ message: `Cannot find name '${q()}'.`, source: 'ts', code: 2304, file: path('ts') }),
  () => ({ message: `Cannot find name '${q()}'. Did you mean '${q()}'?`, source: 'ts', code: 2552, file: path('ts') }),
  () => ({
    message: `Cannot find module './${q()}/${q()}' or its corresponding type declarations.`,
    source: 'ts',
    code: 2307,
    file: path('ts'),
  }),
  () => ({ message: `Expected ${int(4)} arguments, but got ${int(5)}.`, source: 'ts', code: 2554, file: path('ts') }),
  () => ({ message: `Parameter '${q()}' implicitly has an 'any' type.`, source: 'ts', code: 7006, file: path('ts') }),
  () => ({ message: `'${q()}' is possibly 'undefined'.`, source: 'ts', code: 18048, file: path('ts') }),
  () => ({ message: `Object is possibly 'null'.`, source: 'ts', code: 2531, file: path('ts') }),
  () => ({ message: `'${q()}' is declared but its value is never read.`, source: 'ts', code: 6133, file: path('ts') }),
  () => ({ message: `Module '"${q()}"' has no exported member '${q()}'.`, source: 'ts', code: 2305, file: path('ts') }),
  () => ({
    message: `'${q()}' is assigned a value but never used.`,
    source: 'eslint',
    code: '@typescript-eslint/no-unused-vars',
    file: path('ts'),
  }),
  () => ({ message: `Expected '===' and instead saw '=='.`, source: 'eslint', code: 'eqeqeq', file: path('js') }),
  () => ({ message: `'${q()}' is not defined.`, source: 'eslint', code: 'no-undef', file: path('js') }),
  () => ({
    message: `Unexpected any. Specify a different type.`,
    source: 'eslint',
    code: '@typescript-eslint/no-explicit-any',
    file: path('ts'),
  }),
  () => ({
    message: `React Hook useEffect has a missing dependency: '${q()}'. Either include it or remove the dependency array.`,
    source: 'eslint',
    code: 'react-hooks/exhaustive-deps',
    file: path('tsx'),
  }),
  () => ({ message: `NameError: name '${q()}' is not defined`, source: 'python', file: path('py') }),
  () => ({ message: `AttributeError: '${t()}' object has no attribute '${q()}'`, source: 'python', file: path('py') }),
  () => ({ message: `KeyError: '${q()}'`, source: 'python', file: path('py') }),
  () => ({
    message: `TypeError: ${q()}() takes ${int(4)} positional arguments but ${int(5) + 1} were given`,
    source: 'python',
    file: path('py'),
  }),
  () => ({ message: `ValueError: invalid literal for int() with base 10: '${q()}'`, source: 'python', file: path('py') }),
  () => ({ message: `ModuleNotFoundError: No module named '${q()}'`, source: 'python', file: path('py') }),
  () => ({
    message: `Argument ${int(3) + 1} to "${q()}" has incompatible type "${t()}"; expected "${t()}"`,
    source: 'mypy',
    code: 'arg-type',
    file: path('py'),
  }),
  () => ({
    message: `Incompatible return value type (got "${t()}", expected "${t()}")`,
    source: 'mypy',
    code: 'return-value',
    file: path('py'),
  }),
  () => ({ message: `"${q()}" is not defined`, source: 'Pylance', code: 'reportUndefinedVariable', file: path('py') }),
  () => ({
    message: `Cannot access attribute "${q()}" for class "${t()}"`,
    source: 'Pylance',
    code: 'reportAttributeAccessIssue',
    file: path('py'),
  }),
  () => ({ message: `AssertionError: assert ${int(100)} == ${int(100)}`, source: 'pytest', file: path('py') }),
  () => ({ message: 'mismatched types', source: 'rustc', code: 'E0308', file: path('rs') }),
  () => ({ message: `cannot find value \`${q()}\` in this scope`, source: 'rustc', code: 'E0425', file: path('rs') }),
  () => ({
    message: `no method named \`${q()}\` found for struct \`${t()}\` in the current scope`,
    source: 'rustc',
    code: 'E0599',
    file: path('rs'),
  }),
  () => ({ message: `borrow of moved value: \`${q()}\``, source: 'rustc', code: 'E0382', file: path('rs') }),
  () => ({
    message: `cannot borrow \`${q()}\` as mutable, as it is not declared as mutable`,
    source: 'rustc',
    code: 'E0596',
    file: path('rs'),
  }),
  () => ({ message: `undefined: ${q()}`, source: 'compiler', code: 'UndeclaredName', languageId: 'go' }),
  () => ({ message: `declared and not used: ${q()}`, source: 'compiler', languageId: 'go' }),
  () => ({ message: `cannot use ${q()} (variable of type ${q()}) as ${q()} value in assignment`, source: 'compiler', languageId: 'go' }),
  () => ({ message: `fmt.Printf format %d has arg ${q()} of wrong type ${q()}`, source: 'vet', languageId: 'go' }),
];

/** A message with its own shape: 6–12 random words and a quoted name (one signature per fix). */
function diverse(): ErrorInput {
  const words = Array.from({ length: 6 + int(7) }, () => pick(WORDS));
  words.splice(int(words.length), 0, `'${q()}'`);
  const [source, file] = pick([
    ['ts', path('ts')],
    ['eslint', path('js')],
    ['mypy', path('py')],
    ['rustc', path('rs')],
    ['compiler', path('go')],
  ] as const);
  return { message: words.join(' '), source, code: String(1000 + int(50)), file };
}

function makeRecords(n: number, make: () => ErrorInput): FixRecord[] {
  const out: FixRecord[] = [];
  for (let i = 0; i < n; i++) {
    const error = make();
    const diff = `--- a/f\n+++ b/f\n@@ -${i + 1},3 +${i + 1},3 @@\n const ${q()} = ${int(9)};\n-let v${i} = ${q()}(${q()});\n+const v${i} = ${q()}(${q()});\n return v${i};\n`;
    const r = createFixRecord({ error, diff, origin: pick(['diagnostic', 'agent', 'manual'] as const), now: T0 + int(30 * 86_400_000) });
    const applied = int(6);
    const succeeded = int(applied + 1);
    out.push({ ...r, counts: { offered: applied + int(10), applied, succeeded, failed: int(applied - succeeded + 1) } });
  }
  return out;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function timeLookups(store: FixStore, queries: readonly ErrorInput[]): { p50: number; p99: number; max: number; hits: number } {
  for (const query of queries.slice(0, 200)) store.lookup(query); // warm-up
  collectGarbage();
  const times: number[] = [];
  let hits = 0;
  for (const query of queries) {
    const start = process.hrtime.bigint();
    const found = store.lookup(query);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (found.length > 0) hits++;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: times[times.length - 1] ?? 0, hits };
}

/** One word of a stored message replaced: a near miss that only the similarity index can find. */
function nearMiss(r: FixRecord): ErrorInput {
  const words = r.message.split(' ');
  const i = int(words.length);
  if (!/['"`]/.test(words[i] ?? "'")) words[i] = pick(WORDS);
  return { message: words.join(' '), source: r.signature.source, code: r.signature.code, languageId: r.signature.language };
}

const ms = (x: number): string => x.toFixed(3);

async function main(): Promise<void> {
  console.log(
    `# Learned fixes benchmark (${COUNT.toLocaleString('en-US')} stored fixes, ${QUERIES} timed lookups per row, Node ${process.version})\n`,
  );
  const lookupRows: string[] = [];
  const loadRows: string[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'affinity-fixes-bench-'));
  try {
    for (const [name, make] of [
      ['templated', (): ErrorInput => pick(TEMPLATES)()],
      ['diverse', diverse],
    ] as const) {
      const records = makeRecords(COUNT, make);
      let start = performance.now();
      const store = await FixStore.open(new InMemoryFixRepository(records));
      const indexMs = performance.now() - start;
      const stored = Array.from({ length: QUERIES }, () => pick(records));
      const sets: Array<[string, ErrorInput[]]> = [
        [
          'same error, new place (exact)',
          name === 'templated'
            ? Array.from({ length: QUERIES }, () => pick(TEMPLATES)())
            : stored.map((r) => ({
                message: r.message.replace(/'[^']*'/, `'${q()}'`),
                source: r.signature.source,
                code: r.signature.code,
                file: r.file ?? 'x.ts',
                languageId: r.signature.language,
              })),
        ],
        ['near miss (similar)', stored.map(nearMiss)],
        [
          'unknown error (miss)',
          Array.from({ length: QUERIES }, () => ({
            message: `${pick(WORDS)}zz ${pick(WORDS)}qq '${q()}' ${int(1000)}`,
            source: 'ts',
            code: 9999,
            languageId: 'typescript',
          })),
        ],
      ];
      for (const [label, queries] of sets) {
        const r = timeLookups(store, queries);
        lookupRows.push(
          `| ${name} | ${store.signatureCount.toLocaleString('en-US')} | ${label} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${((100 * r.hits) / queries.length).toFixed(0)}% |`,
        );
      }
      // Store load: write the records to the shared JSON file, then time opening it cold.
      const file = join(dir, `${name}.json`);
      const writer = await JsonFixRepository.open({ file, fsync: false });
      await writer.apply([{ kind: 'upsert', records, at: T0 }]);
      await writer.close();
      const size = (await stat(file)).size;
      start = performance.now();
      const repo = await JsonFixRepository.open({ file, fsync: false });
      const openMs = performance.now() - start;
      start = performance.now();
      const loaded = await FixStore.open(repo);
      const buildMs = performance.now() - start;
      // One counter update written through the shared store (lock, re-read, replay, write).
      start = performance.now();
      await loaded.applied(records[0]?.id ?? '', T0 + 1);
      const applyMs = performance.now() - start;
      start = performance.now();
      await repo.flush();
      const writeMs = performance.now() - start;
      await repo.close();
      loadRows.push(
        `| ${name} | ${loaded.size.toLocaleString('en-US')} | ${(size / 1e6).toFixed(1)} MB | ${openMs.toFixed(0)} | ${buildMs.toFixed(0)} | ${(openMs + buildMs).toFixed(0)} | ${indexMs.toFixed(0)} | ${applyMs.toFixed(0)} | ${writeMs.toFixed(0)} |`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log('## Lookup latency (ms, signing the message included; target p99 < 5 ms)\n');
  console.log('| store | signatures | query | p50 | p99 | max | found |');
  console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: |');
  for (const row of lookupRows) console.log(row);
  console.log('\n## Store load (ms)\n');
  console.log(
    '| store | fixes | file | open + parse + validate | index build | total | index build from memory | one update in memory | its locked write |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of loadRows) console.log(row);
  console.log(
    `\nHeap used after the run: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB; load average at the end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
