// Runs a command body and turns a failure into one clear message naming what could not be done;
// returns the body's result (commands called with arguments return what they did).
import * as vscode from 'vscode';

export function guarded<A extends unknown[]>(what: string, body: (...args: A) => Promise<unknown>): (...args: A) => Promise<unknown> {
  return async (...args: A) => {
    try {
      return await body(...args);
    } catch (e) {
      void vscode.window.showErrorMessage(`Agent Affinity: could not ${what}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  };
}
