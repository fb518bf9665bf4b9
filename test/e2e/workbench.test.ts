// End to end, as a person sees it: the VSIX installed into code-server with --install-extension,
// the workbench opened in Debian's Chromium, the status-bar item, the command palette running
// Show Dashboard, the dashboard reporting the orchestrator ready, and the sessions view's welcome
// content; then the dashboard hidden behind another editor and shown again (its state restored by
// the webview), and a window reload that brings it back by itself (its serializer), live. One
// code-server and one browser for the whole file; screenshots in test-results/e2e.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from '../../scripts/testEnv/chromium';
import { CleanupStack } from '../../scripts/testEnv/cleanup';
import { startCodeServer, workbenchUrl, type CodeServer } from '../../scripts/testEnv/codeServer';
import { ensureVsix } from '../../scripts/testEnv/ensureVsix.mjs';
import { ensureTestEnv } from '../../scripts/testEnv/install.mjs';
import { extensionHostPids, orchestratorPids } from './support/orchestratorProcess';
import { runFromPalette, snap, textIn, waitForInFrames, showSessionsView } from './support/workbench';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, 'test-results', 'e2e');
const STATE_WORD = /\b(restricted|starting|ready|crashed|stopped)\b/i;

interface Manifest {
  viewsWelcome?: { view: string; contents: string; when?: string }[];
}

/** The first line of the sessions view's welcome text for a trusted workspace, from the installed VSIX's manifest. */
function sessionsWelcomeFirstLine(extensionsDir: string): string {
  const installed = readdirSync(extensionsDir).find((d) => d.startsWith('agent-affinity.agent-affinity-'));
  assert.ok(installed, `the VSIX is not installed in ${extensionsDir}`);
  const manifest = JSON.parse(readFileSync(join(extensionsDir, installed, 'package.json'), 'utf8')) as { contributes?: Manifest };
  const entries = (manifest.contributes?.viewsWelcome ?? []).filter((w) => w.view === 'agentAffinity.sessions');
  const trusted = entries.find((w) => !w.when || !w.when.includes('!isWorkspaceTrusted')) ?? entries[0];
  const line = trusted?.contents.split('\n')[0]?.trim();
  assert.ok(line, 'package.json has no viewsWelcome for agentAffinity.sessions');
  return line;
}

