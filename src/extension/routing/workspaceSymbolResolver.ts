// Answers the orchestrator's workspace-symbol lookups (a routing signal): each identifier is asked
// of VS Code's workspace symbol providers in parallel, each query time-limited; a slow or failing
// provider leaves that name out of the answer, never fails routing. Only files inside the
// workspace folders are reported, as absolute paths.
import * as vscode from 'vscode';
import { WorkspaceSymbolLimits, WorkspaceSymbolsRequest, type WorkspaceSymbolDefinitions } from '../../protocol/routing';
import { Disposable } from '../lifecycle';
import type { OrchestratorController } from '../orchestrator/orchestratorController';
import { definingFiles, requestedNames, type FoundSymbol } from './symbolMatch';

/** Runs one workspace-symbol query (the default asks every registered provider). */
export type SymbolQuery = (name: string) => Thenable<unknown>;

const defaultQuery: SymbolQuery = (name) => vscode.commands.executeCommand<unknown>('vscode.executeWorkspaceSymbolProvider', name);

export class WorkspaceSymbolResolver extends Disposable {
  constructor(
    orchestrator: OrchestratorController,
    private readonly query: SymbolQuery = defaultQuery,
  ) {
    super();
    this._register(orchestrator.onRequest(WorkspaceSymbolsRequest, (p) => this.resolve(p)));
  }

  /** The definitions of the requested names that were found in time (an empty list is an answer). */
  async resolve(params: unknown): Promise<WorkspaceSymbolDefinitions[]> {
    const names = requestedNames(params, WorkspaceSymbolLimits.maxNames);
    const answers = await Promise.all(names.map((name) => this.lookup(name)));
    return answers.filter((a): a is WorkspaceSymbolDefinitions => a !== undefined);
  }

  private async lookup(name: string): Promise<WorkspaceSymbolDefinitions | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timedOut = new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMED_OUT), WorkspaceSymbolLimits.queryTimeoutMs);
      });
      const found = await Promise.race([Promise.resolve(this.query(name)), timedOut]);
      if (found === TIMED_OUT) return undefined;
      return { name, files: definingFiles(name, foundSymbols(found), WorkspaceSymbolLimits.maxFilesPerName) };
    } catch {
      return undefined; // a provider failed: no files for this name
    } finally {
      clearTimeout(timer);
    }
  }
}

const TIMED_OUT = Symbol('timed out');

/** Reads providers' answers (SymbolInformation, or anything shaped like it) defensively. */
function foundSymbols(result: unknown): FoundSymbol[] {
  if (!Array.isArray(result)) return [];
  const out: FoundSymbol[] = [];
  for (const item of result as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { name, kind, location } = item as { name?: unknown; kind?: unknown; location?: { uri?: unknown } };
    if (typeof name !== 'string') continue;
    const uri = location?.uri instanceof vscode.Uri ? location.uri : undefined;
    const file = uri && uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(uri) ? uri.fsPath : undefined;
    out.push({ name, file, ...(typeof kind === 'number' ? { kind } : {}) });
  }
  return out;
}
