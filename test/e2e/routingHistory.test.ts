// Routing on real work (issue 13), as a person sees it: the workspace is a git repository with a
// history, two Claude Code sessions (real CLI, mock API) each edit a file of their own area, and a
// task that names no file ("unterminated template string…") is ranked first for the session that
// worked on the file those words were committed with, and runs there; the dashboard's routing log
// keeps the decision and its reason.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { CleanupStack } from '../../scripts/testEnv/cleanup';
import type { CodeServer } from '../../scripts/testEnv/codeServer';
import { directiveResponder } from '../support/mockAnthropic/directiveResponder';
import { openClaudeWorkbench } from './support/claudeWorkbench';
import {
  answerCreateSession,
  answerQuickInput,
  runFromPalette,
  sendTaskFromPalette,
  showSessionsView,
  snap,
  waitForInFrames,
  waitForOrchestrator,
} from './support/workbench';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, 'test-results', 'e2e');

/** A small history in the shape of a real one: each area's files changed under its own words. */
const HISTORY: ReadonlyArray<{ file: string; message: string }> = [
  { file: 'src/parser/lexer.ts', message: 'feat(parser): tokenize template strings' },
  { file: 'src/render/canvas.ts', message: 'fix(render): canvas flicker on resize' },
  { file: 'src/parser/lexer.ts', message: 'fix(parser): unterminated template string at end of input' },
  { file: 'src/render/canvas.ts', message: 'perf(render): skip redraw when the viewport is unchanged' },
  { file: 'src/parser/lexer.ts', message: 'fix(parser): template string with a backtick inside an expression' },
  { file: 'src/render/shapes.ts', message: 'feat(render): rounded rectangles on the canvas' },
  { file: 'src/parser/lexer.ts', message: 'fix(parser): unterminated template string swallowed the next line' },
];

function makeHistory(workspace: string): void {
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', workspace, '-c', 'user.email=dev@example.com', '-c', 'user.name=Dev', ...args], { encoding: 'utf8' });
  git('init', '-q');
  let n = 0;
  for (const { file, message } of HISTORY) {
    mkdirSync(join(workspace, file, '..'), { recursive: true });
    writeFileSync(join(workspace, file), `// ${file}\nexport const revision = ${++n};\n`);
    git('add', '-A');
    git('commit', '-qm', message);
  }
}

describe('Routing learns a repository (VSIX, Chromium, real Claude Code CLI, real git history)', () => {
  const cleanup = new CleanupStack();
  let page: Page;
  let server: CodeServer;

  before(
    async () => {
      const wb = await openClaudeWorkbench(cleanup, {
        label: 'e2e-routing-history',
        logDir: shots,
        responder: directiveResponder,
        beforeOpen: async (s) => makeHistory(s.workspace),
      });
      page = wb.page;
      server = wb.server;
      await waitForOrchestrator(page);
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await cleanup.runAll();
  });

  it(
    'sends a task that names no file to the session that worked on the files its words were committed with',
    { timeout: 240_000 },
    async () => {
      await showSessionsView(page);
      // Two sessions with nothing in their names or specialties that points to either area.
      for (const name of ['alpha', 'beta']) {
        await runFromPalette(page, 'Agent Affinity: Create Session…');
        await answerCreateSession(page, name, 'general');
        await page.locator('.pane-body .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 30_000 });
      }
      // Each does some work in its own area: alpha on the lexer, beta on the canvas.
      await sendTaskFromPalette(page, 'alpha', `WRITE ${join(server.workspace, 'src/parser/lexer.ts')} export const revision = 8;`);
      await sendTaskFromPalette(page, 'beta', `WRITE ${join(server.workspace, 'src/render/canvas.ts')} export const revision = 9;`);
      await waitForText(join(server.workspace, 'src/parser/lexer.ts'), 'revision = 8', 90_000);
      await waitForText(join(server.workspace, 'src/render/canvas.ts'), 'revision = 9', 90_000);
      for (const name of ['alpha', 'beta']) await rowSays(name, /idle/, 60_000);

      // The dashboard says what routing learned from the history.
      await runFromPalette(page, 'Agent Affinity: Show Dashboard');
      await waitForInFrames(page, '[data-testid="routing-learned"]', /7 commits/, 60_000);

      // Send Task…: the words match no file name, only what the history says about lexer.ts.
      const task = 'Unterminated template string swallows the rest of the file';
      await runFromPalette(page, 'Agent Affinity: Send Task…');
      await answerQuickInput(page, task, /Send Task/);
      const best = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'best match' }).first();
      await best.waitFor({ state: 'visible', timeout: 30_000 });
      const row = (await best.getAttribute('aria-label')) ?? (await best.textContent()) ?? '';
      await snap(page, shots, '95-routing-history-pick');
      assert.match(row, /\balpha\b/, `the best match: ${row}`);
      assert.match(row, /lexer\.ts/, `the reason names the file the words point to: ${row}`);
      await page.locator('.quick-input-widget input').press('Enter');

      // It runs in alpha, and the routing log keeps the decision with its reason.
      const { frame } = await waitForInFrames(page, '[data-testid="routing-audit"]', /Unterminated template string/, 60_000);
      const entry = ((await frame.locator('[data-testid="routing-audit"]').first().textContent()) ?? '').trim();
      assert.match(entry, /alpha/, entry);
      await rowSays('alpha', /idle/, 90_000);
      await snap(page, shots, '96-routing-history-routed');
    },
  );

  /** Resolves once the file holds `text` (an agent wrote it); the page stays live meanwhile. */
  async function waitForText(path: string, text: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(existsSync(path) && readFileSync(path, 'utf8').includes(text))) {
      if (Date.now() > deadline) throw new Error(`${path} never held '${text}'`);
      await page.waitForTimeout(200);
    }
  }

  /** Resolves with the Sessions view row's label once it matches `pattern`. */
  async function rowSays(name: string, pattern: RegExp, timeoutMs: number): Promise<string> {
    const row = page.locator('.pane-body .monaco-list-row', { hasText: name }).first();
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = `${(await row.getAttribute('aria-label').catch(() => '')) ?? ''} ${(await row.textContent().catch(() => '')) ?? ''}`;
      if (pattern.test(last)) return last;
      await page.waitForTimeout(200);
    }
    throw new Error(`the row of ${name} never matched ${pattern}; last: ${last}`);
  }
});
