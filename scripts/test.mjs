#!/usr/bin/env node
// Runs the test layers: `node scripts/test.mjs [static|unit|integration|host|e2e ...]` (all when none is named).
// unit: plain-Node tests of the core and the pure parts of the other layers, no real agent CLI and no
// orchestrator process; integration: the real agent CLIs against their mock APIs, and the
// orchestrator process driven over its protocol; host: inside VS Code; e2e: the VSIX in a browser.
// Each layer prints its own results; this script prints the counts per layer and a closing
// "N passed, N failed" line, and exits non-zero when any layer failed or ran no test.
// `--dry-run` prints, as one JSON line per node:test layer named, the command it would run, and
// runs nothing (test/unit/repository/selfContained.test.ts checks the layers' guard with it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensureDependencies.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Fails a test that reads beside the repository (test/support/guards/outsideReads.mjs). */
const OUTSIDE_READS_GUARD = './test/support/guards/outsideReads.mjs';
ensureDependencies(root);

function findFiles(dir, suffix) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findFiles(full, suffix));
    else if (name.endsWith(suffix)) out.push(relative(root, full));
  }
  return out.sort();
}

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  const out = r.stdout?.toString() ?? '';
  process.stdout.write(out);
  return { status: r.status ?? 1, out };
}

/** Reads node:test's spec reporter closing lines ("ℹ pass N", "ℹ fail N"). */
function specCounts(out) {
  const num = (k) => Number([...out.matchAll(new RegExp(`^ℹ ${k} (\\d+)$`, 'gm'))].at(-1)?.[1] ?? 0);
  return { passed: num('pass'), failed: num('fail') + num('cancelled'), skipped: num('skipped') + num('todo') };
}

const dryRun = process.argv.includes('--dry-run');
/** The layers run by node:test in this process's Node (the others start VS Code or a browser). */
const NODE_TEST_LAYERS = ['unit', 'integration'];

/**
 * The temp folder of the guarded layers. A clone right in the system's temp folder has that folder
 * for its parent, where the guard allows nothing but the repository: the tests then get a temp
 * folder of their own inside it.
 */
function testTempEnv() {
  if (resolve(dirname(root)) !== resolve(tmpdir())) return {};
  const dir = join(tmpdir(), 'agent-affinity-test-tmp');
  mkdirSync(dir, { recursive: true });
  return { TMPDIR: dir, TMP: dir, TEMP: dir };
}

/** A node:test layer: every `*.test.ts` under test/<name>, with the outside-reads guard loaded. */
function nodeTestLayer(name, concurrency) {
  const files = findFiles(join(root, 'test', name), '.test.ts');
  if (files.length === 0) return { passed: 0, failed: 1, note: `no ${name} test files found` };
  const args = [
    '--import',
    'tsx',
    '--import',
    OUTSIDE_READS_GUARD,
    '--test',
    '--test-reporter=spec',
    `--test-concurrency=${concurrency}`,
    ...files,
  ];
  if (dryRun) {
    console.log(JSON.stringify({ layer: name, command: process.execPath, args }));
    return { passed: 0, failed: 0, note: 'dry run' };
  }
  const started = Date.now();
  const { status, out } = run(process.execPath, args, testTempEnv());
  const c = specCounts(out);
  if (status !== 0 && c.failed === 0) c.failed = 1;
  return { ...c, note: `${files.length} files, ${((Date.now() - started) / 1000).toFixed(1)} s` };
}

