// Paths and helpers for the fake agent scripts used in fault-injection tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClaudeAdapter } from '../../../src/core/agents/claudeAdapter';

export const fakeClaudePath = join(__dirname, 'fakeClaude.mjs');

/** A Claude adapter whose executable is the fake CLI. */
export function fakeClaudeAdapter(): ClaudeAdapter {
  return new ClaudeAdapter({ executable: fakeClaudePath });
}

/** True while a process with this pid is alive (a zombie waiting to be reaped counts as gone). */
export function processExists(pid: number): boolean {
  try { process.kill(pid, 0); } catch { return false; }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).charAt(0) !== 'Z';
  } catch {
    return true;
  }
}
