// What every orchestrator feature is given: the connection, open documents (as LSP documents and as
// the core's port), the start-up options, the user's settings, a way to tell the user of problems,
// and shutdown hooks.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { StoreProblem } from '../core/store/storeTypes';
import type { OpenDocuments } from '../core/workspace/openDocuments';
import type { OrchestratorInitOptions, UserProblem } from '../protocol/orchestrator';
import type { OrchestratorSettings } from '../protocol/settings';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly openDocuments: OpenDocuments;
  readonly options: OrchestratorInitOptions;
  readonly log: Logger;
  settings(): OrchestratorSettings;
  onSettingsChanged(listener: (settings: OrchestratorSettings) => void): void;
  /** Logs the problem and shows it to the user. */
  problem(problem: UserProblem): void;
  /** Tells the user of a store problem (a file kept aside, a failed write), at its severity. */
  storeProblem(problem: StoreProblem): void;
  /** Runs on LSP shutdown, before the process exits; awaited. */
  onShutdown(hook: () => Promise<void>): void;
}
