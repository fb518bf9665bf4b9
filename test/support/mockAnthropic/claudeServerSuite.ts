// For a describe block of orchestrator tests with the real Claude Code CLI: registers the hooks
// that start the mock Messages API and an isolated Claude environment before its tests, and after
// them end the orchestrators the tests started, stop the mock and remove the environment.
import { after, before } from 'node:test';
import { closeLeftRunning, type OrchestratorUnderTest } from '../orchestratorProcess';
import { claudeTestEnv, type ClaudeTestEnv } from './claudeEnv';
import { MockAnthropicServer, type MockResponder } from './mockServer';

export interface ClaudeServerSuite {
  /** The mock API (from the suite's `before` on). */
  readonly api: MockAnthropicServer;
  /** The CLI's environment and temp folders (from the suite's `before` on). */
  readonly env: ClaudeTestEnv;
  /** Orchestrators the tests start; the ones left running are closed after the suite. */
  readonly started: OrchestratorUnderTest[];
}

export function claudeServerSuite(responder: MockResponder): ClaudeServerSuite {
  let api: MockAnthropicServer | undefined;
  let env: ClaudeTestEnv | undefined;
  const started: OrchestratorUnderTest[] = [];
  before(async () => {
    api = new MockAnthropicServer(responder);
    await api.start();
    env = claudeTestEnv(api.url);
  });
  after(async () => {
    await closeLeftRunning(started);
    await api?.stop();
    env?.cleanup();
  });
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`the ${what} is set up in the suite's before hook`);
    return v;
  };
  return {
    get api() {
      return ready(api, 'mock API');
    },
    get env() {
      return ready(env, 'Claude environment');
    },
    started,
  };
}
