#!/usr/bin/env node
// Bundles the extension's entry points with esbuild: the extension host (activation bundle and the
// lazily loaded language client), the orchestrator, the CLI and the dashboard webview.
// `--watch` rebuilds on change; `--production` minifies (used by `npm run package`).
import * as esbuild from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const root = fileURLToPath(new URL('..', import.meta.url));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

const common = {
  absWorkingDir: root,
  bundle: true,
  sourcemap: true,
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
  define: { ORCHESTRATOR_VERSION: JSON.stringify(version) },
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'] };

/** @type {esbuild.BuildOptions[]} */
const builds = [
  // The banner marks when the bundle starts evaluating, for the activation-cost figure.
  {
    ...node,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    external: ['vscode'],
    banner: { js: 'var __agentAffinityLoadStart = performance.now();' },
  },
  { ...node, entryPoints: { languageClient: 'src/extension/orchestrator/languageClient.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...node, entryPoints: { server: 'src/server/main.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'chrome114',
    entryPoints: { dashboard: 'webview-ui/src/main.ts' },
    outdir: 'dist/webview',
  },
];

async function copyAssets() {
  await mkdir(join(root, 'dist', 'webview'), { recursive: true });
  await copyFile(join(root, 'webview-ui', 'src', 'dashboard.css'), join(root, 'dist', 'webview', 'dashboard.css'));
  // tiktoken (bundled into the orchestrator) looks for its WASM beside the bundle: dist/.
  await copyFile(join(root, 'node_modules', 'tiktoken', 'tiktoken_bg.wasm'), join(root, 'dist', 'tiktoken_bg.wasm'));
}

if (!watch) await rm(join(root, 'dist'), { recursive: true, force: true });
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await copyAssets();
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching for changes… (Ctrl+C to stop)');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  await copyAssets();
  console.log(`built in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
