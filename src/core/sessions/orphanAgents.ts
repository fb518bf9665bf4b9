// Agent processes an orchestrator left behind when it was killed outright (SIGKILL, a crash of the
// extension host): nothing runs in a process that is killed that way, so its agents' process groups
// keep running — and keep spending tokens. Every agent inherits a marker naming its orchestrator and
// workspace storage (set in the orchestrator's own environment); the next orchestrator for the same
// workspace finds processes whose marked orchestrator is gone and ends their process groups.
// Linux only (it reads /proc); elsewhere it finds nothing and says so.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The environment variable every agent process inherits: `<orchestrator pid>:<workspace storage>`. */
export const ORCHESTRATOR_MARKER_ENV = 'AGENT_AFFINITY_ORCHESTRATOR';

export function orchestratorMarker(pid: number, storageDir: string): string {
  return `${pid}:${storageDir}`;
}

export interface OrphanAgent {
  pid: number;
  /** The process group it belongs to (the agent's own group: agents are spawned detached). */
  pgid: number;
  /** The orchestrator that started it, no longer running. */
  ownerPid: number;
}

export interface OrphanScanOptions {
  procRoot?: string;
  /** This orchestrator's pid: its own agents are never orphans. */
  selfPid?: number;
  isAlive?: (pid: number) => boolean;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process group of `pid` from /proc/<pid>/stat (field 5, after the command in parentheses). */
function pgidOf(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const pgid = Number(fields[2]);
  return Number.isInteger(pgid) && pgid > 0 ? pgid : undefined;
}

/** Processes marked with `storageDir` whose orchestrator has exited. */
export async function findOrphanAgents(storageDir: string, options: OrphanScanOptions = {}): Promise<OrphanAgent[]> {
  const procRoot = options.procRoot ?? '/proc';
  const selfPid = options.selfPid ?? process.pid;
  const isAlive = options.isAlive ?? alive;
  let entries: string[];
  try {
    entries = await readdir(procRoot);
  } catch {
    return [];
  }
  const suffix = `:${storageDir}`;
  const prefix = `${ORCHESTRATOR_MARKER_ENV}=`;
  const found: OrphanAgent[] = [];
  const deadOwners = new Map<number, boolean>();
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    let environ: string;
    try {
      environ = await readFile(join(procRoot, name, 'environ'), 'latin1');
    } catch {
      continue; // gone, or another user's process
    }
    const marker = environ
      .split('\0')
      .find((v) => v.startsWith(prefix))
      ?.slice(prefix.length);
    if (!marker?.endsWith(suffix)) continue;
    const ownerPid = Number(marker.slice(0, marker.length - suffix.length));
    if (!Number.isInteger(ownerPid) || ownerPid === selfPid || pid === selfPid) continue;
    let dead = deadOwners.get(ownerPid);
    if (dead === undefined) deadOwners.set(ownerPid, (dead = !isAlive(ownerPid)));
    if (!dead) continue;
    const pgid = pgidOf(await readFile(join(procRoot, name, 'stat'), 'utf8').catch(() => ''));
    if (pgid !== undefined) found.push({ pid, pgid, ownerPid });
  }
  return found;
}

export interface ReapResult {
  /** Process groups that were signalled. */
  groups: number[];
  /** Processes found in them. */
  processes: number;
}

/** Ends the process groups of orphaned agents: SIGTERM, then SIGKILL to what is left after `graceMs`. */
export async function reapOrphanAgents(storageDir: string, graceMs = 2000, options: OrphanScanOptions = {}): Promise<ReapResult> {
  const orphans = await findOrphanAgents(storageDir, options);
  // Never our own group (an orchestrator started without its own group shares the host's).
  const ownGroup = await readFile(join(options.procRoot ?? '/proc', String(process.pid), 'stat'), 'utf8').then(pgidOf, () => undefined);
  const groups = [...new Set(orphans.map((o) => o.pgid))].filter((g) => g !== ownGroup && g !== process.pid);
  if (groups.length === 0) return { groups: [], processes: 0 };
  const signal = (sig: NodeJS.Signals): void => {
    for (const g of groups) {
      try {
        process.kill(-g, sig);
      } catch {
        /* already gone */
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groups.some((g) => alive(g))) await new Promise((r) => setTimeout(r, 50));
  signal('SIGKILL');
  return { groups, processes: orphans.length };
}
