// A code-server window with the VSIX installed and the real Claude Code CLI answering from a mock
// Messages API in the test process: what the session, budget and fixes e2e tests share. Everything
// it starts is registered on the caller's CleanupStack.
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from '../../../scripts/testEnv/chromium';
import type { CleanupStack } from '../../../scripts/testEnv/cleanup';
import { startCodeServer, workbenchUrl, type CodeServer } from '../../../scripts/testEnv/codeServer';
import { ensureVsix } from '../../../scripts/testEnv/ensureVsix.mjs';
import { ensureTestEnv } from '../../../scripts/testEnv/install.mjs';
import { claudeTestEnv, realClaudePath, type ClaudeTestEnv } from '../../support/mockAnthropic/claudeEnv';
import { MockAnthropicServer, type MockResponder } from '../../support/mockAnthropic/mockServer';

export interface ClaudeWorkbench {
  server: CodeServer;
  browser: Browser;
  page: Page;
  api: MockAnthropicServer;
  claude: ClaudeTestEnv;
}

export interface ClaudeWorkbenchOptions {
  label: string;
  logDir: string;
  responder: MockResponder;
  /** User settings over the defaults below (the mock's Claude Code CLI, acceptEdits). */
  userSettings?: Record<string, unknown>;
  /** Keep workspace trust on: the folder opens behind the trust prompt (see startCodeServer). */
  workspaceTrust?: boolean;
  /** Runs after code-server starts and before the window opens (the extension host starts with it). */
  beforeOpen?(server: CodeServer): Promise<void>;
}

export async function openClaudeWorkbench(cleanup: CleanupStack, opts: ClaudeWorkbenchOptions): Promise<ClaudeWorkbench> {
  const env = await ensureTestEnv();
  const vsix = ensureVsix();
  const api = new MockAnthropicServer(opts.responder);
  await api.start();
  cleanup.add('mock API', () => api.stop());
  const claude = claudeTestEnv(api.url);
  cleanup.add('claude home', async () => claude.cleanup());
  const server = await startCodeServer({
    entry: env.codeServerEntry,
    label: opts.label,
    logDir: opts.logDir,
    vsix,
    ...(opts.workspaceTrust ? { workspaceTrust: true } : {}),
    userSettings: {
      'agentAffinity.claude.path': realClaudePath,
      'agentAffinity.claude.permissionMode': 'acceptEdits',
      'agentAffinity.agentEnvironment': { claude: claude.env },
      ...opts.userSettings,
    },
  });
  cleanup.add('code-server', () => server.stop());
  await opts.beforeOpen?.(server);
  const browser = await launchChromium(env.chromium);
  cleanup.add('chromium', () => browser.close());
  const page = await browser.context.newPage();
  await page.goto(workbenchUrl(server), { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  return { server, browser, page, api, claude };
}
