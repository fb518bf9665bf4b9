// Lists the workspace's files for the router's file index: a bounded walk that skips build
// output, dependencies and VCS folders.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const SKIP = new Set([
  '.git',
  'node_modules',
  'dist',
  'out',
  'build',
  '.vscode-test',
  '.next',
  'target',
  '__pycache__',
  '.venv',
  'venv',
  'coverage',
  '.cache',
]);

export async function listWorkspaceFiles(folder: string, limit = 50_000): Promise<string[]> {
  const out: string[] = [];
  const queue: string[] = [folder];
  while (queue.length > 0 && out.length < limit) {
    const dir = queue.shift() as string;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folders are skipped
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP.has(e.name)) queue.push(join(dir, e.name));
      } else if (e.isFile()) {
        out.push(join(dir, e.name));
        if (out.length >= limit) break;
      }
    }
  }
  return out;
}
