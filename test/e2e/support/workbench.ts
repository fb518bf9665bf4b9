// Helpers for driving the VS Code web workbench in Chromium the way a person does: the command
// palette, the activity bar, webview content in nested frames, and named screenshots.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';

/** Saves a full-window screenshot as test-results/e2e/<name>.png and returns its path. */
export async function snap(page: Page, dir: string, name: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Copies a screenshot to media/ for the README, only when UPDATE_README_SCREENSHOT=1. */
export function maybeUpdateReadmeScreenshot(shot: string, repoRoot: string): boolean {
  if (process.env.UPDATE_README_SCREENSHOT !== '1') return false;
  copyFileSync(shot, join(repoRoot, 'media', 'screenshot-dashboard.png'));
  return true;
}

/** Runs a command by its palette title: F1, type, pick the matching row. A palette that closes
 *  before its row is clicked (a webview in front takes the focus back as it opens) is opened again,
 *  up to three times: the click never happened, so the command has not run. */
export async function runFromPalette(page: Page, title: string, beforeEnter?: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    // F1 reaches the workbench even from inside a webview, which forwards its keybindings.
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    try {
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`, { timeout: 5_000 });
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      if (beforeEnter && attempt === 1) await beforeEnter();
      await row.click({ timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
    }
  }
}

/** Waits until the status-bar item says the orchestrator is up (`ready`, or `no sessions` yet). */
export async function waitForOrchestrator(page: Page, timeoutMs = 60_000): Promise<void> {
  const status = page.locator('.statusbar-item[id$="agentAffinity.status"]').first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const said = `${(await status.getAttribute('aria-label').catch(() => '')) ?? ''} ${(await status.textContent().catch(() => '')) ?? ''}`;
    if (/no sessions|ready/i.test(said)) return;
    if (Date.now() > deadline) throw new Error(`the orchestrator never became ready; the status bar said: ${said}`);
    await page.waitForTimeout(200);
  }
}

/** Shows the Agent Affinity view container in the sidebar. A click on its activity-bar icon toggles
 *  it, and a window that has just loaded may still be restoring its sidebar, so the icon is clicked
 *  only while it is not the selected one, and the title is waited for. */
export async function showSessionsView(page: Page, timeoutMs = 30_000): Promise<void> {
  const title = page.locator('.part.sidebar .title-label', { hasText: /Agent Affinity/i }).first();
  const item = page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="Agent Affinity"]') }).first();
  const deadline = Date.now() + timeoutMs;
  while (!(await title.isVisible().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`the Agent Affinity view did not show within ${timeoutMs} ms`);
    const selected = /\bchecked\b/.test((await item.getAttribute('class').catch(() => '')) ?? '');
    if (!selected)
      await item
        .locator('a')
        .first()
        .click({ timeout: 5_000 })
        .catch(() => undefined);
    await page.waitForTimeout(500);
  }
}

/** After a palette command that opens a quick pick: waits for that pick itself (an empty input and a
 *  row showing `rowText`), not the palette closing behind it, so an answer never lands in the palette. */
export async function waitForQuickPick(page: Page, rowText: string, timeoutMs = 15_000): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: rowText }).first();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await input.inputValue().catch(() => '>');
    if (!value.startsWith('>') && (await row.isVisible().catch(() => false))) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`no quick pick with a row '${rowText}' opened within ${timeoutMs} ms`);
}

/** Runs a palette command that asks for an item and picks the row showing `rowText`. A pick that
 *  closes before it is answered (focus taken back by a webview) is asked again, up to three times. */
export async function pickFromPalette(page: Page, title: string, rowText: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await runFromPalette(page, title);
    try {
      await waitForQuickPick(page, rowText, 5_000);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: rowText }).first().click({ timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/** Answers the quick pick or input box on screen: types `text` and presses Enter. With `expectTitle`,
 *  waits for the step with that title first (an answered step stays on screen, busy, until the next). */
export async function answerQuickInput(page: Page, text: string, expectTitle?: RegExp): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  if (expectTitle) await page.locator('.quick-input-widget', { hasText: expectTitle }).waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(text);
  await page.waitForTimeout(150); // let the list filter
  await input.press('Enter');
}

/** Answers Create Session…'s steps (one workspace folder, so it starts at the agent). */
export async function answerCreateSession(page: Page, name: string, specialty: string): Promise<void> {
  await answerQuickInput(page, 'Claude Code', /Create Session \(2\/5\)/);
  await answerQuickInput(page, specialty, /Create Session \(3\/5\)/);
  await answerQuickInput(page, name, /Create Session \(4\/5\)/);
  await answerQuickInput(page, 'Work in the folder', /Create Session \(5\/5\)/);
}

/** Agent Affinity: Send Task to Session… from the palette: picks the session, types the task. */
export async function sendTaskFromPalette(page: Page, session: string, text: string): Promise<void> {
  await runFromPalette(page, 'Agent Affinity: Send Task to Session…');
  await waitForQuickPick(page, session);
  await answerQuickInput(page, session);
  await answerQuickInput(page, text, /Send Task to/);
}

/** Waits until some frame (webviews nest two deep) has `selector` whose text matches `text`. */
export async function waitForInFrames(
  page: Page,
  selector: string,
  text: RegExp,
  timeoutMs = 30_000,
): Promise<{ frame: Frame; text: string }> {
  const deadline = Date.now() + timeoutMs;
  let lastSeen = '(element not found in any frame)';
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const el = frame.locator(selector).first();
      const value = await el.textContent({ timeout: 200 }).catch(() => null);
      if (value === null) continue;
      lastSeen = `'${value.trim()}'`;
      if (text.test(value.trim())) return { frame, text: value.trim() };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no frame showed ${selector} matching ${text} within ${timeoutMs} ms; last seen: ${lastSeen}`);
}

/** Text of an element in the frame where it was found. */
export async function textIn(frame: Frame, selector: string): Promise<string> {
  return ((await frame.locator(selector).first().textContent({ timeout: 5_000 })) ?? '').trim();
}
