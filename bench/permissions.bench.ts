// Benchmark of permission consolidation: 10,000 rules built from the real corpus' patterns,
// through each tier, with and without the matcher verification. Prints a Markdown table.
// Run: node --import tsx bench/permissions.bench.ts
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { consolidate } from '../src/core/permissions/consolidate';
import { compileRuleSet, decide } from '../src/core/permissions/matcher';
import { renderSettingsFile } from '../src/core/permissions/settingsFile';
import type { RuleLists, ToolCall } from '../src/core/permissions/types';
import { seededRandom as rng } from '../test/support/seededRandom';
import { PERMISSIONS_CORPUS_DIR } from '../test/support/fixturePaths';

const CORPUS = PERMISSIONS_CORPUS_DIR;

function corpusRules(): RuleLists<string> {
  const out: RuleLists<string> = { allow: [], ask: [], deny: [] };
  for (const name of readdirSync(CORPUS).filter((n) => n.endsWith('.json'))) {
    const perms = (JSON.parse(readFileSync(join(CORPUS, name), 'utf8')) as { permissions?: Partial<RuleLists<string>> }).permissions ?? {};
    for (const l of ['allow', 'ask', 'deny'] as const) out[l].push(...(perms[l] ?? []));
  }
  return out;
}

/** `n` allow rules: the corpus' own rules plus one-offs in its styles (paths, ports, PIDs, SHAs, messages). */
function buildRules(n: number): RuleLists<string> {
  const base = corpusRules();
  const r = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const progs = [
    'git add',
    'git commit -m',
    'git log --oneline',
    'npm run',
    'npm install',
    'npx tsc',
    'python',
    'python3 -m pytest',
    'node',
    'curl -s',
    'ls -la',
    'cat',
    'grep -rn',
    'find',
    'mkdir -p',
    'gh pr view',
    'gh issue view',
    'docker compose',
    'cargo test',
    'go test',
    'taskkill //F //PID',
    'rm -rf',
    'pip install',
    'uv run',
    'make',
    'kubectl get',
    'terraform plan',
    'jq',
    'sed -n',
    'wc -l',
  ];
  const programs = Array.from({ length: 400 }, (_, i) => `tool${i}`);
  const args = [
    (): string => `src/mod${Math.floor(r() * 500)}/file${Math.floor(r() * 50)}.ts`,
    (): string => String(1000 + Math.floor(r() * 60000)),
    (): string => `http://localhost:${3000 + Math.floor(r() * 20)}/api/v${Math.floor(r() * 3)}/item/${Math.floor(r() * 999)}`,
    (): string =>
      Math.floor(r() * 0xfffffff)
        .toString(16)
        .padStart(7, '0'),
    (): string => `"fix: change ${Math.floor(r() * 1e6)}"`,
    (): string => `/Users/dev/project${Math.floor(r() * 30)}/build`,
    (): string => `feature/x-${Math.floor(r() * 900)}`,
  ];
  // Pooling 72 files would let one file's bare `Bash` allow swallow every command rule: keep scoped rules only.
  const allow = base.allow.filter((r) => r.includes('(') || r.startsWith('mcp__'));
  while (allow.length < n) {
    const k = r();
    if (k < 0.55) allow.push(`Bash(${pick(progs)} ${pick(args)()})`);
    else if (k < 0.7) allow.push(`Bash(${pick(progs)}:*)`);
    else if (k < 0.8) allow.push(`Bash(${pick(programs)} ${pick(['run', 'build', 'check', 'list', 'show'])} ${pick(args)()})`);
    else if (k < 0.85) allow.push(`Bash(for f in ${pick(args)()}; do echo $f; done)`);
    else if (k < 0.9) allow.push(`WebFetch(domain:site${Math.floor(r() * 300)}.example.com)`);
    else if (k < 0.95) allow.push(`mcp__server${Math.floor(r() * 20)}__tool_${Math.floor(r() * 40)}`);
    else allow.push(`Read(//Users/dev/project${Math.floor(r() * 30)}/${pick(['src', 'docs', 'build'])}/**)`);
  }
  return { allow: allow.slice(0, n - base.deny.length - base.ask.length), ask: base.ask, deny: base.deny };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/**
 * Median wall time and median CPU time of `runs` calls after a warm-up (CPU time says more on a
 * shared machine). No forced GC between runs: a full collection right before a run leaves its
 * sweeping to the measured run (and CPU time counts V8's GC threads), which measured the collector.
 */
function time(runs: number, f: () => void): { wall: number; cpu: number } {
  for (let i = 0; i < 3; i++) f(); // warm-up (JIT)
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    walls.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

type Row = [string, { wall: number; cpu: number }, string];

function table(title: string, rows: Row[]): void {
  process.stdout.write(`\n### ${title}\n\n| step | ms | CPU ms | result |\n| --- | ---: | ---: | --- |\n`);
  for (const [step, t, result] of rows) process.stdout.write(`| ${step} | ${t.wall.toFixed(1)} | ${t.cpu.toFixed(1)} | ${result} |\n`);
}

const rules = buildRules(10_000);
const total = rules.allow.length + rules.ask.length + rules.deny.length;
const rows: Row[] = [];
const exact = consolidate(rules, { verify: false });
rows.push([
  `exact tier + findings, ${total} rules (verify: false)`,
  time(9, () => void consolidate(rules, { verify: false })),
  `${exact.before} -> ${exact.after}`,
]);
const exactV = consolidate(rules);
rows.push([
  '**exact tier + findings + matcher check of every change (the default)**',
  time(9, () => void consolidate(rules)),
  `${exactV.before} -> ${exactV.after}, ${exactV.verification.probes} probes`,
]);
const gen = consolidate(rules, { generalize: true, verify: false });
rows.push([
  'exact + generalizing tiers (no check)',
  time(5, () => void consolidate(rules, { generalize: true, verify: false })),
  `${gen.before} -> ${gen.after}`,
]);
const genV = consolidate(rules, { generalize: true });
rows.push([
  'exact + generalizing tiers + check',
  time(3, () => void consolidate(rules, { generalize: true })),
  `${genV.before} -> ${genV.after}, ${genV.verification.probes} probes`,
]);
const pruneV = consolidate(rules, { generalize: true, prune: true });
rows.push([
  'exact + generalizing + pruning tiers + check',
  time(3, () => void consolidate(rules, { generalize: true, prune: true })),
  `${pruneV.before} -> ${pruneV.after}, ${pruneV.changes.filter((c) => c.tier === 'prune').length} one-offs pruned`,
]);
const set = compileRuleSet(rules);
const calls: ToolCall[] = Array.from({ length: 10_000 }, (_, i) => ({
  tool: 'Bash',
  command: `git add src/file${i}.ts && npm run build && ls -la`,
}));
const decideT = time(5, () => {
  for (const c of calls) decide(set, c);
});
rows.push(['decide() on 10,000 compound Bash calls', decideT, `${Math.round(10_000 / decideT.wall)} calls/ms`]);
const text = `${JSON.stringify({ permissions: rules, model: 'opus' }, null, 2)}\n`;
rows.push([
  'render the settings file (10,000-rule arrays)',
  time(5, () => void renderSettingsFile(text, exact.rules)),
  `${text.length} chars`,
]);
table(`Permission consolidation (${total} rules built from the real corpus, median of the runs)`, rows);

// Two-rule files a cloned repository could carry: star/space patterns that made a backtracking
// regex exponential (12 stars: over a minute), and 10,000-character rules of one repeated unit.
const hostile: Row[] = [];
for (const stars of [8, 10, 12, 24]) {
  const lists = {
    allow: [`Bash(${Array.from({ length: stars }, () => '*').join(' ')} z)`, `Bash(${'a '.repeat(40)}*)`],
    ask: [],
    deny: [],
  };
  hostile.push([
    `\`Bash(* … * z)\` (${stars} stars) + \`Bash(a a … *)\`, --generalize`,
    time(5, () => void consolidate(lists, { generalize: true })),
    'consolidated',
  ]);
}
let worst: Row = ['', { wall: 0, cpu: 0 }, ''];
for (const unit of ['a ', '* ', '/', '"password":"', 'a@', 'http://', ':']) {
  for (const tool of ['Bash', 'Read']) {
    const body = unit.repeat(Math.ceil(10_000 / unit.length)).slice(0, 9_990);
    const lists = { allow: [`${tool}(a ${body}:*)`, 'Bash(a a a *)'], deny: [`${tool}(x ${body})`], ask: [] };
    const t = time(3, () => void consolidate(lists, { generalize: true, prune: true }));
    if (t.wall > worst[1].wall) worst = [`worst 10,000-character rule: ${tool}(${JSON.stringify(unit)} × …), all tiers`, t, 'consolidated'];
  }
}
hostile.push(worst);
table('Two-rule files that used to freeze the orchestrator (median)', hostile);
process.stdout.write(
  '\nTargets: the checked default (bold row) under 100 ms on 10,000 rules; any two-rule file under 50 ms. Before this round: 803 ms; 8 stars 1.6 s, 10 stars 19 s, 12 stars over 60 s.\n',
);