describe('Agent Affinity in code-server (VSIX, Chromium)', () => {
  const cleanup = new CleanupStack();
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  before(
    async () => {
      const env = await ensureTestEnv();
      const vsix = ensureVsix();
      const started = Date.now();
      server = await startCodeServer({ entry: env.codeServerEntry, label: 'e2e', logDir: shots, vsix });
      cleanup.add('code-server', () => server.stop());
      browser = await launchChromium(env.chromium);
      cleanup.add('chromium', () => browser.close());
      page = await browser.context.newPage();
      await page.goto(workbenchUrl(server), { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
      process.stderr.write(`[e2e] VSIX installed and workbench up in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await cleanup.runAll();
  });

  it('loads the workbench with the Agent Affinity status-bar item', { timeout: 60_000 }, async () => {
    // VS Code gives the element the item's id, prefixed with the extension id.
    const item = page.locator('.statusbar-item[id$="agentAffinity.status"]').first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    await page
      .waitForFunction(
        () => {
          const t = ((el) =>
            (el?.getAttribute('aria-label') ?? el?.querySelector('[aria-label]')?.getAttribute('aria-label') ?? '') +
            ' ' +
            (el?.textContent ?? ''))(document.querySelector('.statusbar-item[id$="agentAffinity.status"]'));
          return /\bready\b/i.test(t);
        },
        undefined,
        { timeout: 30_000 },
      )
      .catch(() => undefined);
    // Once ready, the item shows the active session's budget; its accessible label names the state.
    const text = `${
      (await item.getAttribute('aria-label')) ??
      (await item
        .locator('[aria-label]')
        .first()
        .getAttribute('aria-label')
        .catch(() => '')) ??
      ''
    } ${(await item.textContent()) ?? ''}`;
    await snap(page, shots, '01-workbench-status-bar');
    assert.match(text, /Affinity/, `status-bar item text '${text}' does not name Agent Affinity`);
    assert.match(text, STATE_WORD, `status-bar item text '${text}' names no orchestrator state`);
    assert.match(text, /ready/i, `status-bar item says '${text}', not ready`);
  });

  it('runs "Agent Affinity: Show Dashboard" from the command palette', { timeout: 60_000 }, async () => {
    await runFromPalette(page, 'Agent Affinity: Show Dashboard', () => snap(page, shots, '02-command-palette'));
    await page
      .locator('.tab', { hasText: /Agent Affinity/ })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
  });

  it('shows the orchestrator as ready, with version and uptime, in the dashboard', { timeout: 60_000 }, async () => {
    const { frame } = await waitForInFrames(page, '[data-testid="orchestrator-state"]', /^ready$/i, 30_000);
    const version = await textIn(frame, '[data-testid="orchestrator-version"]');
    const uptime = await textIn(frame, '[data-testid="orchestrator-uptime"]');
    await snap(page, shots, '03-dashboard-ready');
    assert.match(version, /\d+\.\d+\.\d+/, `dashboard version '${version}'`);
    assert.ok(uptime.length > 0, 'dashboard shows no uptime');
  });

  it('shows the sessions view with its welcome content from the activity bar', { timeout: 60_000 }, async () => {
    const expected = sessionsWelcomeFirstLine(server.extensionsDir);
    await showSessionsView(page);
    const welcome = page.locator('.welcome-view-content', { hasText: expected }).first();
    await welcome.waitFor({ state: 'visible', timeout: 20_000 });
    await snap(page, shots, '04-sessions-view-welcome');
    assert.ok(((await welcome.textContent()) ?? '').includes(expected));
  });

  it('reports a killed orchestrator once, and Restart from the notification brings it back', { timeout: 90_000 }, async () => {
    const [pid, ...others] = orchestratorPids(server.extensionsDir);
    assert.ok(pid !== undefined, `no orchestrator process runs from ${server.extensionsDir}`);
    assert.deepEqual(others, [], 'more than one orchestrator process');
    const status = page.locator('.statusbar-item[id$="agentAffinity.status"]').first();
    process.kill(pid, 'SIGKILL');
    await page.waitForFunction(
      () => /crashed/i.test(document.querySelector('.statusbar-item[id$="agentAffinity.status"]')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    );
    const toast = page.locator('.notification-toast', { hasText: /orchestrator/i });
    const restart = toast.first().getByRole('button', { name: 'Restart' });
    await restart.waitFor({ state: 'visible', timeout: 20_000 });
    await page.waitForTimeout(300); // let the toast's slide-in finish for the screenshot
    await snap(page, shots, '05-orchestrator-crashed');
    assert.equal(await toast.count(), 1, 'the crash is reported more than once');
    await restart.click();
    await page.waitForFunction(
      () =>
        /\bready\b/i.test(
          ((el) =>
            (el?.getAttribute('aria-label') ?? el?.querySelector('[aria-label]')?.getAttribute('aria-label') ?? '') +
            ' ' +
            (el?.textContent ?? ''))(document.querySelector('.statusbar-item[id$="agentAffinity.status"]')),
        ),
      undefined,
      { timeout: 30_000 },
    );
    await waitForInFrames(page, '[data-testid="orchestrator-state"]', /^ready$/i, 30_000);
    await snap(page, shots, '06-orchestrator-restarted');
    const [newPid] = orchestratorPids(server.extensionsDir);
    assert.ok(newPid !== undefined && newPid !== pid, `orchestrator pid after restart: ${newPid ?? 'none'} (was ${pid})`);
    assert.match(
      `${
        (await status.getAttribute('aria-label')) ??
        (await status
          .locator('[aria-label]')
          .first()
          .getAttribute('aria-label')
          .catch(() => '')) ??
        ''
      }`,
      /ready/i,
    );
    assert.equal(await toast.count(), 0, 'a crash notification is still (or again) showing after the restart');
  });

  it(
    'keeps the dashboard when it is hidden behind another editor and shown again (the webview restores its saved state)',
    { timeout: 60_000 },
    async () => {
      const shown = await waitForInFrames(page, '[data-testid="orchestrator-state"]', /^ready$/i, 30_000);
      const pidText = await textIn(shown.frame, '[data-testid="orchestrator-pid"]');
      assert.match(pidText, /^pid \d+$/);
      // Another editor in the same group: Quick Open README.md.
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill('README.md');
      await page
        .locator('.quick-input-widget .monaco-list-row', { hasText: 'README.md' })
        .first()
        .waitFor({ state: 'visible', timeout: 10_000 });
      await input.press('Enter');
      await page.locator('.tab.active', { hasText: 'README.md' }).waitFor({ state: 'visible', timeout: 10_000 });
      const dashboardTab = page.locator('.tab', { hasText: /Agent Affinity/ }).first();
      assert.equal(await dashboardTab.getAttribute('aria-selected'), 'false', 'the dashboard tab is still the visible one');
      // Not retained when hidden: VS Code tears its page down, so showing it again starts from scratch.
      const deadline = Date.now() + 10_000;
      while ((await dashboardFrameCount()) > 0 && Date.now() < deadline) await page.waitForTimeout(200);
      assert.equal(await dashboardFrameCount(), 0, 'the hidden dashboard still has a live page');
      await snap(page, shots, '07-dashboard-hidden');

      // Shown again with the extension host paused: the host cannot answer the ready handshake, so
      // what the page shows comes from the state it saved with setState.
      const [host, ...moreHosts] = extensionHostPids(server.process.pid ?? -1);
      assert.ok(
        host !== undefined && moreHosts.length === 0,
        `extension hosts of this code-server: ${[host, ...moreHosts].join(', ') || 'none'}`,
      );
      process.kill(host, 'SIGSTOP');
      try {
        await dashboardTab.click();
        const restored = await waitForInFrames(page, '[data-testid="orchestrator-state"]', /^ready$/i, 15_000);
        assert.equal(
          await textIn(restored.frame, '[data-testid="orchestrator-pid"]'),
          pidText,
          'the restored dashboard shows another orchestrator',
        );
        await restored.frame.locator('[data-testid="orchestrator-state"]').first().scrollIntoViewIfNeeded();
        await snap(page, shots, '08-dashboard-shown-again');
      } finally {
        process.kill(host, 'SIGCONT');
      }
    },
  );

  it('brings the dashboard back by itself after "Developer: Reload Window", live (its serializer)', { timeout: 90_000 }, async () => {
    const [oldPid] = orchestratorPids(server.extensionsDir);
    assert.ok(oldPid !== undefined, 'no orchestrator runs before the reload');
    const reloaded = page.waitForEvent('load', { timeout: 30_000 });
    await runFromPalette(page, 'Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    // Nothing is run: the tab comes back from the editor layout VS Code saved.
    await page
      .locator('.tab', { hasText: /Agent Affinity/ })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    // The reload gives a new extension host, so a new orchestrator; the old one ends with its host.
    let pids: number[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      pids = orchestratorPids(server.extensionsDir);
      if (pids.length === 1 && pids[0] !== oldPid) break;
      await page.waitForTimeout(200);
    }
    assert.equal(pids.length, 1, `orchestrator processes after the reload: ${pids.join(', ') || 'none'} (before: ${oldPid})`);
    assert.notEqual(pids[0], oldPid, 'the orchestrator of the old window still runs');
    // Live: the revived dashboard follows the new orchestrator (not only the state it saved).
    const { frame } = await waitForInFrames(page, '[data-testid="orchestrator-pid"]', new RegExp(`^pid ${pids[0]}$`), 30_000);
    assert.equal(await textIn(frame, '[data-testid="orchestrator-state"]'), 'ready');
    assert.ok((await textIn(frame, '[data-testid="orchestrator-uptime"]')).length > 0, 'the revived dashboard shows no uptime');
    await frame.locator('[data-testid="orchestrator-state"]').first().scrollIntoViewIfNeeded();
    await snap(page, shots, '09-dashboard-after-reload');
  });

  /** How many frames hold the dashboard's page. */
  async function dashboardFrameCount(): Promise<number> {
    let n = 0;
    for (const frame of page.frames())
      n += await frame
        .locator('[data-testid="orchestrator-state"]')
        .count()
        .catch(() => 0);
    return n;
  }
});
