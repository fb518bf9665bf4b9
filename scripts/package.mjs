#!/usr/bin/env node
// Builds the VSIX with @vscode/vsce (whose vscode:prepublish step makes a production build), with no node_modules (everything is
// bundled). Prints the VSIX's path and size.
import { spawnSync } from 'node:child_process';
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, `${name}-${version}.vsix`);

function step(label, cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`package: ${label} failed (${[cmd, ...args].join(' ')} exited with ${r.status ?? r.signal}).`);
    process.exit(1);
  }
}

// vsce runs the `vscode:prepublish` script first: the production build.
step('vsce package', process.execPath, [
  join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--no-update-package-json',
  '--no-rewrite-relative-links',
  '--out',
  out,
]);
console.log(`VSIX: ${out} (${(statSync(out).size / 1024).toFixed(1)} KiB)`);
