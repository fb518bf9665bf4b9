// Foundation figures: the orchestrator's start-up time and idle memory (the built bundle, as VS
// Code runs it), and the size of each bundle. Build first (`npm run build`).
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HealthRequest } from '../src/protocol/orchestrator';
import { startOrchestratorProcess } from '../test/support/orchestratorProcess';

const root = join(__dirname, '..');
const mb = (n: number): string => (n / 1048576).toFixed(1);

async function orchestratorFigures(runs: number): Promise<{ startMs: number[]; rss: number[]; heap: number[] }> {
  const startMs: number[] = [];
  const rss: number[] = [];
  const heap: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    // A trusted workspace with storage, so every feature (sessions, routing, budgets, fixes,
    // permissions) starts as it does in VS Code.
    const dir = mkdtempSync(join(tmpdir(), 'aa-bench-'));
    const o = startOrchestratorProcess('dist');
    await o.initialize({
      extensionVersion: 'bench',
      globalStorageDir: join(dir, 'global'),
      workspaceStorageDir: join(dir, 'ws'),
      workspaceFolders: [root],
      trusted: true,
    });
    await o.request(HealthRequest, undefined);
    startMs.push(performance.now() - t0);
    await sleep(3000); // idle: let start-up garbage settle
    const h = await o.request(HealthRequest, undefined);
    rss.push(h.rssBytes);
    heap.push(h.heapUsedBytes);
    await o.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { startMs, rss, heap };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  if (!existsSync(join(root, 'dist', 'server.js'))) {
    console.error('dist/server.js is missing: run `npm run build` first.');
    process.exit(1);
  }
  const f = await orchestratorFigures(3);
  console.log('| orchestrator (dist/server.js, 3 runs) | median | max |');
  console.log('| --- | --- | --- |');
  console.log(`| start to first health answer | ${median(f.startMs).toFixed(0)} ms | ${Math.max(...f.startMs).toFixed(0)} ms |`);
  console.log(`| idle resident memory (target < 100 MB) | ${mb(median(f.rss))} MB | ${mb(Math.max(...f.rss))} MB |`);
  console.log(`| idle JS heap used | ${mb(median(f.heap))} MB | ${mb(Math.max(...f.heap))} MB |`);
  console.log('\n| bundle | size |');
  console.log('| --- | --- |');
  for (const file of ['dist/extension.js', 'dist/languageClient.js', 'dist/server.js', 'dist/cli.js', 'dist/webview/dashboard.js']) {
    const p = join(root, file);
    console.log(`| ${file} | ${existsSync(p) ? `${(statSync(p).size / 1024).toFixed(1)} KiB` : 'missing'} |`);
  }
}

void main();
