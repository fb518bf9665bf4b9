// Estimated size of a task before it is sent: the task text plus the files it will bring in,
// counted with tiktoken and scaled to the target model (always labelled an estimate).

import { readFile, stat } from 'node:fs/promises';
import { modelTokenFactor, type TokenCounter } from './tokenCounter';

export interface TaskEstimateInput {
  text: string;
  /** Files to attach: their text when the caller has it (open editors), else read from disk. */
  files?: ReadonlyArray<{ path: string; text?: string }>;
  model?: string | null;
  /** Counts a file without text (an open document's kept count, or the disk); by default read here. */
  countFile?(path: string): Promise<number>;
}

export interface TaskEstimate {
  /** Scaled to the model; what the router compares with headroom. */
  tokens: number;
  /** Raw tiktoken count before scaling. */
  rawTokens: number;
  factor: number;
  files: Array<{ path: string; tokens: number; error?: string }>;
  estimate: true;
}

/** Files above this are estimated from their size (bytes / 4) instead of being read. */
const MAX_READ_BYTES = 4 * 1024 * 1024;

export async function estimateTaskTokens(counter: TokenCounter, input: TaskEstimateInput): Promise<TaskEstimate> {
  let raw = await counter.count(input.text);
  const files: TaskEstimate['files'] = [];
  for (const f of input.files ?? []) {
    try {
      let tokens: number;
      if (f.text != null) tokens = await counter.count(f.text);
      else if (input.countFile) tokens = await input.countFile(f.path);
      else {
        const size = (await stat(f.path)).size;
        tokens = size > MAX_READ_BYTES ? Math.ceil(size / 4) : await counter.count(await readFile(f.path, 'utf8'));
      }
      files.push({ path: f.path, tokens });
      raw += tokens;
    } catch (e) {
      files.push({ path: f.path, tokens: 0, error: `${f.path}: ${(e as Error).message}` });
    }
  }
  const factor = modelTokenFactor(input.model ?? null, counter.encoding);
  return { tokens: Math.ceil(raw * factor), rawTokens: raw, factor, files, estimate: true };
}
