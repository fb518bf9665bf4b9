// Finds the orchestrator process of one code-server run: the node process running dist/server.js
// from that run's own extensions folder (a path no other process on the machine has).
import { readdirSync, readFileSync } from 'node:fs';

/** Process ids whose command line runs `<extensionsDir>/…/dist/server.js`. */
export function orchestratorPids(extensionsDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    const args = cmdline.split('\0');
    if (args.some((a) => a.startsWith(extensionsDir) && a.endsWith('/dist/server.js'))) pids.push(Number(entry));
  }
  return pids;
}
