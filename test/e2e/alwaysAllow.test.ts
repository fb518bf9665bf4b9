// "Always Allow…" as a person uses it (issue 14), with the real Claude Code CLI against the mock
// Messages API: a session asks to run `npm test`; the notification offers Allow, Always Allow… and
// Deny; Always Allow… proposes `Bash(npm test *)` for the folder's .claude/settings.local.json and
// says what it newly allows; Enter saves it (consolidated, no backup in the repository) and
// answers the question; the next `npm test` runs without asking. Screenshots in test-results/e2e.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { CleanupStack } from '../../scripts/testEnv/cleanup';
import type { CodeServer } from '../../scripts/testEnv/codeServer';
import { directiveResponder } from '../support/mockAnthropic/directiveResponder';
import { openClaudeWorkbench } from './support/claudeWorkbench';
import { answerCreateSession, runFromPalette, sendTaskFromPalette, snap, showSessionsView, waitForOrchestrator } from './support/workbench';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, 'test-results', 'e2e');

describe('Always Allow… in the permission question (VSIX, Chromium, real Claude Code CLI)', () => {
  const cleanup = new CleanupStack();
  let page: Page;
  let server: CodeServer;
  let local: string;

  before(
    async () => {
      const wb = await openClaudeWorkbench(cleanup, {
        label: 'e2e-always-allow',
        logDir: shots,
        responder: directiveResponder,
        userSettings: { 'agentAffinity.claude.askForPermissions': true },
      });
      page = wb.page;
      server = wb.server;
      local = join(server.workspace, '.claude', 'settings.local.json');
      await waitForOrchestrator(page);
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await cleanup.runAll();
  });

  const question = (): ReturnType<Page['locator']> => page.locator('.notification-toast', { hasText: /wants to run Bash/ });
  const row = (): ReturnType<Page['locator']> => page.locator('.pane-body .monaco-list-row', { hasText: 'backend' }).first();

  /** Waits for the session's row to say idle; fails when it ever says waiting (a question) and `noQuestion`. */
  async function idle(timeoutMs: number, noQuestion = false): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = `${
        (await row()
          .getAttribute('aria-label')
          .catch(() => '')) ?? ''
      } ${
        (await row()
          .textContent()
          .catch(() => '')) ?? ''
      }`;
      if (noQuestion) assert.doesNotMatch(last, /waiting/, 'the session asked again');
      if (/idle/.test(last)) return;
      await page.waitForTimeout(100);
    }
    throw new Error(`backend never came back idle; last: ${last}`);
  }

  it('proposes Bash(npm test *) for the folder, saves it consolidated and answers Allow', { timeout: 180_000 }, async () => {
    await showSessionsView(page);
    await runFromPalette(page, 'Agent Affinity: Create Session…');
    await answerCreateSession(page, 'backend', 'backend');
    await sendTaskFromPalette(page, 'backend', 'BASH npm test -- --watch=false');

    await question().first().waitFor({ state: 'visible', timeout: 90_000 });
    const buttons = await question().first().locator('.monaco-button').allTextContents();
    assert.deepEqual(
      buttons.filter((b) => /Allow|Deny/.test(b)),
      ['Allow', 'Always Allow…', 'Deny'],
    );
    await snap(page, shots, '80-always-allow-question');
    await question().first().locator('.monaco-button', { hasText: 'Always Allow…' }).click();

    const box = page.locator('.quick-input-widget');
    const input = box.locator('input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    const deadline = Date.now() + 15_000;
    while ((await input.inputValue()) !== 'Bash(npm test *)' && Date.now() < deadline) await page.waitForTimeout(100);
    assert.equal(await input.inputValue(), 'Bash(npm test *)');
    const prompt = (await box.textContent()) ?? '';
    assert.match(prompt, /settings\.local\.json/, `the box names where the rule goes: ${prompt}`);
    assert.match(prompt, /Newly allows: .*npm test/, `the box says what the rule newly allows: ${prompt}`);
    await snap(page, shots, '81-always-allow-rule');
    await input.press('Enter');

    const written = Date.now() + 20_000;
    while (!(existsSync(local) && readFileSync(local, 'utf8').includes('Bash(npm test *)')) && Date.now() < written)
      await page.waitForTimeout(100);
    const text = readFileSync(local, 'utf8');
    assert.match(text, /"allow": \[\s*"Bash\(npm test \*\)"\s*\]/, text);
    assert.deepEqual(
      readdirSync(join(server.workspace, '.claude')).filter((n) => n !== 'settings.local.json'),
      [],
      'nothing else (no backup) in the repository',
    );
    await page
      .locator('.notification-toast', { hasText: /added Bash\(npm test \*\) to/ })
      .first()
      .waitFor({ state: 'visible', timeout: 15_000 });
    await snap(page, shots, '82-always-allow-saved');
    await idle(90_000);
  });

  it('the next npm test runs without asking', { timeout: 180_000 }, async () => {
    await page.keyboard.press('Escape');
    await runFromPalette(page, 'Notifications: Clear All Notifications');
    await sendTaskFromPalette(page, 'backend', 'BASH npm test -- --watch=false');
    // Give the run time to start before watching for idle.
    const started = Date.now() + 30_000;
    while (
      !/running|starting/.test(
        (await row()
          .textContent()
          .catch(() => '')) ?? '',
      ) &&
      Date.now() < started
    )
      await page.waitForTimeout(100);
    await idle(90_000, true);
    assert.equal(await question().count(), 0, 'no new permission question');
    await snap(page, shots, '83-always-allow-next-run');
  });
});
