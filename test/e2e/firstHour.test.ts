// What a new user met in the first hour (issue 11), as a person sees it: the dashboard opens with
// no Content Security Policy violation in any frame's console; the Sessions view shows each
// session's name whole at the default sidebar width; after Developer: Reload Window the status
// bar shows the session of the file open in the editor; a failed session's notice goes away once
// its retried task succeeds. The real Claude Code CLI answers from the mock Messages API.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ConsoleMessage, Page } from 'playwright-core';
import { CleanupStack } from '../../scripts/testEnv/cleanup';
import type { CodeServer } from '../../scripts/testEnv/codeServer';
import { realClaudePath } from '../support/mockAnthropic/claudeEnv';
import { directiveResponder } from '../support/mockAnthropic/directiveResponder';
import { openClaudeWorkbench } from './support/claudeWorkbench';
import { answerCreateSession, runFromPalette, sendTaskFromPalette, showSessionsView, snap, waitForInFrames } from './support/workbench';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, 'test-results', 'e2e');
const STATUS = '.statusbar-item[id$="agentAffinity.status"]';

describe('The first hour of a new user (VSIX, Chromium, real Claude Code CLI)', () => {
  const cleanup = new CleanupStack();
  let page: Page;
  let server: CodeServer;
  /** Every console message of the page and its frames (webviews included), from the start. */
  const consoleLines: string[] = [];
  /** While this file exists, the sessions' Claude Code CLI exits at once (as a broken install does). */
  let brokenFlag: string;

  before(
    async () => {
      // The sessions run Claude Code through a wrapper the test can break and mend.
      const bin = mkdtempSync(join(tmpdir(), 'aa-first-hour-bin-'));
      cleanup.add('claude wrapper', async () => rmSync(bin, { recursive: true, force: true }));
      brokenFlag = join(bin, 'broken');
      const wrapper = join(bin, 'claude');
      writeFileSync(
        wrapper,
        `#!/bin/sh\nif [ -e '${brokenFlag}' ]; then echo 'claude: broken install (test)' >&2; exit 3; fi\nexec '${realClaudePath}' "$@"\n`,
      );
      chmodSync(wrapper, 0o755);
      const wb = await openClaudeWorkbench(cleanup, {
        label: 'e2e-first-hour',
        logDir: shots,
        responder: directiveResponder,
        userSettings: { 'agentAffinity.claude.path': wrapper },
      });
      page = wb.page;
      server = wb.server;
      // Frames created from now on (the webviews) report CSP violations as console errors too, in case
      // the browser's own report does not reach the console event.
      await wb.browser.context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`securitypolicyviolation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile}`),
        );
      });
      const record = (m: ConsoleMessage): void => void consoleLines.push(`[${m.type()}] ${m.text()}`);
      page.on('console', record);
      await statusSays(/no sessions|ready/i, 60_000);
      await showSessionsView(page);
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await cleanup.runAll();
  });

  async function statusText(): Promise<string> {
    const item = page.locator(STATUS).first();
    return `${(await item.getAttribute('aria-label').catch(() => '')) ?? ''} ${(await item.textContent().catch(() => '')) ?? ''}`;
  }

  async function statusSays(pattern: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = await statusText();
      if (pattern.test(last)) return last;
      await page.waitForTimeout(100);
    }
    throw new Error(`the status bar never matched ${pattern}; last: ${last}`);
  }

  function treeRow(name: string): ReturnType<Page['locator']> {
    return page.locator('.pane-body .monaco-list-row', { hasText: name }).first();
  }

  async function rowSays(name: string, pattern: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = `${
        (await treeRow(name)
          .getAttribute('aria-label')
          .catch(() => '')) ?? ''
      } ${
        (await treeRow(name)
          .textContent()
          .catch(() => '')) ?? ''
      }`;
      if (pattern.test(last)) return last;
      await page.waitForTimeout(100);
    }
    throw new Error(`the tree row of ${name} never matched ${pattern}; last: ${last}`);
  }

  /** Resolves once `path` exists (an agent wrote it); the page stays live meanwhile. */
  async function waitForFile(path: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(path)) {
      if (Date.now() > deadline) throw new Error(`${path} was never written`);
      await page.waitForTimeout(200);
    }
  }

  /** Opens a workspace file by its path through Quick Open, as a person does; asks again when the
   *  pick closes or has not listed the file yet (a file an agent just wrote). */
  async function openInEditor(relPath: string): Promise<void> {
    const name = relPath.split('/').pop() ?? relPath;
    const input = page.locator('.quick-input-widget input');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(relPath);
      try {
        await row.waitFor({ state: 'visible', timeout: 8_000 });
        await row.click();
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
        await page.keyboard.press('Escape');
      }
    }
    await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 15_000 });
  }

  /** Shows the Sessions view (a click on the activity bar icon of a view already shown would hide it). */
  it('opens the dashboard with no Content Security Policy violation in any frame', { timeout: 90_000 }, async () => {
    const from = consoleLines.length;
    await runFromPalette(page, 'Agent Affinity: Show Dashboard');
    await waitForInFrames(page, '[data-testid="orchestrator-state"]', /^ready$/i, 30_000);
    // Every section has rendered (with its toolkit buttons and badges) once the orchestrator's is there.
    await waitForInFrames(page, '[data-testid="create-session"]', /Create Session/i, 10_000);
    const violations = consoleLines.slice(from).filter((l) => /Content Security Policy|securitypolicyviolation/i.test(l));
    await snap(page, shots, '60-dashboard-no-csp-violation');
    assert.deepEqual(violations, [], 'the dashboard breaks its own Content Security Policy');
  });

  it('shows each session by its whole name at the default sidebar width, state and agent beside it', { timeout: 240_000 }, async () => {
    for (const [name, specialty] of [
      ['backend', 'backend'],
      ['frontend', 'frontend'],
    ] as const) {
      await runFromPalette(page, 'Agent Affinity: Create Session…');
      await answerCreateSession(page, name, specialty);
      await treeRow(name).waitFor({ state: 'visible', timeout: 20_000 });
    }
    // Work in their folders: each agent writes a file of its own, so the file is in its working set.
    mkdirSync(join(server.workspace, 'backend', 'src'), { recursive: true });
    mkdirSync(join(server.workspace, 'frontend', 'src'), { recursive: true });
    for (const [name, rel, text] of [
      ['backend', 'backend/src/server.ts', 'export const port = 8080;'],
      ['frontend', 'frontend/src/App.tsx', 'export const App = 1;'],
    ] as const) {
      const file = join(server.workspace, rel);
      await sendTaskFromPalette(page, name, `WRITE ${file} ${text}`);
      // The agent's write lands, then its run ends: the row says idle again.
      await waitForFile(file, 90_000);
      await rowSays(name, /idle/, 60_000);
    }
    await page.mouse.move(700, 400); // no hover: the row as it sits
    const sidebar = page.locator('.part.sidebar').first();
    const width = (await sidebar.boundingBox())?.width ?? 0;
    await sidebar.screenshot({ path: join(shots, '61-sessions-tree-default-width.png') });
    for (const name of ['backend', 'frontend']) {
      const row = treeRow(name);
      const label = await row.locator('.label-name').first().textContent();
      assert.equal(label?.trim(), name, "the row's label is the session's name");
      // The whole row fits: nothing of the name or its description is cut off with an ellipsis.
      const [shown, needed] = await row
        .locator('.monaco-icon-label-container')
        .first()
        .evaluate((el) => [el.clientWidth, el.scrollWidth]);
      assert.ok(
        needed <= shown + 1,
        `${name}'s row needs ${needed}px and has ${shown}px: cut off at the default sidebar width (${width}px)`,
      );
      assert.match(await rowSays(name, /idle/, 5_000), /idle · (\d+% · )?Claude\b/, 'the state and agent are beside the name');
    }
  });

  it('after Developer: Reload Window, the status bar shows the session of the open backend file', { timeout: 240_000 }, async () => {
    await openInEditor('backend/src/server.ts');
    await statusSays(/\bbackend\b/, 20_000);
    // As a person does: the status bar item opens the dashboard, which then sits in front of the file.
    await page.locator(STATUS).first().click();
    await waitForInFrames(page, '[data-testid="orchestrator-state"]', /^ready$/i, 30_000);
    await runFromPalette(page, 'Developer: Reload Window');
    await page.waitForLoadState('domcontentloaded');
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.tabs-container .tab', { hasText: 'server.ts' }).waitFor({ state: 'visible', timeout: 30_000 });
    // The window comes back with the dashboard in front: the status bar must still follow the file,
    // because the router was told which file it is (the tree marks its session ◉); the most recently
    // active session, which the status bar falls back to, is not a sign of that.
    await showSessionsView(page);
    await rowSays('backend', /◉/, 60_000);
    const text = await statusSays(/\bbackend\b/, 10_000);
    await page
      .locator(STATUS)
      .first()
      .screenshot({ path: join(shots, '62-status-bar-after-reload.png') });
    await snap(page, shots, '63-window-after-reload');
    assert.doesNotMatch(text, /\bfrontend\b/);
  });

  it("withdraws a failed session's notice once its retried task succeeds", { timeout: 240_000 }, async () => {
    await showSessionsView(page);
    await treeRow('frontend').waitFor({ state: 'visible', timeout: 30_000 });
    // The CLI exits before it starts: the session fails (an API error would not: the agent answered).
    writeFileSync(brokenFlag, '');
    await sendTaskFromPalette(page, 'frontend', 'hello again');
    await rowSays('frontend', /failed/, 60_000);
    const notice = page.locator('.notification-toast', { hasText: /session 'frontend' failed/ }).first();
    await notice.waitFor({ state: 'visible', timeout: 15_000 });
    await snap(page, shots, '64-session-failed-notice');
    // Mended, and retried from the task's inline action in the Sessions view: the task succeeds and
    // the notice goes away.
    rmSync(brokenFlag);
    const failedTask = page.locator('.pane-body .monaco-list-row', { hasText: 'hello again' }).first();
    // The failed task is the session's child: open the row if the tree shows it collapsed.
    if ((await treeRow('frontend').getAttribute('aria-expanded')) === 'false')
      await treeRow('frontend').locator('.monaco-tl-twistie').first().click();
    await failedTask.hover();
    await failedTask.locator('.action-label[aria-label^="Retry Task"]').first().click({ timeout: 10_000 });
    await rowSays('frontend', /idle/, 90_000);
    await page
      .locator('.notification-toast', { hasText: /session 'frontend' failed/ })
      .first()
      .waitFor({ state: 'hidden', timeout: 15_000 });
    await snap(page, shots, '65-session-recovered-no-notice');
    assert.equal(await page.locator('.notification-toast', { hasText: /session 'frontend' failed/ }).count(), 0);
  });
});
