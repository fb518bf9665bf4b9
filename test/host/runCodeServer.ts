// Launcher A: runs the host suite inside code-server's real extension host. code-server serves
// the workbench; headless Chromium opens it with the extensionDevelopmentPath and
// extensionTestsPath payload (TESTING.md); the suite writes its results to a file we wait for.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../../scripts/testEnv/chromium';
import { CleanupStack, removeDir } from '../../scripts/testEnv/cleanup';
import { readExtHostLogs, remoteUri, startCodeServer, workbenchUrl } from '../../scripts/testEnv/codeServer';
import { RESULTS_ENV, RESULTS_WORKSPACE_FILE, type HostResults } from './results';

export interface CodeServerRunOptions {
  codeServerEntry: string;
  /** The Node this code-server runs on. */
  node: string;
  /** Names the temp folder and the log file (one per VS Code version). */
  label: string;
  /** What this version's server needs to honour the development payload. */
  developmentArgs: string[];
  chromium: string;
  extensionPath: string;
  testsIndex: string;
  /** Where logs and screenshots go (test-results/host). */
  artifactsDir: string;
  timeoutMs?: number;
}

function readResults(paths: string[]): HostResults | undefined {
  for (const p of paths) {
    if (!existsSync(p)) continue;
    try {
      return JSON.parse(readFileSync(p, 'utf8')) as HostResults;
    } catch {
      // written atomically, so a parse error means a foreign file: keep waiting for ours
    }
  }
  return undefined;
}

/** Runs the suite once; throws with code-server's and the extension host's logs when no results come. */
export async function runWithCodeServer(opts: CodeServerRunOptions): Promise<HostResults> {
  const timeoutMs = opts.timeoutMs ?? 480_000;
  mkdirSync(opts.artifactsDir, { recursive: true });
  const cleanup = new CleanupStack();
  const resultsDir = mkdtempSync(join(tmpdir(), 'agent-affinity-host-results-'));
  cleanup.add('results folder', () => removeDir(resultsDir));
  const resultsFile = join(resultsDir, 'results.json');
  try {
    const started = Date.now();
    const server = await startCodeServer({
      entry: opts.codeServerEntry,
      node: opts.node,
      extraArgs: opts.developmentArgs,
      label: opts.label,
      logDir: opts.artifactsDir,
      env: { [RESULTS_ENV]: resultsFile },
    });
    cleanup.add('code-server', () => server.stop());
    const browser = await launchChromium(opts.chromium);
    cleanup.add('chromium', () => browser.close());
    const page = await browser.context.newPage();
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));

    const url = workbenchUrl(server, [
      ['extensionDevelopmentPath', remoteUri(server, opts.extensionPath)],
      ['extensionTestsPath', remoteUri(server, opts.testsIndex)],
    ]);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    process.stderr.write(
      `[host] workbench up in ${((Date.now() - started) / 1000).toFixed(1)} s; running the suite in the extension host\n`,
    );

    const candidates = [resultsFile, join(server.workspace, RESULTS_WORKSPACE_FILE)];
    const deadline = Date.now() + timeoutMs;
    let results = readResults(candidates);
    let serverExit: string | undefined;
    server.process.once('exit', (code, signal) => {
      serverExit = `code-server exited (${code ?? signal})`;
    });
    while (!results && !serverExit && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      results = readResults(candidates);
    }
    await page.screenshot({ path: join(opts.artifactsDir, 'host-workbench-after-suite.png') }).catch(() => undefined);
    if (!results) {
      const why = serverExit ?? `no results file within ${timeoutMs / 1000} s`;
      throw new Error(
        `host suite under code-server: ${why}.\n` +
          `--- code-server output (${server.logPath}):\n${server.outputTail(40)}\n` +
          `--- extension host logs:\n${readExtHostLogs(server) || '(none)'}\n` +
          `--- browser console (last 30):\n${consoleLines.slice(-30).join('\n')}`,
      );
    }
    if (results.failed > 0) {
      process.stderr.write(`--- extension host logs (on failure):\n${readExtHostLogs(server)}\n`);
    }
    return results;
  } finally {
    await cleanup.runAll();
  }
}
