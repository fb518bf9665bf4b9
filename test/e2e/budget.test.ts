// Context budgets as a person sees them: after an answer whose usage the mock API sets, the status
// bar shows the session's fill (`backend 42% · 84k/200k`), its tooltip the breakdown; past the
// critical threshold it turns red and one notification offers Roll Over Session; the dashboard's
// budgets section shows the bar, trend and totals. Screenshots of the status bar and the section.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { CleanupStack } from '../../scripts/testEnv/cleanup';
import { usageResponder } from '../support/mockAnthropic/usageResponder';
import { openClaudeWorkbench } from './support/claudeWorkbench';
import {
  answerCreateSession,
  runFromPalette,
  sendTaskFromPalette,
  snap,
  waitForInFrames,
  showSessionsView,
  waitForOrchestrator,
} from './support/workbench';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, 'test-results', 'e2e');

describe('Context budgets in code-server (VSIX, Chromium, real Claude Code CLI)', () => {
  const cleanup = new CleanupStack();
  let page: Page;

  before(
    async () => {
      ({ page } = await openClaudeWorkbench(cleanup, { label: 'e2e-budget', logDir: shots, responder: usageResponder() }));
      await waitForOrchestrator(page);
      await showSessionsView(page);
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await cleanup.runAll();
  });

  const statusItem = (): ReturnType<Page['locator']> => page.locator('.statusbar-item[id$="agentAffinity.status"]');

  async function statusSays(pattern: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last =
        (await statusItem()
          .textContent()
          .catch(() => '')) ?? '';
      if (pattern.test(last)) return last;
      await page.waitForTimeout(100);
    }
    throw new Error(`the status bar never matched ${pattern}; last: ${last}`);
  }

  /** Waits for the session's tree row to say idle again: its run (and the window it reports) is over. */
  async function idle(name: string, timeoutMs: number): Promise<void> {
    const row = page.locator('.pane-body .monaco-list-row', { hasText: name }).first();
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = (await row.textContent().catch(() => '')) ?? '';
      if (/idle/.test(last)) return; // the row's text runs name and description together
      await page.waitForTimeout(100);
    }
    throw new Error(`${name} never came back idle; last: ${last}`);
  }

  it(
    'shows the real fill in the status bar, turns red at critical with one Roll Over offer, and in the dashboard',
    { timeout: 240_000 },
    async () => {
      assert.match(await statusSays(/no sessions/, 30_000), /no sessions/);
      await runFromPalette(page, 'Agent Affinity: Create Session…');
      await answerCreateSession(page, 'backend', 'backend');
      await statusSays(/backend/, 30_000);

      await sendTaskFromPalette(page, 'backend', 'USAGE 50000 10000 24000');
      const text = await statusSays(/backend \d+% · 84k\/[\d.]+[kM]/, 90_000);
      await idle('backend', 60_000); // the run's end reports the window (modelUsage)
      const settled = (await statusItem().textContent()) ?? text;
      assert.match(settled, /backend \d+% · 84k\/[\d.]+[kM]/);
      await statusItem().hover();
      await page.locator('.monaco-hover', { hasText: 'Memory files' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await snap(page, shots, '30-budget-status-bar-tooltip');
      await statusItem().screenshot({ path: join(shots, '31-budget-status-bar.png') });
      await page.mouse.move(600, 300);

      // The window the agent reported (`200k`, `1.0M`).
      const w = /\/([\d.]+)([kM])/.exec(settled);
      const window = Number(w?.[1] ?? '200') * (w?.[2] === 'M' ? 1_000_000 : 1000);
      const critical = Math.ceil(window * 0.93);
      await sendTaskFromPalette(page, 'backend', `USAGE ${critical - 30000} 10000 20000`);
      await statusSays(/backend 93% · /, 90_000);
      const toast = page.locator('.notification-toast', { hasText: /context window is 93% full/ });
      await toast.first().waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await toast.count(), 1);
      assert.ok(await toast.locator('a.monaco-button, .monaco-button', { hasText: 'Roll Over Session' }).first().isVisible());
      const background = await statusItem().evaluate((e) => getComputedStyle(e).backgroundColor);
      assert.notEqual(background, 'rgba(0, 0, 0, 0)', 'the critical item has the error background');
      // The tree shows the same fill in the session's description.
      const row = page.locator('.pane-body .monaco-list-row', { hasText: 'backend' }).first();
      const rowDeadline = Date.now() + 10_000;
      while (!/93%/.test((await row.textContent()) ?? '') && Date.now() < rowDeadline) await page.waitForTimeout(100);
      assert.match((await row.textContent()) ?? '', /93%/);
      await snap(page, shots, '32-budget-critical-notification');
      await statusItem().screenshot({ path: join(shots, '33-budget-status-bar-critical.png') });

      // A click on the status bar opens the dashboard at the active session's budget, highlighted.
      await statusItem().first().click();
      const { frame } = await waitForInFrames(page, '[data-testid="budget-fill"]', /93% · /, 30_000);
      const focusedRow = frame.locator('.budget-row.focused');
      await focusedRow.first().waitFor({ state: 'visible', timeout: 10_000 });
      assert.match((await focusedRow.first().textContent()) ?? '', /backend/);
      assert.ok(
        await focusedRow.first().evaluate((e) => {
          const r = e.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= (e.ownerDocument.defaultView?.innerHeight ?? 0);
        }),
        'the focused budget row is in view',
      );
      await snap(page, shots, '34a-dashboard-budget-focused');
      await waitForInFrames(page, '[data-testid="budget-totals"]', /cache read/, 10_000);
      const section = frame.locator('[data-testid="section-budgets"]');
      await section.screenshot({ path: join(shots, '34-dashboard-budgets-section.png') });
      await snap(page, shots, '35-dashboard-budgets');
    },
  );
});
