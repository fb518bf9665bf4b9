// Validates the initialization options the host sends, so a mismatched host cannot crash the server.
import type { OrchestratorInitOptions } from '../protocol/orchestrator';
import { parseSettings } from './settings';

export function parseInitOptions(raw: unknown): OrchestratorInitOptions {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const options: OrchestratorInitOptions = {
    extensionVersion: str(r.extensionVersion) ?? 'dev',
    globalStorageDir: str(r.globalStorageDir) ?? '',
    trusted: r.trusted === true,
    workspaceFolders: Array.isArray(r.workspaceFolders)
      ? r.workspaceFolders.filter((f): f is string => typeof f === 'string' && f.length > 0)
      : [],
    settings: parseSettings(r.settings),
  };
  const ws = str(r.workspaceStorageDir);
  if (ws !== undefined) options.workspaceStorageDir = ws;
  return options;
}
