// Permission consolidation as a person does it: a demo workspace with a messy
// .claude/settings.local.json; "Consolidate Permissions…" from the palette shows the summary and
// the diff; Escape writes nothing; run again, Enter, Apply in the modal: the file is rewritten
// with a backup in the extension's storage (never in the repository); "Undo Permission Consolidation" restores it byte-identical; the
// dashboard shows the last consolidation. The user's home is a throwaway folder.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from '../../scripts/testEnv/chromium';
import { CleanupStack } from '../../scripts/testEnv/cleanup';
import { startCodeServer, workbenchUrl, type CodeServer } from '../../scripts/testEnv/codeServer';
import { ensureVsix } from '../../scripts/testEnv/ensureVsix.mjs';
import { ensureTestEnv } from '../../scripts/testEnv/install.mjs';
import { runFromPalette, snap, waitForInFrames } from './support/workbench';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, 'test-results', 'e2e');

const MESSY = `{
  // left behind by many "don't ask again" answers
  "permissions": {
    "allow": [
      "Bash(npm run test)",
      "Bash(npm run test)",
      "Bash(npm run lint)",
      "Bash(npm run build)",
      "Bash(git status:*)",
      "Bash(git status --short)",
      "Bash(git diff:*)",
      "Bash(git diff --stat)",
      "Bash(git log --oneline -5)",
      "Bash(git log:*)",
      "Bash(do)",
      "Bash(done)",
      "Bash(curl -H \\"Authorization: token ghp_R4nd0mT0k3nV4lu3Xy7Zq9Wm2Kp8Lr5Ns3Jt6\\" https://api.github.com/user)",
      "Read(//tmp/build.log)",
      "WebFetch(domain:docs.example.com)",
      "WebFetch(domain:docs.example.com)"
    ],
    "deny": ["Bash(rm -rf /)"]
  },
  "env": { "KEEP": "me" }
}
`;

