// Finds the orchestrator process of one code-server run: the node process running dist/server.js
// from that run's own extensions folder (a path no other process on the machine has), and the
// extension host of a code-server (a process in its process group).
import { readdirSync, readFileSync } from 'node:fs';
import { processGroupMembers } from '../../support/fakeAgents/fakeAgents';

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

/** Process ids of the extension hosts that a code-server (started in its own process group) runs. */
export function extensionHostPids(codeServerPid: number): number[] {
  return processGroupMembers(codeServerPid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('--type=extensionHost');
    } catch {
      return false; // exited while we looked
    }
  });
}
