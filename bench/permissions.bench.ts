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

function time(runs: number, f: () => void): number {
  for (let i = 0; i < 3; i++) f(); // warm-up (JIT)
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

const rules = buildRules(10_000);
const total = rules.allow.length + rules.ask.length + rules.deny.length;
const rows: [string, string, string][] = [];
const exact = consolidate(rules, { verify: false });
rows.push([
  `exact tier + findings, ${total} rules (verify: false)`,
  time(9, () => {
    consolidate(rules, { verify: false });
  }).toFixed(1),
  `${exact.before} -> ${exact.after}`,
]);
const exactV = consolidate(rules);
rows.push([
  'exact tier + findings + matcher verification of every change (the default)',
  time(5, () => {
    consolidate(rules);
  }).toFixed(1),
  `${exactV.before} -> ${exactV.after}, ${exactV.verification.probes} probes`,
]);
const gen = consolidate(rules, { generalize: true, verify: false });
rows.push([
  'exact + generalizing tiers (no verification)',
  time(5, () => {
    consolidate(rules, { generalize: true, verify: false });
  }).toFixed(1),
  `${gen.before} -> ${gen.after}`,
]);
const genV = consolidate(rules, { generalize: true });
rows.push([
  'exact + generalizing tiers + verification',
  time(3, () => {
    consolidate(rules, { generalize: true });
  }).toFixed(1),
  `${genV.before} -> ${genV.after}, ${genV.verification.probes} probes`,
]);
const set = compileRuleSet(rules);
const calls: ToolCall[] = Array.from({ length: 10_000 }, (_, i) => ({
  tool: 'Bash',
  command: `git add src/file${i}.ts && npm run build && ls -la`,
}));
const decideMs = time(5, () => {
  for (const c of calls) decide(set, c);
});
rows.push(['decide() on 10,000 compound Bash calls', decideMs.toFixed(1), `${Math.round(10_000 / decideMs)} calls/ms`]);
const text = `${JSON.stringify({ permissions: rules, model: 'opus' }, null, 2)}\n`;
rows.push([
  'render the settings file (10,000-rule arrays)',
  time(5, () => {
    renderSettingsFile(text, exact.rules);
  }).toFixed(1),
  `${text.length} chars`,
]);

process.stdout.write(`\n### Permission consolidation (${total} rules built from the real corpus, median ms)\n\n`);
process.stdout.write('| step | ms | result |\n| --- | ---: | --- |\n');
for (const [step, ms, result] of rows) process.stdout.write(`| ${step} | ${ms} | ${result} |\n`);
process.stdout.write(`\nTarget: consolidating 10,000 rules < 100 ms (first row).\n`);
