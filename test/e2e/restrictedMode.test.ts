// Restricted Mode, as a person sees it: code-server with workspace trust on, the folder opened and
// not trusted ("No, I don't trust the authors"). The status-bar item says restricted, the sessions
// view shows its Restricted Mode welcome with its spawning actions greyed out, the palette offers
// no command that spawns agents or writes files, what is offered refuses with a clear message, no
// orchestrator process runs; trusting the workspace then starts it. Screenshots in test-results/e2e.
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
const STATUS = '.statusbar-item[id$="agentAffinity.status"]';

/** Commands that spawn agents or write files: never offered in Restricted Mode, whatever the manifest says. */
const SPAWN_OR_WRITE = [
  'Create Session…',
  'Send Task…',
  'Send Task to Session…',
  'Import Claude Code Sessions',
  'Roll Over Session',
  'Compact Session',
  'Consolidate Permissions…',
  'Export Learned Fixes…',
  'Import Learned Fixes…',
];

interface Manifest {
  commands?: { command: string; title: string; enablement?: string }[];
  viewsWelcome?: { view: string; contents: string; when?: string }[];
}

function installedManifest(extensionsDir: string): Manifest {
  const installed = readdirSync(extensionsDir).find((d) => d.startsWith('agent-affinity.agent-affinity-'));
  assert.ok(installed, `the VSIX is not installed in ${extensionsDir}`);
  return (JSON.parse(readFileSync(join(extensionsDir, installed, 'package.json'), 'utf8')) as { contributes?: Manifest }).contributes ?? {};
}

/** The status-bar item's accessible label and text. */
function statusText(page: Page): Promise<string> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return `${el?.getAttribute('aria-label') ?? el?.querySelector('[aria-label]')?.getAttribute('aria-label') ?? ''} ${el?.textContent ?? ''}`;
  }, STATUS);
}

