// Sessions as a person uses them: Create Session… from the palette (folder, agent, specialty,
// name, where it works), Send Task… to it, watching it run and come back idle in the tree, its
// transcript, and the tree with three sessions in different states. The real Claude Code CLI
// answers from the mock Messages API running in this test process.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { CleanupStack } from '../../scripts/testEnv/cleanup';
import { directiveResponder } from '../support/mockAnthropic/directiveResponder';
import { openClaudeWorkbench } from './support/claudeWorkbench';
import {
  answerCreateSession,
  answerQuickInput,
  pickFromPalette,
  runFromPalette,
  sendTaskFromPalette,
  snap,
  waitForInFrames,
  showSessionsView,
} from './support/workbench';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, 'test-results', 'e2e');

describe('Agent sessions in code-server (VSIX, Chromium, real Claude Code CLI)', () => {
  const cleanup = new CleanupStack();
  let page: Page;
  let workspace: string;

  before(
    async () => {
      const wb = await openClaudeWorkbench(cleanup, { label: 'e2e-sessions', logDir: shots, responder: directiveResponder });
      page = wb.page;
      workspace = wb.server.workspace;
      await page.waitForFunction(
        () =>
          /\bready\b/i.test(
            ((el) =>
              (el?.getAttribute('aria-label') ?? el?.querySelector('[aria-label]')?.getAttribute('aria-label') ?? '') +
              ' ' +
              (el?.textContent ?? ''))(document.querySelector('.statusbar-item[id$="agentAffinity.status"]')),
          ),
        undefined,
        { timeout: 60_000 },
      );
      await showSessionsView(page);
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await cleanup.runAll();
  });

  function treeRow(name: string): ReturnType<Page['locator']> {
    return page.locator('.pane-body .monaco-list-row', { hasText: name }).first();
  }

  async function createFromPalette(name: string, specialty: string): Promise<void> {
    await runFromPalette(page, 'Agent Affinity: Create Session…');
    await answerCreateSession(page, name, specialty);
    await treeRow(name).waitFor({ state: 'visible', timeout: 20_000 });
  }

  async function rowSays(name: string, pattern: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last =
        ((await treeRow(name)
          .getAttribute('aria-label')
          .catch(() => '')) ?? '') +
        ' ' +
        ((await treeRow(name)
          .textContent()
          .catch(() => '')) ?? '');
      if (pattern.test(last)) return last;
      await page.waitForTimeout(100);
    }
    throw new Error(`the tree row of ${name} never matched ${pattern}; last: ${last}`);
  }

  /** Clicks a session's tree row until its transcript shows `shown` (a click can land while the tree
   *  re-renders the row and be lost); the error says which editors were open instead. */
  async function openTranscriptFromTree(name: string, shown: ReturnType<Page['locator']>): Promise<void> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      await treeRow(name).click();
      if (
        await shown.waitFor({ state: 'visible', timeout: 8_000 }).then(
          () => true,
          () => false,
        )
      )
        return;
    }
    const tabs = await page
      .locator('.tabs-container .tab')
      .allTextContents()
      .catch(() => []);
    const lines = await page
      .locator('.monaco-editor .view-lines')
      .first()
      .textContent()
      .catch(() => '');
    throw new Error(
      `the transcript of ${name} did not open with the expected text; tabs: ${tabs.join(' | ') || '(none)'}; editor: ${(lines ?? '').slice(0, 400)}`,
    );
  }

  it(
    'creates a session from the palette, sends it a task, shows it running then idle, and opens its transcript',
    { timeout: 180_000 },
    async () => {
      await createFromPalette('backend', 'backend');
      await snap(page, shots, '10-session-created');
      await sendTaskFromPalette(page, 'backend', 'SLOW 2500 explain the session module');
      await rowSays('backend', /running|starting/, 30_000);
      await snap(page, shots, '11-session-running');
      await rowSays('backend', /idle/, 90_000);
      const editor = page.locator('.monaco-editor .view-lines', { hasText: 'Answer:' }).first();
      await openTranscriptFromTree('backend', editor);
      await snap(page, shots, '12-session-transcript');
      // The editor renders spaces as non-breaking spaces.
      assert.match(((await editor.textContent()) ?? '').replace(/\u00a0/g, ' '), /explain the session module/);
    },
  );

  it('shows three sessions in different states in the tree and the dashboard', { timeout: 180_000 }, async () => {
    // With the dashboard focused, Create Session… (from its button, then from the palette) keeps one
    // quick input open through every step: a webview taking its focus back must not close a step.
    await runFromPalette(page, 'Agent Affinity: Show Dashboard');
    const { frame } = await waitForInFrames(page, '[data-testid="session-row-backend"] [data-testid="session-state"]', /idle/, 30_000);
    await frame.locator('[data-testid="create-session"]').click();
    await answerCreateSession(page, 'frontend', 'frontend');
    await treeRow('frontend').waitFor({ state: 'visible', timeout: 20_000 });
    await frame.locator('h1').click(); // the dashboard has focus again
    await createFromPalette('tests', 'tests');
    await sendTaskFromPalette(page, 'frontend', 'SLOW 60000 a long refactoring');
    await rowSays('frontend', /running/, 60_000);
    await pickFromPalette(page, 'Agent Affinity: Stop Session', 'tests');
    await rowSays('tests', /stopped/, 30_000);
    await rowSays('backend', /idle/, 5_000);
    await page
      .locator('.pane-header', { hasText: /Sessions/i })
      .first()
      .hover()
      .catch(() => undefined);
    await snap(page, shots, '13-sessions-tree-three-states');
    await runFromPalette(page, 'Agent Affinity: Show Dashboard');
    await waitForInFrames(page, '[data-testid="session-row-frontend"] [data-testid="session-state"]', /running/, 30_000);
    await waitForInFrames(page, '[data-testid="session-row-tests"] [data-testid="session-state"]', /stopped/, 10_000);
    // (The README's screenshot, every section filled, is taken by fixes.test.ts.)
    await snap(page, shots, '14-dashboard-sessions');
    await pickFromPalette(page, 'Agent Affinity: Stop Session', 'frontend');
    await rowSays('frontend', /stopped/, 30_000);
  });

  it('Send Task… ranks the sessions; the title button marks the task context-independent and back', { timeout: 120_000 }, async () => {
    await runFromPalette(page, 'Agent Affinity: Send Task…');
    await answerQuickInput(page, 'Add the license header to every source file', /Send Task/);
    const widget = page.locator('.quick-input-widget');
    const input = widget.locator('input');
    await widget.locator('.monaco-list-row', { hasText: 'backend' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    const placeholder = async (): Promise<string> =>
      (await input.getAttribute('placeholder')) ?? (await input.getAttribute('aria-label')) ?? '';
    const until = async (re: RegExp): Promise<string> => {
      const deadline = Date.now() + 15_000;
      let last = await placeholder();
      while (!re.test(last) && Date.now() < deadline) {
        await page.waitForTimeout(100);
        last = await placeholder();
      }
      assert.match(last, re);
      return last;
    };
    // "every source file": the router recognises it as context-independent; the button routes by context again.
    await until(/Context-independent/);
    await widget.locator('.quick-input-titlebar .action-label[aria-label^="Route by context"]').first().click();
    await until(/ranked by affinity/);
    await widget.locator('.quick-input-titlebar .action-label[aria-label^="Mark as context-independent"]').first().click();
    await until(/Context-independent/);
    await snap(page, shots, '15-send-task-independent-toggle');
    await input.press('Escape');
  });

  it("asks before a tool the session's mode does not allow; Allow on the notification runs it", { timeout: 120_000 }, async () => {
    const file = 'e2e-allowed-by-click';
    // Not `touch`: acceptEdits (these sessions' mode) lets Claude Code run filesystem commands unasked.
    await sendTaskFromPalette(page, 'backend', `BASH node -e "require('fs').writeFileSync('${file}', 'ok')"`);
    await rowSays('backend', /waiting/, 60_000);
    const toast = page.locator('.notification-toast', { hasText: /'backend' wants to run Bash: .node -e/ }).first();
    await toast.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(existsSync(join(workspace, file)), false, 'nothing runs before the answer');
    await snap(page, shots, '16-session-permission-request');
    await toast
      .locator('a.monaco-button, .monaco-button', { hasText: /^Allow$/ })
      .first()
      .click();
    await rowSays('backend', /idle/, 60_000);
    assert.ok(existsSync(join(workspace, file)), 'the allowed command ran');
  });

  it('lists a waiting question on the dashboard; Deny there refuses it', { timeout: 120_000 }, async () => {
    const file = 'e2e-denied-on-dashboard';
    await sendTaskFromPalette(page, 'backend', `BASH node -e "require('fs').writeFileSync('${file}', 'no')"`);
    await rowSays('backend', /waiting/, 60_000);
    await runFromPalette(page, 'Agent Affinity: Show Dashboard');
    const { frame } = await waitForInFrames(
      page,
      '[data-testid="permission-question-backend"]',
      /backend wants to use Bash: .*node -e/,
      30_000,
    );
    await snap(page, shots, '17-dashboard-permission-question');
    await frame.locator('[data-testid="permission-question-backend"] [data-testid="permission-deny"]').first().click();
    await rowSays('backend', /idle/, 60_000);
    assert.equal(existsSync(join(workspace, file)), false, 'the denied command did not run');
    // The answered question leaves the dashboard.
    await frame.locator('[data-testid="permission-questions"]').first().waitFor({ state: 'hidden', timeout: 10_000 });
  });

  it(
    'marks the session the active editor belongs to, in the tree and on the dashboard, and moves the mark with the editor',
    { timeout: 120_000 },
    async () => {
      // backend's agent writes notes/backend.md: the file is then in its working set.
      const notes = join(workspace, 'notes', 'backend.md');
      await sendTaskFromPalette(page, 'backend', `WRITE ${notes} What the backend session found.`);
      const deadline = Date.now() + 60_000;
      while (!existsSync(notes) && Date.now() < deadline) await page.waitForTimeout(200);
      assert.ok(existsSync(notes), 'the agent wrote the file');
      await rowSays('backend', /idle/, 60_000);
      await openInEditor('backend.md');
      await rowSays('backend', /◉/, 15_000);
      await runFromPalette(page, 'Agent Affinity: Show Dashboard');
      const { frame } = await waitForInFrames(
        page,
        '[data-testid="session-row-backend"] [data-testid="session-active"]',
        /active editor/,
        15_000,
      );
      assert.match(
        (await frame.locator('[data-testid="session-row-backend"]').first().getAttribute('title')) ?? '',
        /most in this session's context/,
      );
      await snap(page, shots, '18-dashboard-active-session');
      // A file no session holds or covers: no session is marked, here or on the dashboard.
      await openInEditor('auth.ts');
      await rowSays('backend', /^(?:(?!◉)[\s\S])*$/, 15_000);
      await runFromPalette(page, 'Agent Affinity: Show Dashboard');
      const { frame: after } = await waitForInFrames(
        page,
        '[data-testid="session-row-backend"] [data-testid="session-state"]',
        /idle/,
        15_000,
      );
      assert.equal(await after.locator('[data-testid="session-active"]').count(), 0, 'a session is still marked');
    },
  );

  /** Opens a workspace file by name through Quick Open, as a person does (Ctrl+P). */
  async function openInEditor(name: string): Promise<void> {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(name);
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
    await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 15_000 });
  }
});
