// Entry point that VS Code loads as extensionTestsPath: runs the mocha suite inside the real
// extension host and writes the results to a JSON file the launcher waits for (code-server has
// no process exit code to report them through).
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import type { AgentAffinityApi } from '../../../src/protocol/testApi';
import { RESULTS_ENV, RESULTS_WORKSPACE_FILE, type HostResults, type HostTestResult } from '../results';

function resultsPath(): { path: string; channel: HostResults['channel'] } {
  const fromEnv = process.env[RESULTS_ENV];
  if (fromEnv) return { path: fromEnv, channel: 'env' };
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error(`neither ${RESULTS_ENV} nor a workspace folder tells where to write the results`);
  return { path: join(folder.uri.fsPath, RESULTS_WORKSPACE_FILE), channel: 'workspace' };
}

function writeResults(path: string, results: HostResults): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(results, null, 2));
  renameSync(tmp, path);
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

/** Activation time and the orchestrator's resident memory, when the extension is up. */
function readMetrics(): HostResults['metrics'] {
  const api = vscode.extensions.getExtension<AgentAffinityApi>('agent-affinity.agent-affinity')?.exports;
  if (!api) return undefined;
  const metrics: NonNullable<HostResults['metrics']> = {};
  if (typeof api.activationMs === 'function') metrics.activationMs = api.activationMs();
  const pid = api.orchestratorPid();
  if (pid !== undefined) {
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (kb) metrics.orchestratorRssMb = Number(kb) / 1024;
    } catch {
      // not Linux, or the process is gone: no figure
    }
  }
  return metrics;
}

export async function run(): Promise<void> {
  const { path, channel } = resultsPath();
  const started = Date.now();
  const tests: HostTestResult[] = [];
  const base = { channel, vscodeVersion: vscode.version };
  try {
    const files = readdirSync(__dirname)
      .filter((f) => f.endsWith('.test.js'))
      .sort();
    if (files.length === 0) throw new Error(`no *.test.js files next to ${__filename}`);
    // AGENT_AFFINITY_HOST_GREP runs only the tests whose title matches (while developing one test).
    const grep = process.env.AGENT_AFFINITY_HOST_GREP;
    const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
    for (const f of files) mocha.addFile(join(__dirname, f));
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      const title = (t: Mocha.Runnable): string => t.titlePath().join(' › ');
      runner.on('pass', (t) => tests.push({ title: title(t), state: 'passed', durationMs: t.duration ?? 0 }));
      runner.on('pending', (t) => tests.push({ title: title(t), state: 'pending', durationMs: 0 }));
      runner.on('fail', (t, err) => tests.push({ title: title(t), state: 'failed', durationMs: t.duration ?? 0, error: errorText(err) }));
    });
    const count = (s: HostTestResult['state']): number => tests.filter((t) => t.state === s).length;
    const metrics = readMetrics();
    writeResults(path, {
      ...base,
      passed: count('passed'),
      failed: count('failed'),
      pending: count('pending'),
      durationMs: Date.now() - started,
      tests,
      ...(metrics ? { metrics } : {}),
    });
  } catch (err) {
    writeResults(path, { ...base, passed: 0, failed: 1, pending: 0, durationMs: Date.now() - started, tests, fatal: errorText(err) });
  }
}
