// The initialization options the host sends: checked like every other message, so a mismatched or
// hand-started host can never crash the orchestrator (missing fields take safe values).
import { z } from 'zod';
import type { OrchestratorInitOptions } from '../orchestrator';
import { mcpInitOptions } from './mcp';
import { parseOrchestratorSettings } from './settings';

const folder = z.string().min(1).max(4096);

const initOptions = z.object({
  extensionVersion: z.string().min(1).max(100).catch('dev'),
  globalStorageDir: z.string().max(4096).catch(''),
  workspaceStorageDir: z
    .unknown()
    .optional()
    .transform((v) => (folder.safeParse(v).success ? (v as string) : undefined)),
  trusted: z
    .unknown()
    .optional()
    .transform((v) => v === true),
  workspaceFolders: z
    .array(z.unknown())
    .transform((xs) => xs.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 4096))
    .catch([]),
  settings: z.unknown().optional().transform(parseOrchestratorSettings),
  // A malformed endpoint means no MCP server, never a failed start.
  mcp: z
    .unknown()
    .optional()
    .transform((v) => {
      const r = mcpInitOptions.safeParse(v);
      return r.success ? r.data : undefined;
    }),
});

export function parseInitOptions(raw: unknown): OrchestratorInitOptions {
  const parsed = initOptions.parse(typeof raw === 'object' && raw !== null ? raw : {});
  const { workspaceStorageDir, mcp, ...rest } = parsed;
  return { ...rest, ...(workspaceStorageDir !== undefined ? { workspaceStorageDir } : {}), ...(mcp !== undefined ? { mcp } : {}) };
}
