#!/usr/bin/env node
// Runs the benchmarks: `node scripts/bench.mjs [name ...] [argument ...]` runs bench/<name>.bench.ts
// (all when none is named) with the arguments. Each prints Markdown tables; this script only runs them in turn.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensureDependencies.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
ensureDependencies(root);
const all = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
// The leading arguments that name benchmarks choose them; the rest go to each of them
// (`npm run bench:mcp -- 100000 400 context_pack` → bench/mcp.bench.ts 100000 400 context_pack).
const args = process.argv.slice(2);
let named = 0;
while (named < args.length && all.includes(args[named])) named++;
if (named === 0 && args.length > 0 && !/^[\d-]/.test(args[0])) {
  console.error(`unknown benchmark '${args[0]}' (known: ${all.join(', ')})`);
  process.exit(2);
}
const wanted = named > 0 ? args.slice(0, named) : all;
const passed = args.slice(named);
let failed = 0;
for (const name of wanted) {
  console.log(`\n## ${name}\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join('bench', `${name}.bench.ts`), ...passed], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error(`benchmark ${name} failed (exit ${r.status ?? r.signal})`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
