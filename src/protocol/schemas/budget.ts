// Parameter schemas of the budget requests (host → orchestrator).
import { z } from 'zod';
import type { ContextPackParams, ImportClaudeParams } from '../budget';
import { id, path, text } from './common';

export const importClaudeParams: z.ZodType<ImportClaudeParams> = z
  .object({ claudeDir: path.exactOptional() })
  .or(z.union([z.undefined(), z.null()]).transform(() => ({})));

export const contextPackParams: z.ZodType<ContextPackParams> = z.object({
  sessionId: id,
  task: text(),
  files: z.array(path).max(1000).exactOptional(),
});
