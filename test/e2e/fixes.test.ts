// End to end, the dashboard's learned-fixes and metrics sections as a person sees them: a fix
// store seeded in the user's global storage before the window opens (three fixes learned the way
// the orchestrator learns them), the dashboard from the palette listing them, search narrowing
// the list, a fix opened with its diff and history, then edited (a broken diff is refused beside
// the field with the user's text kept; a good edit is saved and listed), and the metrics section
// with its empty states; then two sessions created from the palette run tasks (the real Claude
// Code CLI against the mock Messages API), one of them routed by Send Task…, a permission file is
// consolidated, and the whole dashboard is captured with every section filled (the README's
// screenshot with UPDATE_README_SCREENSHOT=1). Screenshots in test-results/e2e (10-…).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Frame, Page } from 'playwright-core';
import { FixStore } from '../../src/core/fixes/fixStore';
import { JsonFixRepository } from '../../src/core/fixes/jsonFixRepository';
import { makeUnifiedDiff } from '../../src/core/fixes/unifiedDiff';
import { CleanupStack } from '../../scripts/testEnv/cleanup';
import { usageResponder } from '../support/mockAnthropic/usageResponder';
import { openClaudeWorkbench } from './support/claudeWorkbench';
import {
  answerCreateSession,
  answerQuickInput,
  maybeUpdateReadmeScreenshot,
  runFromPalette,
  sendTaskFromPalette,
  snap,
  waitForInFrames,
} from './support/workbench';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, 'test-results', 'e2e');

/** Rules left behind by "don't ask again" answers: something for the permissions section to consolidate. */
const PERMISSIONS = JSON.stringify(
  {
    permissions: {
      allow: [
        'Bash(npm run test)',
        'Bash(npm run test)',
        'Bash(git status:*)',
        'Bash(git status --short)',
        'Bash(git diff:*)',
        'Bash(git diff --stat)',
        'Bash(do)',
        'Bash(done)',
      ],
      deny: [],
    },
  },
  null,
  2,
);

/** Writes three fixes into the global store the extension will open (same file, same format). */
async function seedFixes(userDataDir: string): Promise<void> {
  const dir = join(userDataDir, 'User', 'globalStorage', 'agent-affinity.agent-affinity');
  mkdirSync(dir, { recursive: true });
  const repo = await JsonFixRepository.open({ file: join(dir, 'learned-fixes.json') });
  const store = await FixStore.open(repo);
  const now = Date.now();
  await store.learn({
    error: {
      message: "Cannot assign to 'limit' because it is a constant.",
      source: 'ts',
      code: 2588,
      languageId: 'typescript',
      file: 'src/limits.ts',
    },
    diff: makeUnifiedDiff('const limit = 1;\nlimit = 2;\nexport { limit };\n', 'let limit = 1;\nlimit = 2;\nexport { limit };\n', {
      fromFile: 'a/limits.ts',
      toFile: 'b/limits.ts',
    }),
    origin: 'diagnostic',
    anchorLine: 1,
    file: 'src/limits.ts',
    now: now - 3_600_000,
  });
  await store.learn({
    error: {
      message: "Property 'lenght' does not exist on type 'string'. Did you mean 'length'?",
      source: 'ts',
      code: 2551,
      languageId: 'typescript',
      file: 'src/auth.ts',
    },
    diff: makeUnifiedDiff(
      'export function ok(s: string) {\n  return s.lenght > 0;\n}\n',
      'export function ok(s: string) {\n  return s.length > 0;\n}\n',
      { fromFile: 'a/auth.ts', toFile: 'b/auth.ts' },
    ),
    origin: 'agent',
    sessionId: 'backend',
    taskId: 't1',
    file: 'src/auth.ts',
    now: now - 600_000,
  });
  await store.learn({
    error: {
      message: "'user' is defined but never used.",
      source: 'eslint',
      code: 'no-unused-vars',
      languageId: 'javascript',
      file: 'lib/user.js',
    },
    diff: makeUnifiedDiff('function greet(user) {\n  return "hi";\n}\n', 'function greet() {\n  return "hi";\n}\n', {
      fromFile: 'a/user.js',
      toFile: 'b/user.js',
    }),
    origin: 'manual',
    file: 'lib/user.js',
    now: now - 60_000,
  });
  await repo.close();
}

