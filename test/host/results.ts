// The results file the host suite writes from inside the extension host, read by the launchers.
// Shared by both sides so the format is declared once.

export const RESULTS_ENV = 'AGENT_AFFINITY_HOST_RESULTS';
/** Fallback when the environment does not reach the extension host: a file in the workspace. */
export const RESULTS_WORKSPACE_FILE = '.agent-affinity-host-results.json';

export interface HostTestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export interface HostResults {
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  tests: HostTestResult[];
  /** Set when the suite could not run at all (no tests found, mocha threw). */
  fatal?: string;
  /** How the results path reached the extension host: 'env' or 'workspace'. */
  channel: 'env' | 'workspace';
  vscodeVersion: string;
  /** Figures read from the running extension after the suite (not asserted: machines differ). */
  metrics?: { activationMs?: number; orchestratorRssMb?: number };
}

/** Prints results the way mocha's spec reporter does, and returns the text. */
export function formatResults(r: HostResults, label: string): string {
  const lines: string[] = [`  ${label} (VS Code ${r.vscodeVersion}, results via ${r.channel})`];
  let lastSuite = '';
  for (const t of r.tests) {
    const [suite, ...rest] = t.title.split(' › ');
    if (suite !== undefined && suite !== lastSuite && rest.length > 0) {
      lines.push(`    ${suite}`);
      lastSuite = suite;
    }
    const name = rest.length > 0 ? rest.join(' › ') : t.title;
    const mark = t.state === 'passed' ? '✔' : t.state === 'failed' ? '✗' : '-';
    lines.push(`      ${mark} ${name}${t.state === 'passed' ? ` (${t.durationMs} ms)` : ''}`);
  }
  lines.push('', `  ${r.passed} passing (${(r.durationMs / 1000).toFixed(1)} s)`);
  if (r.pending) lines.push(`  ${r.pending} pending`);
  if (r.failed) lines.push(`  ${r.failed} failing`);
  r.tests
    .filter((t) => t.state === 'failed')
    .forEach((t, i) => {
      lines.push('', `  ${i + 1}) ${t.title}:`, ...(t.error ?? '').split('\n').map((l) => `     ${l}`));
    });
  if (r.fatal) lines.push('', `  suite could not run: ${r.fatal}`);
  const m = r.metrics;
  if (m && (m.activationMs !== undefined || m.orchestratorRssMb !== undefined)) {
    lines.push(
      '',
      `  measured: activation ${m.activationMs?.toFixed(1) ?? '?'} ms of extension-host time; orchestrator RSS after the suite (its sessions, routing and token counts loaded) ${m.orchestratorRssMb?.toFixed(1) ?? '?'} MB; idle figures: npm run bench:foundation`,
    );
  }
  return lines.join('\n');
}
