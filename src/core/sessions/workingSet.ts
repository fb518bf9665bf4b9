// The files a session's agent read or edited, with counts and times, from its tool events.
import { isAbsolute, resolve } from 'node:path';
import type { ToolFileRef } from '../agents/agentEvents';
import type { WorkingSetEntry } from './sessionTypes';
import { pathBelow } from '../workspace/paths';

/** A path relative to the folder when it lies inside it (with `/` separators), else absolute. */
export function normalizeToFolder(folder: string, path: string): string {
  const abs = isAbsolute(path) ? path : resolve(folder, path);
  return pathBelow(folder, abs) ?? abs;
}

/** Records file accesses in the working set (mutates and returns it). */
export function recordFileAccess(set: WorkingSetEntry[], folder: string, files: readonly ToolFileRef[], at: number): WorkingSetEntry[] {
  for (const f of files) {
    const path = normalizeToFolder(folder, f.path);
    let entry = set.find((e) => e.path === path);
    if (!entry) {
      entry = { path, reads: 0, edits: 0, firstAt: at, lastAt: at, lastAccess: f.access };
      set.push(entry);
    }
    if (f.access === 'edit') entry.edits += 1;
    else entry.reads += 1;
    entry.lastAt = at;
    entry.lastAccess = f.access;
  }
  return set;
}
