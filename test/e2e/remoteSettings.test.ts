// Setting up an agent the way the README tells a new user to (issue 11): in the embedded VS Code
// (a remote window), `agentAffinity.claude.path` and `agentAffinity.agentEnvironment` go in Remote
// settings. The window starts with neither set (and no `claude` on the PATH): Create Session… says
// Claude Code will not start and offers Open Remote Settings; the user opens Preferences: Open
// Remote Settings (JSON), writes both values and saves; the next task runs with them (the CLI is
// the configured wrapper, and it sees the configured environment). Real Claude Code CLI, mock API.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { CleanupStack } from '../../scripts/testEnv/cleanup';
import type { CodeServer } from '../../scripts/testEnv/codeServer';
import { realClaudePath, type ClaudeTestEnv } from '../support/mockAnthropic/claudeEnv';
import { directiveResponder } from '../support/mockAnthropic/directiveResponder';
import { openClaudeWorkbench } from './support/claudeWorkbench';
import { answerCreateSession, runFromPalette, sendTaskFromPalette, showSessionsView, snap, waitForOrchestrator } from './support/workbench';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, 'test-results', 'e2e');

describe('Setting up Claude Code in Remote settings, as the README says (VSIX, Chromium, real CLI)', () => {
  const cleanup = new CleanupStack();
  let page: Page;
  let server: CodeServer;
  let claudeEnv: ClaudeTestEnv;
  let wrapper: string;
  let seen: string;

  before(
    async () => {
      // The CLI the user points at: a wrapper that records the environment it was given.
      const bin = mkdtempSync(join(tmpdir(), 'aa-remote-settings-bin-'));
      cleanup.add('claude wrapper', async () => rmSync(bin, { recursive: true, force: true }));
      seen = join(bin, 'seen.log');
      wrapper = join(bin, 'my-claude');
      writeFileSync(
        wrapper,
        `#!/bin/sh\necho "mark=$AA_SETUP_MARK base=$ANTHROPIC_BASE_URL" >> '${seen}'\nexec '${realClaudePath}' "$@"\n`,
      );
      chmodSync(wrapper, 0o755);
      // No `claude` on the PATH, whatever ran the tests (npm puts node_modules/.bin there).
      const path = (process.env.PATH ?? '')
        .split(delimiter)
        .filter((d) => !existsSync(join(d, 'claude')))
        .join(delimiter);
      const wb = await openClaudeWorkbench(cleanup, {
        label: 'e2e-remote-settings',
        logDir: shots,
        responder: directiveResponder,
        env: { PATH: path },
        userSettings: { 'agentAffinity.claude.path': undefined, 'agentAffinity.agentEnvironment': undefined },
      });
      page = wb.page;
      server = wb.server;
      claudeEnv = wb.claude;
      await waitForOrchestrator(page);
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await cleanup.runAll();
  });

  it('Create Session… says the CLI will not start and where to set it', { timeout: 90_000 }, async () => {
    await runFromPalette(page, 'Agent Affinity: Create Session…');
    await answerCreateSession(page, 'backend', 'backend');
    const toast = page.locator('.notification-toast', { hasText: /will not start/ }).first();
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    const text = (await toast.textContent()) ?? '';
    assert.match(text, /Remote settings/, `the notice says where to set it: ${text}`);
    assert.ok(await toast.locator('.monaco-button', { hasText: 'Open Remote Settings' }).isVisible());
    await snap(page, shots, '90-remote-settings-missing-cli');
    await page.keyboard.press('Escape');
  });

  it('after writing both in Remote settings (JSON), a task runs with them', { timeout: 180_000 }, async () => {
    await runFromPalette(page, 'Preferences: Open Remote Settings (JSON)');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.tabs-container .tab.active', { hasText: /settings\.json/i }).waitFor({ state: 'visible', timeout: 15_000 });
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    const settings = {
      'agentAffinity.claude.path': wrapper,
      'agentAffinity.agentEnvironment': { claude: { ...claudeEnv.env, AA_SETUP_MARK: 'from-remote-settings' } },
    };
    await page.keyboard.insertText(JSON.stringify(settings, null, 2));
    // Whatever the editor closed on its own after the cursor (brackets, quotes) goes.
    await page.keyboard.press('ControlOrMeta+Shift+End');
    await page.keyboard.press('Delete');
    await page.keyboard.press('ControlOrMeta+S');
    const machine = join(server.userDataDir, 'Machine', 'settings.json');
    const deadline = Date.now() + 15_000;
    while (!(existsSync(machine) && readFileSync(machine, 'utf8').includes('my-claude')) && Date.now() < deadline)
      await page.waitForTimeout(100);
    const saved = readFileSync(machine, 'utf8');
    assert.deepEqual(JSON.parse(saved) as unknown, settings, `saved to Remote settings: ${saved}`);
    await snap(page, shots, '91-remote-settings-written');

    await sendTaskFromPalette(page, 'backend', 'Say hello from remote settings');
    await showSessionsView(page);
    const row = page.locator('.pane-body .monaco-list-row', { hasText: 'backend' }).first();
    const done = Date.now() + 120_000;
    let last = '';
    while (Date.now() < done) {
      last = `${(await row.getAttribute('aria-label').catch(() => '')) ?? ''} ${(await row.textContent().catch(() => '')) ?? ''}`;
      if (/idle/.test(last) && existsSync(seen)) break;
      await page.waitForTimeout(200);
    }
    assert.ok(existsSync(seen), `the configured CLI never ran; row: ${last}`);
    assert.match(readFileSync(seen, 'utf8'), new RegExp(`mark=from-remote-settings base=${claudeEnv.env.ANTHROPIC_BASE_URL ?? ''}`));
    assert.match(last, /idle/, `the task never finished: ${last}`);
    await snap(page, shots, '92-remote-settings-task-ran');
  });
});
