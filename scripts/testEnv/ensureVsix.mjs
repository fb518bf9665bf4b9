#!/usr/bin/env node
// Makes sure the VSIX at the repo root is there and newer than what goes into it (dist, src,
// webview-ui, media, package.json); runs `npm run package` otherwise. Output goes to stderr so
// test runners that read stdout stay clean. AGENT_AFFINITY_E2E_VSIX names another VSIX to use.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const INPUTS = ['dist', 'src', 'webview-ui', 'media', 'package.json', '.vscodeignore'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** Resolves to the VSIX path, packaging first when it is missing or stale; throws when packaging fails. */
export function ensureVsix() {
  const override = process.env.AGENT_AFFINITY_E2E_VSIX;
  if (override) {
    if (!existsSync(override)) throw new Error(`AGENT_AFFINITY_E2E_VSIX=${override} does not exist`);
    return override;
  }
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const vsix = join(root, `${name}-${version}.vsix`);
  const inputs = Math.max(...INPUTS.map((p) => newestMtime(join(root, p))));
  if (existsSync(vsix) && statSync(vsix).mtimeMs >= inputs) return vsix;
  process.stderr.write(`[e2e] ${existsSync(vsix) ? 'VSIX older than its inputs' : 'no VSIX yet'}: npm run package\n`);
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
  if (r.status !== 0 || !existsSync(vsix)) {
    throw new Error(`npm run package failed (exit ${r.status ?? r.signal}) or wrote no ${vsix}; run it by hand to see why`);
  }
  return vsix;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    console.log(ensureVsix());
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
