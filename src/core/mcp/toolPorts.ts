// What the MCP tools read and do, as the orchestrator's engines offer it: the learned fixes, the
// budgets, routing and the sessions, each narrowed to what a tool needs (so the handlers are tested
// against a real core state without an orchestrator around them). Also who calls, and the tools'
// arguments as the socket delivers them (checked against the protocol's schemas first).
import type { SessionBudgetSummary, ContextPackResult } from '../budget/budgetSummary';
import type { FixStore } from '../fixes/fixStore';
import type { ReportResult } from '../fixes/fixesWorkspace';
import type { Decided, DispatchInput, Dispatched } from '../routing/routingWorkspaceTypes';
import type { SessionBrief } from '../sessions/sessionTypes';
import type { ContextHoldings } from './contextHoldings';

/** The caller: a session when its agent carries the session's token, else someone else (an editor's agent). */
export interface Caller {
  sessionId?: string;
  sessionName?: string;
  /** The task the session is running, when it runs one. */
  taskId?: string;
}

export interface FixesPort {
  lookupContext(): { store: FixStore; threshold: number } | { unavailable: string };
  givenToAgent(sessionId: string | undefined, taskId: string | undefined, fixIds: readonly string[]): void;
  report(input: { error: string; file: string; diff: string; note?: string; sessionId?: string; taskId?: string }): Promise<ReportResult>;
}

export interface BudgetPort {
  summary(sessionId: string): SessionBudgetSummary | undefined;
  contextPackWithin(sessionId: string | undefined, task: string, budgetTokens: number): Promise<ContextPackResult>;
}

export interface RoutingPort {
  decide(text: string, independent: boolean | undefined, explainOnly: boolean): Promise<Decided>;
  dispatch(input: DispatchInput): Promise<Dispatched>;
  nameOf(sessionId: string): string;
}

/** The sessions as the tools see them: names, folders and running tasks (no copy of their histories per call). */
export interface SessionsPort {
  brief(sessionId: string): SessionBrief | undefined;
  briefs(): SessionBrief[];
}

/** A hand-off to confirm with the person (the orchestrator asks the host). */
export interface HandOffQuestion {
  fromSessionId?: string;
  fromName: string;
  toSessionId: string;
  toName: string;
  task: string;
  chain: string[];
}

export interface HandOffPort {
  /** Whether hand-offs are on (agentAffinity.mcp.handOff), and the depth limit. */
  settings(): { enabled: boolean; maxDepth: number };
  /** Asks the person; resolves true only when they allow it. */
  confirm(question: HandOffQuestion): Promise<boolean>;
}

export interface ToolPorts {
  fixes: FixesPort;
  /** Absent when budgets could not start. */
  budget?: BudgetPort;
  /** Absent until routing has started (or without a workspace). */
  routing?: RoutingPort;
  sessions: SessionsPort;
  holdings: ContextHoldings;
  handOff: HandOffPort;
  now(): number;
}

export interface KnownFixesInput {
  error: string;
  file?: string;
  language?: string;
  page?: number;
}

export interface RecordFixInput {
  error: string;
  file: string;
  diff: string;
  note?: string;
}

export interface WhoHoldsInput {
  paths: string[];
  page?: number;
}

export interface ContextPackInput {
  task: string;
  max_tokens: number;
  page?: number;
}

export interface RouteInput {
  task: string;
}

export interface HandOffInput {
  session: string;
  task: string;
}
