// Paths and helpers for the fake agent scripts used in fault-injection tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClaudeAdapter } from '../../../src/core/agents/claudeAdapter';

export const fakeClaudePath = join(__dirname, 'fakeClaude.mjs');

/** A Claude adapter whose executable is the fake CLI. */
export function fakeClaudeAdapter(): ClaudeAdapter {
  return new ClaudeAdapter({ executable: fakeClaudePath });
}

/** True while a process with this pid is alive (a zombie waiting to be reaped counts as gone). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).charAt(0) !== 'Z';
  } catch {
    return true;
  }
}

/** Live (non-zombie) processes whose process group is `pgid` (Linux /proc). */
export function processGroupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) out.push(Number(name));
    } catch {
      /* the process ended while we looked */
    }
  }
  return out;
}

/** A CLI that replays a recorded JSONL file (env FAKE_JSONL, exit code FAKE_EXIT). */
export const replayJsonlPath = join(__dirname, 'replayJsonl.mjs');
