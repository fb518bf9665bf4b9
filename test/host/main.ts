// The host layer: builds the extension and the suite, then runs the suite inside a real VS Code:
// desktop VS Code through @vscode/test-electron when one is available, and code-server always
// (the only one on machines that reach just the package registries), once on the minimum VS Code
// in engines.vscode and once on the current one. Prints mocha-style results per version and a
// closing "N passed, N failed" line; `--counts-file F` also writes the counts as JSON, with the
// counts per version in the note. A failure on either version fails the layer.
//   node --import tsx test/host/main.ts [--counts-file F] [--extension-path DIR] [--no-build]
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildHostSuite } from '../../scripts/testEnv/buildHostSuite.mjs';
import { ensureTestEnv, ROLES, type CodeServerEnv } from '../../scripts/testEnv/install.mjs';
import { formatResults, type HostResults } from './results';
import { runWithCodeServer } from './runCodeServer';
import { findDesktopVSCode, runWithElectron } from './runElectron';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface LayerCounts {
  passed: number;
  failed: number;
  skipped?: number;
  note?: string;
}

function buildExtension(): void {
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status ?? r.signal})`);
  if (!existsSync(join(root, 'dist', 'extension.js'))) throw new Error('npm run build left no dist/extension.js');
}

function addUp(total: LayerCounts, r: HostResults, label: string): void {
  console.log(formatResults(r, label));
  if (r.fatal) total.failed += 1;
  total.passed += r.passed;
  total.failed += r.failed;
  if (r.pending) total.skipped = (total.skipped ?? 0) + r.pending;
  if (r.passed + r.failed === 0) {
    total.failed += 1;
    total.note = `${label} ran no test`;
  }
}

export async function runHostLayer(extensionPath: string, build: boolean): Promise<LayerCounts> {
  const total: LayerCounts = { passed: 0, failed: 0 };
  const started = Date.now();
  const env = await ensureTestEnv(ROLES);
  if (build) buildExtension();
  const testsIndex = await buildHostSuite();
  const notes: string[] = [];

  const desktop = await findDesktopVSCode();
  if (desktop.ok) {
    console.log(`host suite under desktop VS Code (${desktop.source}: ${desktop.executable})`);
    try {
      addUp(total, await runWithElectron(desktop.executable, extensionPath, testsIndex), '@vscode/test-electron');
      notes.push('test-electron + code-server');
    } catch (err) {
      console.log(`✗ @vscode/test-electron: ${err instanceof Error ? err.message : String(err)}`);
      total.failed += 1;
    }
  } else {
    console.log(`@vscode/test-electron not run: ${desktop.reason}; using code-server`);
    notes.push('code-server only');
  }

  const perVersion: string[] = [];
  for (const role of ROLES) {
    const cs: CodeServerEnv | undefined = env.codeServers[role];
    if (!cs) throw new Error(`the ${role} code-server is not installed`);
    // formatResults adds the VS Code version the suite itself reported.
    const label = `code-server ${cs.codeServerVersion} (${role})`;
    const before = { passed: total.passed, failed: total.failed };
    const runStarted = Date.now();
    try {
      const results = await runWithCodeServer({
        codeServerEntry: cs.codeServerEntry,
        node: cs.node,
        developmentArgs: cs.developmentArgs,
        label: `host-${cs.vscodeVersion}`,
        chromium: env.chromium,
        extensionPath,
        testsIndex,
        artifactsDir: join(root, 'test-results', 'host', cs.vscodeVersion),
      });
      addUp(total, results, label);
      if (results.vscodeVersion !== cs.vscodeVersion) {
        console.log(`✗ ${label}: the suite ran in VS Code ${results.vscodeVersion}, not ${cs.vscodeVersion}`);
        total.failed += 1;
      }
    } catch (err) {
      console.log(
        `✗ host suite under ${label} (VS Code ${cs.vscodeVersion}) could not run:\n${err instanceof Error ? err.message : String(err)}`,
      );
      total.failed += 1;
    }
    const runSecs = ((Date.now() - runStarted) / 1000).toFixed(1);
    perVersion.push(
      `VS Code ${cs.vscodeVersion}: ${total.passed - before.passed} passed, ${total.failed - before.failed} failed in ${runSecs} s`,
    );
  }
  notes.push(perVersion.join(', '));
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  total.note = [total.note, ...notes, `${secs} s`].filter(Boolean).join('; ');
  return total;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'counts-file': { type: 'string' },
      'extension-path': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
    },
  });
  const extensionPath = values['extension-path'] ?? root;
  let counts: LayerCounts;
  try {
    counts = await runHostLayer(extensionPath, !values['no-build'] && extensionPath === root);
  } catch (err) {
    console.log(`✗ host layer could not run: ${err instanceof Error ? err.message : String(err)}`);
    counts = { passed: 0, failed: 1, note: 'could not run (see above)' };
  }
  console.log(`${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
  if (values['counts-file']) writeFileSync(values['counts-file'], JSON.stringify(counts));
  process.exitCode = counts.failed === 0 && counts.passed > 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
