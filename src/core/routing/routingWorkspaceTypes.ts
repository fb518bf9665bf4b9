// The routing workspace's inputs and answers: its settings and dependencies, a decision, a
// dispatch, a fan-out started and finished, and what routing has learned (types only).
import type { KnownFix } from '../fixes/knownFixes';
import type { CreateSessionInput } from '../sessions/sessionInputs';
import type { SessionManager } from '../sessions/sessionManager';
import type { SessionRecord, TaskRecord } from '../sessions/sessionTypes';
import type { JsonStore } from '../store/storeTypes';
import type { OpenDocuments } from '../workspace/openDocuments';
import type { DecidedBy } from './audit';
import type { GitHistory } from './gitHistory';
import type { SuccessRate } from './outcomes';
import type { KnowledgeStats } from './routingKnowledge';
import type { RoutingDocument } from './routingDocument';
import type { RouteDecision, RouteTask } from './types';

export interface RoutingWorkspaceSettings {
  strategy: string;
  focusHalfLifeMinutes: number;
  maxParallelSessions: number;
  /** Commits of each folder's git history learned from (0: none). */
  historyCommits: number;
}

/** What routing has learned and where the git history stands, for status texts. */
export interface RoutingStatus {
  learned: KnowledgeStats;
  /** "learned from 2,000 commits and 35 finished tasks". */
  text: string;
  /** Per workspace folder: what reading its git history did ("read 2,000 commits", "git is not installed"). */
  history: { folder: string; status: string; message: string }[];
}

export interface RoutingWorkspaceDeps {
  manager: SessionManager;
  folders: readonly string[];
  documents: OpenDocuments;
  settings(): RoutingWorkspaceSettings;
  /** The workspace folder of a session (its worktree maps back to it). */
  workspaceFolderOf(sessionId: string): string | undefined;
  /** Creates a session the way Create Session… does (checked folder, default permission mode). */
  createSession(input: CreateSessionInput): Promise<SessionRecord>;
  /** Asks the editor for the definitions of code identifiers (its workspace symbol providers). */
  askSymbols(names: string[]): Promise<unknown>;
  /** The routing history (audit log, tracker snapshot); absent without workspace storage. */
  store?: JsonStore<RoutingDocument>;
  /** Adds what a task should carry (known fixes for the errors in its files). */
  taskText?(sessionId: string, text: string): string;
  /** Learned fixes for the current errors in `files` (absolute), for a handoff summary. */
  knownFixes?(folder: string, files: readonly string[]): readonly KnownFix[];
  /** Estimated tokens of a task, for the headroom check. */
  estimateTask?(text: string): Promise<number | undefined>;
  log(message: string): void;
  listFiles?(folder: string): Promise<string[]>;
  /** Each session's success figure as the metrics count it (one definition for both). */
  sessionSuccess?(sessionId: string): SuccessRate;
  /** Where the git history's cache files go (the workspace storage); no cache when absent. */
  historyCacheDir?: string;
  /** Reads a folder's git history (default: git, cached in historyCacheDir). */
  readHistory?(folder: string, maxCommits: number): Promise<GitHistory>;
  now?(): number;
}

/** A decision with the id it can be dispatched under and how long it took. */
export interface Decided {
  id: string;
  task: RouteTask;
  decision: RouteDecision;
  latencyMs: number;
}

export interface DispatchInput {
  decisionId?: string;
  text: string;
  /** A session id, or 'new' with `newSession`. */
  sessionId: string;
  newSession?: CreateSessionInput;
  by: DecidedBy;
}

export interface Dispatched {
  sessionId: string;
  sessionName: string;
  task: TaskRecord;
  /** The session the task's context came from, when a handoff summary was attached. */
  handoffFrom?: string;
}

export interface FanOutStarted {
  fanOutId: string;
  subtasks: { id: string; sessionId: string; sessionName: string; files: number; taskId?: string }[];
  matchedFiles: number;
  newSessions: number;
  note?: string;
}

export interface FanOutFinished {
  fanOutId: string;
  text: string;
  report: string;
  succeeded: number;
  failed: number;
}
