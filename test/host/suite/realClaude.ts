// The real Claude Code CLI for host-suite tests: a mock Messages API in this process, an isolated
// HOME, and the extension's settings pointed at both. dispose() stops the mock and cleans up.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { claudeTestEnv, type ClaudeTestEnv } from '../../support/mockAnthropic/claudeEnv';
import { directiveResponder } from '../../support/mockAnthropic/directiveResponder';
import { MockAnthropicServer, type MockResponder } from '../../support/mockAnthropic/mockServer';
import { getExtension } from './support';

export interface RealClaude {
  api: MockAnthropicServer;
  env: ClaudeTestEnv;
  dispose(): Promise<void>;
}

export async function startRealClaude(responder: MockResponder = directiveResponder): Promise<RealClaude> {
  const api = new MockAnthropicServer(responder);
  await api.start();
  const env = claudeTestEnv(api.url);
  const claude = join(getExtension().extensionPath, 'node_modules', '.bin', 'claude');
  assert.ok(existsSync(claude), `the real Claude Code CLI is installed at ${claude}`);
  const config = vscode.workspace.getConfiguration('agentAffinity');
  await config.update('claude.path', claude, vscode.ConfigurationTarget.Global);
  await config.update('claude.permissionMode', 'acceptEdits', vscode.ConfigurationTarget.Global);
  await config.update('agentEnvironment', { claude: env.env }, vscode.ConfigurationTarget.Global);
  return {
    api,
    env,
    dispose: async () => {
      await api.stop();
      env.cleanup();
    },
  };
}
