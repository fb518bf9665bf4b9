// A SessionsWorkspace opened as the orchestrator opens it (settings, folders, a storage folder),
// with what it tells the person collected: problems as the orchestrator would report them
// (storeProblemReport) and its log lines. Agents are played by the test when `scripted` is given.
import { SessionsWorkspace } from '../../../src/core/sessions/sessionsWorkspace';
import { storeProblemReport } from '../../../src/core/store/storeProblems';
import type { OrchestratorSettings } from '../../../src/protocol/settings';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';
import { ManualDrivers } from './manualDriver';

export interface UserProblemSeen {
  severity: 'error' | 'warning' | 'info';
  message: string;
  file?: string;
}

export interface OpenedSessions {
  sessions: SessionsWorkspace;
  problems: UserProblemSeen[];
  logs: string[];
  /** The scripted agents' runs (only with `scripted`). */
  drivers: ManualDrivers;
  settings: { current: OrchestratorSettings };
}

export async function openSessions(options: {
  storageDir: string;
  folders: string[];
  settings?: Partial<OrchestratorSettings>;
  env?: Record<string, string | undefined>;
  /** Agents played by the test (ManualDrivers) instead of the CLIs. */
  scripted?: boolean;
}): Promise<OpenedSessions> {
  const problems: UserProblemSeen[] = [];
  const logs: string[] = [];
  const drivers = new ManualDrivers();
  const settings = { current: { ...DEFAULT_SETTINGS, ...options.settings } };
  const sessions = await SessionsWorkspace.open({
    storageDir: options.storageDir,
    folders: options.folders,
    settings: () => settings.current,
    log: { info: (m) => void logs.push(m), warn: (m) => void logs.push(m) },
    problem: (p) => void problems.push(p),
    storeProblem: (p) => void problems.push(storeProblemReport(p)),
    ...(options.env ? { env: options.env } : {}),
    ...(options.scripted ? { createDriver: (_adapter, session) => drivers.driver(session.id) } : {}),
  });
  return { sessions, problems, logs, drivers, settings };
}
