// The kill tests' one move: start a child process, wait until it prints what arms the kill, SIGKILL
// it after a random delay, and hand back what it printed (it must die by the kill, not by itself).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export interface KilledChild {
  stdout: string;
  stderr: string;
}

/** Runs `node script ...args`, SIGKILLs it 0–`maxDelayMs` ms after `armed(stdout)` first holds. */
export async function killChildAfter(
  script: string,
  args: readonly string[],
  armed: (stdout: string) => boolean,
  maxDelayMs: number,
): Promise<KilledChild> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let isArmed = false;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (!isArmed && armed(stdout)) {
      isArmed = true;
      setTimeout(() => child.kill('SIGKILL'), Math.random() * maxDelayMs);
    }
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  assert.equal(signal, 'SIGKILL', `the child must die by the kill, not by itself (exit ${code}): ${stderr}`);
  return { stdout, stderr };
}
