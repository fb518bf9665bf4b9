// Launcher B: the same host suite under desktop VS Code through @vscode/test-electron, when
// VSCODE_EXECUTABLE_PATH points at a VS Code or one can be downloaded. On machines that reach
// only the package registries neither holds, and the caller says so and uses code-server.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests, SilentReporter } from '@vscode/test-electron';
import { testEnvPaths } from '../../scripts/testEnv/install.mjs';
import { CleanupStack, killGroup, removeDir } from '../../scripts/testEnv/cleanup';
import { makeDemoWorkspace } from '../../scripts/testEnv/codeServer';
import { RESULTS_ENV, type HostResults } from './results';

export type ElectronAvailability = { ok: true; executable: string; source: string } | { ok: false; reason: string };

/** Finds a desktop VS Code: VSCODE_EXECUTABLE_PATH, else a download into the test cache. */
export async function findDesktopVSCode(): Promise<ElectronAvailability> {
  const fromEnv = process.env.VSCODE_EXECUTABLE_PATH;
  if (fromEnv) {
    return existsSync(fromEnv)
      ? { ok: true, executable: fromEnv, source: 'VSCODE_EXECUTABLE_PATH' }
      : { ok: false, reason: `VSCODE_EXECUTABLE_PATH=${fromEnv} does not exist` };
  }
  try {
    const cachePath = join(testEnvPaths().cacheRoot, 'vscode-desktop');
    const executable = await downloadAndUnzipVSCode({ cachePath, version: 'stable', reporter: new SilentReporter() });
    return { ok: true, executable, source: 'download' };
  } catch (err) {
    return {
      ok: false,
      reason: `VS Code download unreachable (${err instanceof Error ? err.message : String(err)}) and VSCODE_EXECUTABLE_PATH unset`,
    };
  }
}

/** Desktop VS Code needs an X display: on a headless Linux, start Xvfb for the run. */
async function ensureDisplay(cleanup: CleanupStack): Promise<void> {
  if (process.platform !== 'linux' || process.env.DISPLAY) return;
  const xvfb = ['/usr/bin/Xvfb', '/usr/local/bin/Xvfb'].find((p) => existsSync(p));
  if (!xvfb) throw new Error('desktop VS Code needs a display: set DISPLAY or install Xvfb (apt-get install -y xvfb)');
  const number = 90 + Math.floor(Math.random() * 400);
  const display = `:${number}`;
  const child = spawn(xvfb, [display, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { detached: true, stdio: 'ignore' });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${xvfb} did not start`);
  cleanup.add('Xvfb', () => killGroup(pid));
  const socket = `/tmp/.X11-unix/X${number}`;
  const deadline = Date.now() + 10_000;
  while (!existsSync(socket)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`${xvfb} ${display} did not come up (exit ${child.exitCode ?? 'none'})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  process.env.DISPLAY = display;
  cleanup.add('DISPLAY', () => {
    delete process.env.DISPLAY;
  });
}

/** Runs the suite in desktop VS Code; resolves to the results the suite wrote. */
export async function runWithElectron(executable: string, extensionPath: string, testsIndex: string): Promise<HostResults> {
  const cleanup = new CleanupStack();
  const root = mkdtempSync(join(tmpdir(), 'agent-affinity-electron-'));
  cleanup.add('temp folder', () => removeDir(root));
  try {
    await ensureDisplay(cleanup);
    const workspace = join(root, 'demo-workspace');
    const userDataDir = join(root, 'user-data');
    makeDemoWorkspace(workspace);
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    const resultsFile = join(root, 'results.json');
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: testsIndex,
      extensionTestsEnv: { [RESULTS_ENV]: resultsFile },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        join(root, 'extensions'),
      ],
    }).catch(() => undefined); // the exit code only repeats what the results file says
    if (!existsSync(resultsFile)) throw new Error(`desktop VS Code (${executable}) wrote no results file`);
    return JSON.parse(readFileSync(resultsFile, 'utf8')) as HostResults;
  } finally {
    await cleanup.runAll();
  }
}
