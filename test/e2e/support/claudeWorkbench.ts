// A code-server window with the VSIX installed and the real Claude Code CLI answering from a mock
// Messages API in the test process: what the session, budget and fixes e2e tests share. Everything
// it starts is registered on the caller's CleanupStack.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from '../../../scripts/testEnv/chromium';
import type { CleanupStack } from '../../../scripts/testEnv/cleanup';
import { startCodeServer, workbenchUrl, type CodeServer } from '../../../scripts/testEnv/codeServer';
import { ensureVsix } from '../../../scripts/testEnv/ensureVsix.mjs';
import { ensureTestEnv } from '../../../scripts/testEnv/install.mjs';
import { claudeTestEnv, realClaudePath, type ClaudeTestEnv } from '../../support/mockAnthropic/claudeEnv';
import { MockAnthropicServer, type MockResponder } from '../../support/mockAnthropic/mockServer';

/** The settings package.json declares machine-scoped. */
const MACHINE_SCOPED = machineScopedKeys();

function machineScopedKeys(): Set<string> {
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    contributes: {
      configuration: { properties: Record<string, { scope?: string }> } | { properties: Record<string, { scope?: string }> }[];
    };
  };
  const sections = [manifest.contributes.configuration].flat();
  return new Set(
    sections.flatMap((c) =>
      Object.entries(c.properties)
        .filter(([, p]) => p.scope === 'machine')
        .map(([k]) => k),
    ),
  );
}

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
  /** Settings over the defaults below (the mock's Claude Code CLI, acceptEdits). Machine-scoped ones
   *  (which CLI runs, its environment) go to Remote settings, where a person using this remote window
   *  puts them; the others to User settings. */
  userSettings?: Record<string, unknown>;
  /** Environment of the code-server process (and so of the extension host and the agents). */
  env?: Record<string, string>;
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
    ...(opts.env ? { env: opts.env } : {}),
    ...splitSettings({
      'agentAffinity.claude.path': realClaudePath,
      'agentAffinity.claude.permissionMode': 'acceptEdits',
      'agentAffinity.agentEnvironment': { claude: claude.env },
      ...opts.userSettings,
    }),
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

/** Machine-scoped settings to Remote settings, the others to User settings. */
function splitSettings(all: Record<string, unknown>): { userSettings: Record<string, unknown>; remoteSettings: Record<string, unknown> } {
  const userSettings: Record<string, unknown> = {};
  const remoteSettings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(all)) (MACHINE_SCOPED.has(key) ? remoteSettings : userSettings)[key] = value;
  return { userSettings, remoteSettings };
}
