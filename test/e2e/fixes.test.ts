// End to end, the dashboard's learned-fixes and metrics sections as a person sees them: a fix
// store seeded in the user's global storage before the window opens (three fixes learned the way
// the orchestrator learns them), the dashboard from the palette listing them, search narrowing
// the list, a fix opened with its diff and history, and the metrics section with its empty
// states; then a session created from the palette runs a task (the real Claude Code CLI against
// the mock Messages API) and the metrics section counts it. Screenshots in test-results/e2e (10-…).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { FixStore, JsonFixRepository, makeUnifiedDiff } from '../../src/core/fixes';
import { CleanupStack } from '../../scripts/testEnv/cleanup';
import { directiveResponder } from '../support/mockAnthropic/directiveResponder';
import { openClaudeWorkbench } from './support/claudeWorkbench';
import { runFromPalette, snap, waitForInFrames } from './support/workbench';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, 'test-results', 'e2e');

/** Writes three fixes into the global store the extension will open (same file, same format). */
async function seedFixes(userDataDir: string): Promise<void> {
  const dir = join(userDataDir, 'User', 'globalStorage', 'agent-affinity.agent-affinity');
  mkdirSync(dir, { recursive: true });
  const repo = await JsonFixRepository.open({ file: join(dir, 'learned-fixes.json') });
  const store = await FixStore.open(repo);
  const now = Date.now();
  await store.learn({
    error: { message: "Cannot assign to 'limit' because it is a constant.", source: 'ts', code: 2588, languageId: 'typescript', file: 'src/limits.ts' },
    diff: makeUnifiedDiff('const limit = 1;\nlimit = 2;\nexport { limit };\n', 'let limit = 1;\nlimit = 2;\nexport { limit };\n', { fromFile: 'a/limits.ts', toFile: 'b/limits.ts' }),
    origin: 'diagnostic', anchorLine: 1, file: 'src/limits.ts', now: now - 3_600_000,
  });
  await store.learn({
    error: { message: "Property 'lenght' does not exist on type 'string'. Did you mean 'length'?", source: 'ts', code: 2551, languageId: 'typescript', file: 'src/auth.ts' },
    diff: makeUnifiedDiff('export function ok(s: string) {\n  return s.lenght > 0;\n}\n', 'export function ok(s: string) {\n  return s.length > 0;\n}\n', { fromFile: 'a/auth.ts', toFile: 'b/auth.ts' }),
    origin: 'agent', sessionId: 'backend', taskId: 't1', file: 'src/auth.ts', now: now - 600_000,
  });
  await store.learn({
    error: { message: "'user' is defined but never used.", source: 'eslint', code: 'no-unused-vars', languageId: 'javascript', file: 'lib/user.js' },
    diff: makeUnifiedDiff('function greet(user) {\n  return "hi";\n}\n', 'function greet() {\n  return "hi";\n}\n', { fromFile: 'a/user.js', toFile: 'b/user.js' }),
    origin: 'manual', file: 'lib/user.js', now: now - 60_000,
  });
  await repo.close();
}

describe('Learned fixes and metrics in the dashboard (VSIX, Chromium)', () => {
  const cleanup = new CleanupStack();
  let page: Page;

  before(async () => {
    // The extension host starts when the window opens: the store is in place before it reads it.
    ({ page } = await openClaudeWorkbench(cleanup, {
      label: 'e2e-fixes', logDir: shots, responder: directiveResponder, beforeOpen: (s) => seedFixes(s.userDataDir),
    }));
    await page.setViewportSize({ width: 1400, height: 1000 });
  }, { timeout: 240_000 });

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

  /** Answers the open quick pick or input box: types `text` and presses Enter. */
  async function answer(text: string, expectTitle?: RegExp): Promise<void> {
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    if (expectTitle) await page.locator('.quick-input-widget', { hasText: expectTitle }).waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(text);
    await page.waitForTimeout(150); // let the list filter
    await input.press('Enter');
  }

  it('counts a finished task in the metrics section, beside the session that ran it', { timeout: 180_000 }, async () => {
    await runFromPalette(page, 'Agent Affinity: Create Session…');
    await answer('Claude Code', /Create Session \(2\/5\)/);
    await answer('backend', /Create Session \(3\/5\)/);
    await answer('backend', /Create Session \(4\/5\)/);
    await answer('Work in the folder', /Create Session \(5\/5\)/);
    await waitForInFrames(page, '[data-testid="session-row-backend"] [data-testid="session-state"]', /idle/, 30_000);
    await runFromPalette(page, 'Agent Affinity: Send Task to Session…');
    await answer('backend');
    await answer('explain src/auth.ts', /Send Task to/);
    const { frame } = await waitForInFrames(page, '[data-testid="metrics-row-backend"] td:nth-child(2)', /^1$/, 90_000);
    const rate = ((await frame.locator('[data-testid="metrics-row-backend"] td:nth-child(3)').textContent()) ?? '').trim();
    assert.equal(rate, '100% (1/1)');
    await runFromPalette(page, 'Agent Affinity: Show Dashboard');
    await frame.locator('[data-testid="section-fixes"]').scrollIntoViewIfNeeded();
    await snap(page, shots, '12-dashboard-all-sections');
  });
});
