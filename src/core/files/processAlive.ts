// Whether a process id on this machine is still running: the basis of stale lock and stale temp
// file detection after a crash or a SIGKILL.

/** True when `pid` names a live process on this host (EPERM means it exists but is not ours). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EPERM';
  }
}