describe('Agent Affinity in an untrusted workspace (Restricted Mode)', () => {
  const cleanup = new CleanupStack();
  let server: CodeServer;
  let browser: Browser;
  let page: Page;
  let manifest: Manifest;

  before(
    async () => {
      const env = await ensureTestEnv();
      const vsix = ensureVsix();
      server = await startCodeServer({ entry: env.codeServerEntry, label: 'e2e-restricted', logDir: shots, vsix, workspaceTrust: true });
      cleanup.add('code-server', () => server.stop());
      manifest = installedManifest(server.extensionsDir);
      browser = await launchChromium(env.chromium);
      cleanup.add('chromium', () => browser.close());
      page = await browser.context.newPage();
      await page.goto(workbenchUrl(server), { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await cleanup.runAll();
  });

  it('asks whether to trust the folder; "No" opens it in Restricted Mode', { timeout: 60_000 }, async () => {
    const dialog = page.locator('.monaco-dialog-box', { hasText: /trust the authors/i });
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(((await dialog.textContent()) ?? '').includes(server.workspace), 'the trust prompt does not name the workspace folder');
    await snap(page, shots, '20-restricted-trust-prompt');
    await dialog.locator('.monaco-button', { hasText: /No, I don't trust/ }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('shows the status-bar item in its restricted state', { timeout: 60_000 }, async () => {
    await page.locator(STATUS).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.waitForFunction((sel) => /restricted/i.test(document.querySelector(sel)?.textContent ?? ''), STATUS, { timeout: 30_000 });
    const text = await statusText(page);
    await snap(page, shots, '21-restricted-status-bar');
    assert.match(text, /Affinity: restricted/, `status-bar item: '${text}'`);
    assert.match(text, /not trusted/i, `status-bar item's label does not say why: '${text}'`);
  });

  it("shows the sessions view's Restricted Mode welcome, with Create Session… and Send Task… greyed out", { timeout: 60_000 }, async () => {
    const restricted = (manifest.viewsWelcome ?? []).find(
      (w) => w.view === 'agentAffinity.sessions' && w.when?.replace(/\s/g, '') === '!isWorkspaceTrusted',
    );
    assert.ok(restricted, 'package.json has no viewsWelcome for agentAffinity.sessions when !isWorkspaceTrusted');
    const firstLine = restricted.contents.split('\n')[0]?.trim() ?? '';
    await showSessionsView(page);
    const welcome = page.locator('.welcome-view-content', { hasText: firstLine }).first();
    await welcome.waitFor({ state: 'visible', timeout: 20_000 });
    assert.ok(
      await welcome.getByRole('button', { name: 'Manage Workspace Trust' }).isVisible(),
      'the welcome has no Manage Workspace Trust button',
    );
    assert.ok(!((await welcome.textContent()) ?? '').includes('No agent sessions yet'), 'the trusted welcome shows too');
    for (const title of ['Create Session…', 'Send Task…']) {
      const action = page.locator(`.pane-header .actions .action-item a[aria-label="${title}"]`).first();
      await action.waitFor({ state: 'attached', timeout: 10_000 });
      assert.equal(await action.getAttribute('aria-disabled'), 'true', `the view's ${title} action is enabled`);
    }
    await snap(page, shots, '22-restricted-sessions-view');
  });

  it(
    'offers no command that spawns or writes in the palette; Restart Orchestrator refuses with a clear message',
    { timeout: 60_000 },
    async () => {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill('>Agent Affinity: ');
      await page
        .locator('.quick-input-widget .monaco-list-row', { hasText: 'Agent Affinity: Show Dashboard' })
        .first()
        .waitFor({ state: 'visible', timeout: 10_000 });
      const offered = (await page.locator('.quick-input-widget .monaco-list-row').allTextContents()).map((t) => t.trim());
      await snap(page, shots, '23-restricted-palette');
      await input.press('Escape');
      const gated = (manifest.commands ?? []).filter((c) => c.enablement?.includes('isWorkspaceTrusted')).map((c) => c.title);
      const isRow = (row: string, title: string): boolean => row.startsWith(`Agent Affinity: ${title}`);
      const wrong = offered.filter((row) => [...gated, ...SPAWN_OR_WRITE].some((g) => isRow(row, g)));
      assert.deepEqual(wrong, [], `offered in Restricted Mode: ${wrong.join(', ')} (all offered: ${offered.join(', ')})`);
      for (const t of ['Show Dashboard', 'Show Logs', 'Restart Orchestrator'])
        assert.ok(
          offered.some((row) => isRow(row, t)),
          `the palette does not offer ${t}; it offers: ${offered.join(', ')}`,
        );

      await runFromPalette(page, 'Agent Affinity: Restart Orchestrator');
      const toast = page.locator('.notification-toast', { hasText: /orchestrator does not run in Restricted Mode/ }).first();
      await toast.waitFor({ state: 'visible', timeout: 10_000 });
      assert.ok(
        await toast.getByRole('button', { name: 'Manage Workspace Trust' }).isVisible(),
        'the refusal offers no way to trust the workspace',
      );
      await page.waitForTimeout(300); // the toast's slide-in, for the screenshot
      await snap(page, shots, '24-restricted-restart-refused');
      assert.deepEqual(orchestratorPids(server.extensionsDir), [], 'Restart Orchestrator started one');
    },
  );

  it(
    'shows the orchestrator restricted in the dashboard, with the buttons that spawn or write disabled and explained',
    { timeout: 60_000 },
    async () => {
      await runFromPalette(page, 'Notifications: Clear All Notifications');
      await runFromPalette(page, 'Agent Affinity: Show Dashboard');
      const { frame } = await waitForInFrames(page, '[data-testid="orchestrator-state"]', /^restricted$/i, 30_000);
      assert.equal(await textIn(frame, '[data-testid="orchestrator-pid"]'), '—');
      for (const id of [
        'create-session',
        'consolidate-permissions',
        'fixes-export',
        'fixes-import',
        'metrics-export',
        'restart-orchestrator',
      ]) {
        const button = frame.locator(`[data-testid="${id}"]`).first();
        assert.equal(await button.getAttribute('disabled'), '', `${id} is not disabled`);
        assert.match((await button.getAttribute('title')) ?? '', /needs a trusted workspace/, `${id} does not say why it is disabled`);
      }
      const create = frame.locator('[data-testid="create-session"]').first();
      await create.dispatchEvent('click'); // a click reaching the disabled button does nothing
      await page.waitForTimeout(500);
      assert.equal(
        await page.locator('.quick-input-widget', { hasText: /Create Session/ }).isVisible(),
        false,
        'the Create Session flow started',
      );
      await frame.locator('[data-testid="orchestrator-state"]').first().scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await snap(page, shots, '25-restricted-dashboard');
      // Should a click get through anyway (a button enabled by a stale render), the host refuses it.
      await create.evaluate((el) => el.removeAttribute('disabled'));
      await create.click();
      await page
        .locator('.notification-toast', { hasText: /Create Session… needs a trusted workspace/ })
        .first()
        .waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal(
        await page.locator('.quick-input-widget', { hasText: /Create Session/ }).isVisible(),
        false,
        'the Create Session flow started',
      );
    },
  );

  it('starts no orchestrator process; the logs show the extension active without one', { timeout: 60_000 }, async () => {
    // The extension runs (its host is up and it activated), yet nothing was spawned from it.
    assert.equal(extensionHostPids(server.process.pid ?? -1).length, 1, 'no extension host runs for this code-server');
    assert.deepEqual(orchestratorPids(server.extensionsDir), [], 'an orchestrator process runs in Restricted Mode');
    await runFromPalette(page, 'Notifications: Clear All Notifications');
    await runFromPalette(page, 'Agent Affinity: Show Logs');
    const lines = page.locator('.panel .view-lines', { hasText: /Agent\sAffinity\s[\s\S]*activated\sin/ }).first();
    await lines.waitFor({ state: 'visible', timeout: 15_000 });
    const log = ((await lines.textContent()) ?? '').replace(/\s/g, ' '); // the editor renders spaces as no-break spaces
    await snap(page, shots, '26-restricted-logs');
    assert.doesNotMatch(log, /orchestrator (ready|started|failed)/, `the log shows an orchestrator: ${log}`);
  });

  it('starts the orchestrator once the user trusts the workspace', { timeout: 60_000 }, async () => {
    await page.locator(STATUS).first().click(); // the restricted item opens the workspace trust editor
    const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
    await trust.waitFor({ state: 'visible', timeout: 15_000 });
    await trust.click();
    await page.waitForFunction(
      (sel) =>
        /\bready\b/i.test(
          `${document.querySelector(sel)?.getAttribute('aria-label') ?? document.querySelector(sel)?.querySelector('[aria-label]')?.getAttribute('aria-label') ?? ''}`,
        ),
      STATUS,
      { timeout: 30_000 },
    );
    assert.equal(orchestratorPids(server.extensionsDir).length, 1, 'no orchestrator process after trusting the workspace');
    await page
      .locator('.tab', { hasText: /^Agent Affinity/ })
      .first()
      .click(); // the trust editor covers the dashboard
    const { frame } = await waitForInFrames(page, '[data-testid="orchestrator-state"]', /^ready$/i, 30_000);
    assert.match(await textIn(frame, '[data-testid="orchestrator-pid"]'), /^pid \d+$/);
    for (const id of ['create-session', 'restart-orchestrator']) {
      assert.equal(
        await frame.locator(`[data-testid="${id}"]`).first().getAttribute('disabled'),
        null,
        `${id} stays disabled once trusted`,
      );
    }
    await frame.locator('[data-testid="orchestrator-state"]').first().scrollIntoViewIfNeeded();
    await snap(page, shots, '27-trusted-orchestrator-ready');
  });
});