describe('Permission consolidation in code-server (VSIX, Chromium)', () => {
  const cleanup = new CleanupStack();
  let server: CodeServer;
  let browser: Browser;
  let page: Page;
  let local: string;
  let claudeDir: string;

  /** Backups in the extension's storage (where they go: never in the repository, where git sees them). */
  const backupDir = (): string => join(server.userDataDir, 'User', 'globalStorage', 'agent-affinity.agent-affinity', 'permission-backups');
  const backups = (): string[] =>
    existsSync(backupDir()) ? readdirSync(backupDir()).filter((n) => n.startsWith('settings.local.json.') && n.endsWith('.bak')) : [];
  const besideTheFile = (): string[] => readdirSync(claudeDir).filter((n) => n.endsWith('.bak'));

  before(
    async () => {
      const env = await ensureTestEnv();
      const vsix = ensureVsix();
      const home = mkdtempSync(join(tmpdir(), 'agent-affinity-e2e-home-'));
      cleanup.add('home', async () => rmSync(home, { recursive: true, force: true }));
      server = await startCodeServer({
        entry: env.codeServerEntry,
        label: 'e2e-permissions',
        logDir: shots,
        vsix,
        env: { HOME: home, CLAUDE_CONFIG_DIR: join(home, '.claude') },
      });
      cleanup.add('code-server', () => server.stop());
      claudeDir = join(server.workspace, '.claude');
      local = join(claudeDir, 'settings.local.json');
      mkdirSync(claudeDir, { recursive: true });
      writeFileSync(local, MESSY);
      browser = await launchChromium(env.chromium);
      cleanup.add('chromium', () => browser.close());
      page = await browser.context.newPage();
      await page.goto(workbenchUrl(server), { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
      // Ready: the item says so in its text or (once it shows sessions and budgets) in its accessible label.
      await page.waitForFunction(
        () => {
          const item = document.querySelector('.statusbar-item[id$="agentAffinity.status"]');
          const label = [
            item?.getAttribute('aria-label'),
            ...[...(item?.querySelectorAll('[aria-label]') ?? [])].map((e) => e.getAttribute('aria-label')),
          ].join(' ');
          return /\bready\b/i.test(`${item?.textContent ?? ''} ${label}`);
        },
        undefined,
        { timeout: 60_000 },
      );
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await cleanup.runAll();
  });

  const summary = (): ReturnType<Page['locator']> => page.locator('.quick-input-widget', { hasText: /Consolidate Permissions/ });
  const dialog = (): ReturnType<Page['locator']> => page.locator('.monaco-dialog-box');

  it('shows the summary and the diff; Escape writes nothing', { timeout: 90_000 }, async () => {
    await runFromPalette(page, 'Agent Affinity: Consolidate Permissions…');
    await summary().waitFor({ state: 'visible', timeout: 30_000 });
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'settings.local.json' }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    const title = (await page.locator('.quick-input-widget .quick-input-title').first().textContent()) ?? '';
    assert.match(title, /Consolidate Permissions: 1 file\(s\), rules 17 → \d+, [1-9]\d* finding\(s\)/);
    assert.match((await row.textContent()) ?? '', /17 → \d+ rules/);
    await page
      .locator('.tab', { hasText: /settings\.local\.json: current ↔ proposed/ })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
    await snap(page, shots, '20-permissions-summary');

    // Generalize too: rescans; the row names what the widened rules allow.
    await page.locator('.quick-input-widget [aria-label^="Generalize too"]').first().dispatchEvent('click'); // a hover over the input would intercept a pointer click
    await page
      .locator('.quick-input-widget .quick-input-title', { hasText: /\(generalizing\)/ })
      .waitFor({ state: 'visible', timeout: 20_000 });
    await page
      .locator('.quick-input-widget .monaco-list-row', { hasText: /widen what is allowed: Bash\(npm run \*\)/ })
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 });
    await snap(page, shots, '20b-permissions-generalize');

    // The findings report, as a Markdown document beside the diff.
    await page.locator('.quick-input-widget [aria-label="Show Findings Report"]').first().dispatchEvent('click');
    await page
      .locator('.monaco-editor .view-lines', { hasText: 'Permission consolidation report' })
      .first()
      .waitFor({ state: 'attached', timeout: 20_000 });
    const report = (
      (await page.locator('.monaco-editor .view-lines', { hasText: 'Permission consolidation report' }).first().textContent()) ?? ''
    ).replace(/\u00a0/g, ' ');
    assert.match(report, /credential/);
    await snap(page, shots, '20c-permissions-report');
    await page.keyboard.press('Escape');
    await summary().waitFor({ state: 'hidden', timeout: 10_000 });
    await page
      .locator('.tab', { hasText: /settings\.local\.json: current ↔ proposed/ })
      .first()
      .click();
    await page.locator('.monaco-diff-editor').first().waitFor({ state: 'visible', timeout: 10_000 });
    await snap(page, shots, '21-permissions-diff');
    assert.equal(readFileSync(local, 'utf8'), MESSY, 'nothing written without confirmation');
    assert.deepEqual(backups(), []);
  });

  it('applies after the modal confirmation, with a backup outside the repository', { timeout: 90_000 }, async () => {
    await runFromPalette(page, 'Agent Affinity: Consolidate Permissions…');
    await summary().waitFor({ state: 'visible', timeout: 30_000 });
    await page
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'settings.local.json' })
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator('.quick-input-widget input').press('Enter');
    await dialog().waitFor({ state: 'visible', timeout: 15_000 });
    assert.match((await dialog().textContent()) ?? '', /Rewrite 1 permission file/);
    await snap(page, shots, '22-permissions-confirm');
    await dialog()
      .locator('.monaco-button', { hasText: /^Apply$/ })
      .click();
    const deadline = Date.now() + 20_000;
    while (readFileSync(local, 'utf8') === MESSY && Date.now() < deadline) await page.waitForTimeout(100);
    const rewritten = readFileSync(local, 'utf8');
    assert.notEqual(rewritten, MESSY, 'the file was rewritten');
    assert.doesNotMatch(rewritten, /Bash\(do\)/);
    assert.match(rewritten, /"KEEP": "me"/);
    assert.match(rewritten, /Bash\(rm -rf \/\)/);
    const written = backups();
    assert.equal(written.length, 1, `one backup in the extension's storage: ${written.join(', ')}`);
    assert.equal(readFileSync(join(backupDir(), written[0] ?? ''), 'utf8'), MESSY);
    assert.deepEqual(besideTheFile(), [], 'no backup in the repository');
    await page
      .locator('.notifications-toasts', { hasText: /consolidated 1 permission file/ })
      .first()
      .waitFor({ state: 'visible', timeout: 15_000 });
    await snap(page, shots, '23-permissions-applied');
  });

  it('shows the consolidation on the dashboard, and undo restores the file byte-identical', { timeout: 90_000 }, async () => {
    await runFromPalette(page, 'Agent Affinity: Show Dashboard');
    await waitForInFrames(page, '[data-testid="permissions-rules"]', /17 → \d+/, 30_000);
    await snap(page, shots, '24-permissions-dashboard');
    await runFromPalette(page, 'Agent Affinity: Undo Permission Consolidation');
    await dialog().waitFor({ state: 'visible', timeout: 15_000 });
    await dialog()
      .locator('.monaco-button', { hasText: /^Restore$/ })
      .click();
    const deadline = Date.now() + 20_000;
    while (readFileSync(local, 'utf8') !== MESSY && Date.now() < deadline) await page.waitForTimeout(100);
    assert.equal(readFileSync(local, 'utf8'), MESSY, 'restored byte-identical');
    assert.ok(existsSync(join(backupDir(), backups()[0] ?? 'missing')), 'the backup is kept');
    await waitForInFrames(page, '[data-testid="section-permissions"] .badge', /undone/, 15_000);
    await snap(page, shots, '25-permissions-undone');
  });
});
