// The one wrapper around acquireVsCodeApi(): typed messages out, persisted UI state in and out.
import type { WebviewToHostMessage } from '../../src/protocol/webviewMessages';

interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export interface HostChannel<S> {
  post(message: WebviewToHostMessage): void;
  savedState(): S | undefined;
  saveState(state: S): void;
}

export function connectToHost<S>(): HostChannel<S> {
  const api = acquireVsCodeApi<S>();
  return {
    post: (message) => api.postMessage(message),
    savedState: () => api.getState(),
    saveState: (state) => api.setState(state),
  };
}