describe('Learned fixes and metrics in the dashboard (VSIX, Chromium)', () => {
  const cleanup = new CleanupStack();
  let page: Page;

  before(
    async () => {
      // The extension host starts when the window opens: the store is in place before it reads it.
      ({ page } = await openClaudeWorkbench(cleanup, {
        label: 'e2e-fixes',
        logDir: shots,
        responder: usageResponder({ outputTokens: 9, text: 'Reviewed.' }),
        beforeOpen: async (s) => {
          await seedFixes(s.userDataDir);
          mkdirSync(join(s.workspace, '.claude'), { recursive: true });
          writeFileSync(join(s.workspace, '.claude', 'settings.local.json'), PERMISSIONS);
        },
      }));
      await page.setViewportSize({ width: 1400, height: 1000 });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await cleanup.runAll();
  });

  it('lists the learned fixes, searches them and opens one with its diff and history', { timeout: 120_000 }, async () => {
    await page.locator('.statusbar-item[id$="agentAffinity.status"]').first().waitFor({ state: 'visible', timeout: 60_000 });
    await runFromPalette(page, 'Agent Affinity: Show Dashboard');
    await waitForInFrames(page, '[data-testid="orchestrator-state"]', /^ready$/i, 60_000);
    const { frame } = await waitForInFrames(page, '[data-testid="fixes-summary"]', /^3 fixes$/, 30_000);
    assert.equal(await frame.locator('[data-testid^="fix-row-"]').count(), 3);
    await waitForInFrames(page, '[data-testid="metrics-routing"]', /no decisions yet/, 10_000);
    await frame.locator('[data-testid="fixes-search"]').fill('lenght');
    await waitForInFrames(page, '[data-testid="fixes-summary"]', /^1 of 3 fixes match$/, 10_000);
    await frame.locator('[data-testid^="fix-row-"] a').first().click();
    const diff = await waitForInFrames(page, '[data-testid="fix-diff"]', /\+\s*return s\.length > 0;/, 10_000);
    assert.match(diff.text, /-\s*return s\.lenght > 0;/);
    await waitForInFrames(page, '[data-testid="fix-history"]', /created/, 10_000);
    await snap(page, shots, '10-dashboard-fix-detail');
    await frame.locator('[data-testid="fix-close"]').click();
    await frame.locator('[data-testid="fixes-search"]').fill('');
    await waitForInFrames(page, '[data-testid="fixes-summary"]', /^3 fixes$/, 10_000);
    await frame.locator('[data-testid="section-fixes"]').scrollIntoViewIfNeeded();
    await snap(page, shots, '11-dashboard-fixes-and-metrics');
  });

  it(
    'edits a fix: a broken diff is refused beside the field with the text kept, a good edit is saved and listed',
    { timeout: 60_000 },
    async () => {
      const { frame } = await waitForInFrames(page, '[data-testid="fixes-summary"]', /^3 fixes$/, 10_000);
      await frame
        .locator('[data-testid^="fix-row-"] a', { hasText: /lenght/ })
        .first()
        .click();
      await waitForInFrames(page, '[data-testid="fix-detail"] h3', /lenght/, 10_000);
      await frame.locator('[data-testid="fix-edit"]').click();
      const title = frame.locator('[data-testid="fix-edit-title"]');
      const diff = frame.locator('[data-testid="fix-edit-diff"]');
      await title.waitFor({ state: 'visible', timeout: 10_000 });
      const original = await diff.inputValue();
      assert.match(original, /\+\s*return s\.length > 0;/);
      await title.fill('Spell length correctly');
      // A header whose line counts no longer match its lines: refused, and nothing typed is lost.
      const broken = original.replace(
        /^@@ -(\d+),(\d+) \+(\d+),(\d+) @@/m,
        (_m, a: string, b: string, c: string, d: string) => `@@ -${a},${Number(b) + 2} +${c},${Number(d) + 2} @@`,
      );
      assert.notEqual(broken, original);
      await diff.fill(broken);
      await frame.locator('[data-testid="fix-edit-save"]').click();
      const refused = await waitForInFrames(page, '[data-testid="fix-edit-diff-error"]', /not a unified diff: .*truncated/, 15_000);
      assert.match(refused.text, /line counts/);
      assert.equal(await title.inputValue(), 'Spell length correctly');
      assert.equal(await diff.inputValue(), broken);
      await frame.locator('[data-testid="fix-edit-form"]').scrollIntoViewIfNeeded();
      await snap(page, shots, '10b-dashboard-fix-edit-refused');
      // The stored fix is unchanged: the list still shows the learned title.
      assert.equal(await frame.locator('[data-testid^="fix-row-"]', { hasText: 'Spell length correctly' }).count(), 0);

      await diff.fill(original.replace('+  return s.length > 0;', '+  return s.length !== 0;'));
      await frame.locator('[data-testid="fix-edit-save"]').click();
      await waitForInFrames(page, '[data-testid="fix-detail"] h3', /^Spell length correctly/, 15_000);
      await waitForInFrames(page, '[data-testid="fix-diff"]', /\+\s*return s\.length !== 0;/, 10_000);
      await waitForInFrames(page, '[data-testid="fix-history"]', /^edited/, 10_000);
      await waitForInFrames(page, '[data-testid="fixes-table"]', /Spell length correctly/, 10_000);
      assert.equal(await frame.locator('[data-testid="fix-edit-title"]').count(), 0, 'the form closed after saving');
      await frame.locator('[data-testid="fix-detail"]').scrollIntoViewIfNeeded();
      await snap(page, shots, '10c-dashboard-fix-edited');
      await frame.locator('[data-testid="fix-close"]').click();
    },
  );

  async function createSession(name: string): Promise<void> {
    await runFromPalette(page, 'Agent Affinity: Create Session…');
    await answerCreateSession(page, name, name);
    await waitForInFrames(page, `[data-testid="session-row-${name}"] [data-testid="session-state"]`, /idle/, 30_000);
  }

  /** Dismisses every notification toast (they cover the dashboard's lower sections). */
  async function clearNotifications(): Promise<void> {
    await runFromPalette(page, 'Notifications: Clear All Notifications');
    await page
      .locator('.notification-toast')
      .first()
      .waitFor({ state: 'hidden', timeout: 10_000 })
      .catch(() => undefined);
  }

  /** Grows the window until the whole dashboard fits in its webview, so one screenshot shows every section. */
  async function fitDashboard(frame: Frame): Promise<void> {
    for (let i = 0; i < 3; i++) {
      const { scroll, view } = await frame.evaluate(() => ({ scroll: document.documentElement.scrollHeight, view: window.innerHeight }));
      if (scroll <= view) return;
      const size = page.viewportSize() ?? { width: 1400, height: 1000 };
      await page.setViewportSize({ width: size.width, height: size.height + scroll - view + 16 });
      await page.waitForTimeout(300); // the workbench lays out again
    }
  }

  it(
    'fills every dashboard section (sessions, budgets, routing, permissions, fixes, metrics) and captures it whole',
    { timeout: 300_000 },
    async () => {
      await createSession('backend');
      await createSession('frontend');
      await sendTaskFromPalette(page, 'backend', 'explain src/auth.ts');
      const { frame } = await waitForInFrames(page, '[data-testid="metrics-row-backend"] td:nth-child(2)', /^1$/, 90_000);
      const rate = ((await frame.locator('[data-testid="metrics-row-backend"] td:nth-child(3)').textContent()) ?? '').trim();
      assert.equal(rate, '100% (1/1)');
      await sendTaskFromPalette(page, 'frontend', 'USAGE 30000 6000 42000 tidy the login form styles');
      await waitForInFrames(page, '[data-testid="metrics-row-frontend"] td:nth-child(2)', /^1$/, 90_000);

      // A routed task: the Send Task… pick ranks the sessions; the routing section logs the decision.
      await runFromPalette(page, 'Agent Affinity: Send Task…');
      await answerQuickInput(page, 'USAGE 50000 10000 24000 review the token refresh in src/auth.ts', /Send Task/);
      const backendRow = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'backend' }).first();
      await backendRow.waitFor({ state: 'visible', timeout: 20_000 });
      await backendRow.click();
      await waitForInFrames(page, '[data-testid="metrics-row-backend"] td:nth-child(2)', /^2$/, 90_000);
      const { frame: routed } = await waitForInFrames(page, '[data-testid="routing-audit"]', /review the token refresh/, 15_000);
      // The decision opens onto every candidate with its score and reasons.
      await routed.locator('[data-testid="routing-audit"] details.audit-why summary').first().click();
      const candidates = routed.locator('[data-testid="routing-candidates"]').first();
      await candidates.waitFor({ state: 'visible', timeout: 5_000 });
      const scoring = await candidates.innerText();
      assert.match(scoring, /backend \d+\.\d\d/, scoring);
      assert.match(scoring, /frontend \d+\.\d\d/, scoring);

      // A permission consolidation, applied after the modal confirmation.
      await runFromPalette(page, 'Agent Affinity: Consolidate Permissions…');
      await page.locator('.quick-input-widget', { hasText: /Consolidate Permissions/ }).waitFor({ state: 'visible', timeout: 30_000 });
      await page
        .locator('.quick-input-widget .monaco-list-row', { hasText: 'settings.local.json' })
        .first()
        .waitFor({ state: 'visible', timeout: 10_000 });
      await page.locator('.quick-input-widget input').press('Enter');
      await page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Apply$/ }).click({ timeout: 15_000 });
      await waitForInFrames(page, '[data-testid="permissions-rules"]', /\d+ → \d+/, 30_000);

      // Every section filled, nothing covering them: no side bar, no toasts, the window as tall as the dashboard.
      await runFromPalette(page, 'View: Close Primary Side Bar');
      await page.setViewportSize({ width: 1100, height: 1000 });
      await runFromPalette(page, 'Agent Affinity: Show Dashboard');
      await waitForInFrames(page, '[data-testid="session-row-frontend"] [data-testid="session-state"]', /idle/, 30_000);
      const { frame: dash } = await waitForInFrames(page, '[data-testid="fixes-summary"]', /^3 fixes$/, 10_000);
      const fills = dash.locator('[data-testid="budget-fill"]');
      const deadline = Date.now() + 30_000;
      while ((await fills.count()) < 2 && Date.now() < deadline) await page.waitForTimeout(200);
      assert.equal(await fills.count(), 2, 'both sessions have a budget');
      for (const empty of ['sessions-empty', 'budgets-empty', 'routing-empty', 'permissions-empty', 'fixes-empty', 'metrics-empty']) {
        assert.equal(await dash.locator(`[data-testid="${empty}"]`).isVisible(), false, `${empty} is hidden`);
      }
      await clearNotifications();
      await fitDashboard(dash);
      await dash.evaluate(() => window.scrollTo(0, 0));
      assert.equal(await page.locator('.notification-toast').count(), 0, 'no notification covers the dashboard');
      for (const id of ['sessions', 'budgets', 'routing', 'permissions', 'fixes', 'metrics']) {
        const box = await dash.locator(`[data-testid="section-${id}"]`).evaluate((e) => {
          const r = e.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom, height: e.ownerDocument.defaultView?.innerHeight ?? 0 };
        });
        assert.ok(box.top >= 0 && box.bottom <= box.height, `the ${id} section is in view (${JSON.stringify(box)})`);
      }
      const shot = await snap(page, shots, '12-dashboard-all-sections');
      if (maybeUpdateReadmeScreenshot(shot, root)) process.stderr.write('[e2e] media/screenshot-dashboard.png updated\n');
      for (const id of ['sessions', 'budgets', 'routing', 'permissions', 'fixes', 'metrics']) {
        await dash.locator(`[data-testid="section-${id}"]`).screenshot({ path: join(shots, `12-dashboard-section-${id}.png`) });
      }
      await page.setViewportSize({ width: 1400, height: 1000 });
    },
  );
});
