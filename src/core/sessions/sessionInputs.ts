// What callers hand the session manager: its dependencies and the inputs of its operations.
import type { AgentAdapter, McpServerSpec } from '../agents/agentAdapter';
import type { AgentDriver, DriverFactoryOptions } from '../agents/agentDriver';
import type { AgentKind } from '../agents/agentEvents';
import type { SessionRepository } from './sessionRepository';
import type { SessionRecord, Specialty } from './sessionTypes';
import type { TranscriptStore } from './transcriptStore';

export interface SessionManagerDeps {
  repository: SessionRepository;
  adapters: Partial<Record<AgentKind, AgentAdapter>>;
  /** agentAffinity.maxParallelSessions (default 4). */
  maxParallel?: number;
  /** Finished tasks kept in each session's history (default 200); older ones are dropped. */
  historyLimit?: number;
  driverOptions?: DriverFactoryOptions;
  /** Environment overrides per agent kind (the user's configured environment). */
  env?: Partial<Record<AgentKind, Record<string, string>>>;
  /** Where transcripts are kept (default: in memory for this manager's life). */
  transcripts?: TranscriptStore;
  /** Allow rules added to a run of the session on the agent's command line (the consolidated
   *  allow list of its folder's settings), on top of the session's own `allowedTools`. */
  runAllowedTools?: (session: SessionRecord) => string[] | undefined;
  /** What a run of the session gets to reach Agent Affinity's MCP server: the variables that carry
   *  its tokens (on top of `env`) and the server the agent's command line registers. */
  runMcp?: (session: SessionRecord) => { env: Record<string, string>; server: McpServerSpec } | undefined;
  /** Replaces how drivers are built (tests, or a remote runner). */
  createDriver?: (adapter: AgentAdapter, session: SessionRecord) => AgentDriver;
  now?: () => number;
}

/** The fields a caller chooses when creating a session; the rest of the record is the manager's. */
export type CreateSessionInput = Pick<
  SessionRecord,
  'name' | 'agent' | 'folder' | 'specialty' | 'model' | 'permissionMode' | 'allowedTools' | 'conversationId'
>;

/** Settings a session may change after creation; `null` clears an optional one. */
export interface SessionSettingsPatch {
  name?: string;
  specialty?: Specialty | null;
  model?: string | null;
  permissionMode?: string | null;
  allowedTools?: string[] | null;
}

export interface SendTaskInput {
  text: string;
  priority?: number;
  dependsOn?: string[];
}
