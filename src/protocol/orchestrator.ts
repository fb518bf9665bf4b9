// The orchestrator's own health and start-up contract (host ⇄ orchestrator).
import type { McpInitOptions } from './mcp';
import { notificationType, requestType } from './rpc';
import type { OrchestratorSettings } from './settings';

/** Passed by the host in `initialize` so the orchestrator knows where to keep state. */
export interface OrchestratorInitOptions {
  /** The extension's version, echoed back in health so both sides can be checked to match. */
  extensionVersion: string;
  /** Per-workspace storage folder (sessions, routing history, audit log); absent without a workspace. */
  workspaceStorageDir?: string;
  /** Global storage folder (learned fixes), shared by all windows. */
  globalStorageDir: string;
  /** Whether the workspace is trusted; the orchestrator never spawns processes when it is not. */
  trusted: boolean;
  /** The workspace folders, absolute paths. */
  workspaceFolders: string[];
  settings: OrchestratorSettings;
  /** Where the MCP server reaches this orchestrator, and with which token (absent: no MCP server). */
  mcp?: McpInitOptions;
}

/** What the orchestrator says of itself. */
export interface OrchestratorHealth {
  version: string;
  pid: number;
  /** Epoch milliseconds when the orchestrator process started. */
  startedAt: number;
  uptimeMs: number;
  /** Resident set size in bytes. */
  rssBytes: number;
  heapUsedBytes: number;
  nodeVersion: string;
}

/** Host → orchestrator: report health (also the round trip the tests use). */
export const HealthRequest = requestType<void, OrchestratorHealth>('affinity/health');

/** Orchestrator → host: a problem the user should hear of (for example a quarantined store file). */
export interface UserProblem {
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** A file the problem concerns, shown as an "Open" action. */
  file?: string;
}

export const ProblemNotification = notificationType<UserProblem>('affinity/problem');
