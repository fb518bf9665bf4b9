#!/usr/bin/env node
// Bundles the extension-host mocha suite (test/host/suite/*.ts) with esbuild into
// out/test/host/suite/: index.js (the extensionTestsPath module) and one *.test.js per test file.
// `vscode` is provided by the extension host and mocha is loaded from node_modules.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const HOST_SUITE_OUT = join(root, 'out', 'test', 'host', 'suite');

/** Builds the suite; resolves to the path of index.js. */
export async function buildHostSuite() {
  const srcDir = join(root, 'test', 'host', 'suite');
  const entries = readdirSync(srcDir)
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => join(srcDir, f));
  rmSync(HOST_SUITE_OUT, { recursive: true, force: true });
  await build({
    entryPoints: entries,
    outdir: HOST_SUITE_OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(HOST_SUITE_OUT, 'index.js');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildHostSuite().then(
    (p) => console.log(`host suite built: ${p}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
