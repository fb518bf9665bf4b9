// The memory files an agent loads for a folder (CLAUDE.md, AGENTS.md, GEMINI.md, from the folder up
// to the filesystem root or a stop folder) and their estimated token counts.

import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { TokenCounter } from './tokenCounter';

export type AgentKind = 'claude' | 'codex' | 'gemini';

/** File names each agent reads in every folder of the chain. */
export const MEMORY_FILE_NAMES: Readonly<Record<AgentKind, readonly string[]>> = {
  claude: ['CLAUDE.md', 'CLAUDE.local.md', join('.claude', 'CLAUDE.md')],
  codex: ['AGENTS.md'],
  gemini: ['GEMINI.md'],
};

export interface MemoryFile {
  path: string;
  tokens: number;
  bytes: number;
}

export interface MemoryFileOptions {
  /** Which agent's names; all three families when absent. */
  agent?: AgentKind;
  /** Stop after this folder (e.g. the home dir); the filesystem root otherwise. */
  stopAt?: string;
  /** Files larger than this are counted by size (bytes / 4) instead of being read whole; default 2 MB. */
  maxBytes?: number;
}

/** The memory files found from `folder` upwards, nearest first, with estimated token counts. */
export async function findMemoryFiles(folder: string, counter: TokenCounter, options: MemoryFileOptions = {}): Promise<MemoryFile[]> {
  const names = options.agent != null ? MEMORY_FILE_NAMES[options.agent] : [...new Set(Object.values(MEMORY_FILE_NAMES).flat())];
  const stop = options.stopAt != null ? resolve(options.stopAt) : null;
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const found: MemoryFile[] = [];
  let dir = resolve(folder);
  for (;;) {
    for (const name of names) {
      const path = join(dir, name);
      let buf: Buffer;
      try {
        buf = await readFile(path);
      } catch {
        continue;
      }
      const tokens = buf.length > maxBytes ? Math.ceil(buf.length / 4) : await counter.count(buf.toString('utf8'));
      found.push({ path, tokens, bytes: buf.length });
    }
    if (stop != null && dir === stop) break;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return found;
}

/** Sum of the files' tokens. */
export function memoryTokens(files: readonly MemoryFile[]): number {
  return files.reduce((s, f) => s + f.tokens, 0);
}