const layers = {
  // Strict TypeScript, ESLint (with the layer rules), Prettier and knip over the whole tree.
  static() {
    const checks = [
      ['typecheck', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--noEmit']],
      ['lint', [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.']],
      [
        'format',
        [join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--check', '--log-level', 'warn', '**/*.{ts,mts,mjs,js,css}'],
      ],
      // Unused files, exports and dependencies, and imports of packages package.json does not list.
      ['unused code', [join(root, 'node_modules', 'knip', 'bin', 'knip.js'), '--no-progress']],
    ];
    let passed = 0;
    const failedNames = [];
    for (const [name, args] of checks) {
      const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
      if (r.status === 0) {
        passed++;
        console.log(`✔ ${name}`);
      } else {
        failedNames.push(name);
        console.log(`✖ ${name} (exit ${r.status ?? r.signal})`);
      }
    }
    return { passed, failed: failedNames.length, ...(failedNames.length ? { note: `${failedNames.join(', ')} failed` } : {}) };
  },
  unit: () => nodeTestLayer('unit', 3),
  // Real agent CLIs and orchestrator processes: heavier per test, so fewer files at once on 2 cores.
  integration: () => nodeTestLayer('integration', 2),
  // Extension host: the mocha suite inside a real VS Code (code-server here; test-electron when a
  // desktop VS Code is available). test/host/main.ts prints the results and writes the counts.
  host() {
    const started = Date.now();
    const env = spawnSync(process.execPath, [join(root, 'scripts', 'testEnv', 'install.mjs')], { cwd: root, stdio: 'inherit' });
    if (env.status !== 0) return { passed: 0, failed: 1, note: 'test environment install failed (see above)' };
    const dir = mkdtempSync(join(tmpdir(), 'agent-affinity-host-counts-'));
    const countsFile = join(dir, 'counts.json');
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join('test', 'host', 'main.ts'), '--counts-file', countsFile], {
        cwd: root,
        stdio: 'inherit',
      });
      if (!existsSync(countsFile)) return { passed: 0, failed: 1, note: `host launcher wrote no counts (exit ${r.status ?? r.signal})` };
      const c = JSON.parse(readFileSync(countsFile, 'utf8'));
      if (r.status !== 0 && c.failed === 0) c.failed = 1;
      return { ...c, note: c.note ?? `${((Date.now() - started) / 1000).toFixed(1)} s` };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  // End to end: the VSIX in code-server, driven in Chromium by Playwright (test/e2e).
  e2e() {
    const started = Date.now();
    const env = spawnSync(process.execPath, [join(root, 'scripts', 'testEnv', 'install.mjs')], { cwd: root, stdio: 'inherit' });
    if (env.status !== 0) return { passed: 0, failed: 1, note: 'test environment install failed (see above)' };
    const vsix = spawnSync(process.execPath, [join(root, 'scripts', 'testEnv', 'ensureVsix.mjs')], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (vsix.status !== 0) return { passed: 0, failed: 1, note: 'the VSIX could not be built (see above)' };
    const files = findFiles(join(root, 'test', 'e2e'), '.test.ts');
    if (files.length === 0) return { passed: 0, failed: 1, note: 'no e2e test files found' };
    const { status, out } = run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files]);
    const c = specCounts(out);
    if (status !== 0 && c.failed === 0) c.failed = 1;
    return { ...c, note: `${((Date.now() - started) / 1000).toFixed(1)} s` };
  },
};

const named = process.argv.slice(2).filter((a) => a !== '--dry-run');
const wanted = named.length ? named : Object.keys(layers);
const unknown = wanted.filter((name) => !layers[name]);
if (unknown.length > 0) {
  console.error(`unknown test layer: ${unknown.join(', ')} (known: ${Object.keys(layers).join(', ')})`);
  process.exit(2);
}
if (dryRun) {
  for (const name of wanted.filter((n) => NODE_TEST_LAYERS.includes(n))) layers[name]();
  process.exit(0);
}
const results = [];
for (const name of wanted) {
  const layer = layers[name];
  console.log(`\n=== ${name} tests ===`);
  results.push([name, layer()]);
}
console.log('\n=== summary ===');
let passed = 0,
  failed = 0,
  skipped = 0;
for (const [name, r] of results) {
  console.log(`${name}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}${r.note ? ` (${r.note})` : ''}`);
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped ?? 0;
  if (r.passed === 0 && r.failed === 0) failed += 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || skipped > 0 ? 1 : 0);
