// Routing inside a real VS Code: three Claude Code sessions (real CLI, mock API) build different
// working sets; a task naming a file one of them edited is routed there with that reason; Explain
// Routing shows the scoring; a function the task names is found through the TypeScript extension's
// workspace symbols and routes to the session that wrote its file; fan-out splits a task over a glob and every subtask finishes; the
// audit log records each decision.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DispatchResult, FanOutView, RouteDecisionView } from '../../../src/protocol/routing';
import type { SessionSummary } from '../../../src/protocol/sessions';
import { startRealClaude, type RealClaude } from './realClaude';
import { getApi, waitFor } from './support';

describe('routing', function () {
  this.timeout(240_000);
  let claude: RealClaude;
  let folder: string;
  const sessions: SessionSummary[] = [];
  const areas = ['billing', 'search', 'profile'];
  const stamp = Date.now() % 100000;

  before(async () => {
    claude = await startRealClaude();
    folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(folder, 'the test workspace has a folder');
    const affinity = await getApi();
    await waitFor('the orchestrator', () => affinity.orchestratorPid() !== undefined, 30_000);
    // Three sessions, each of which edits a file of its own area.
    for (const area of areas) {
      const s = await vscode.commands.executeCommand<SessionSummary>('agentAffinity.createSession', {
        name: `${area}-${stamp}`,
        agent: 'claude',
        folder,
      });
      assert.ok(s);
      sessions.push(s);
      mkdirSync(join(folder, 'modules', area), { recursive: true });
      await vscode.commands.executeCommand(
        'agentAffinity.sendTaskToSession',
        s.id,
        `WRITE ${join(folder, 'modules', area, 'handler.ts')} export const ${area} = 1;`,
      );
    }
    const ids = new Set(sessions.map((s) => s.id));
    await waitFor(
      'the three sessions to finish their first task',
      () =>
        affinity
          .sessions()
          .filter((s) => ids.has(s.id))
          .every((s) => s.tasksRun >= 1 && s.state === 'idle'),
      120_000,
    );
  });

  after(async () => {
    await claude.dispose();
  });

  it('sends a task that names a file one session edited to that session, with the reason', async () => {
    const affinity = await getApi();
    const search = sessions[1];
    assert.ok(search);
    const explained = await vscode.commands.executeCommand<RouteDecisionView>(
      'agentAffinity.explainRouting',
      'Handle empty queries in modules/search/handler.ts',
    );
    assert.equal(explained?.chosen, search.id, JSON.stringify(explained?.ranked));
    const top = explained.ranked[0];
    assert.ok(
      top?.reasons.some((r) => r.includes('modules/search/handler.ts')),
      `reasons: ${top?.reasons.join('; ')}`,
    );
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'markdown', 'Explain Routing opens the scoring');

    const before = affinity.sessions().find((s) => s.id === search.id)?.tasksRun ?? 0;
    const result = await vscode.commands.executeCommand<DispatchResult>('agentAffinity.sendTask', {
      text: 'Handle empty queries in modules/search/handler.ts',
      confirm: false,
    });
    assert.equal(result?.sessionId, search.id);
    await waitFor(
      'the routed task',
      () =>
        (affinity.sessions().find((s) => s.id === search.id)?.tasksRun ?? 0) > before &&
        affinity.sessions().find((s) => s.id === search.id)?.state === 'idle',
      60_000,
    );
    const [last] = await affinity.routingAudit(5);
    assert.equal(last?.chosen, search.id);
    assert.equal(last?.by, 'router');
    assert.match(last?.task ?? '', /modules\/search\/handler\.ts/);
    assert.ok(
      last?.candidates.some((c) => c.sessionId === search.id && c.reasons.some((r) => r.includes('modules/search/handler.ts'))),
      JSON.stringify(last),
    );
  });

  it('opens Explain Routing as a read-only document, never an Untitled one that asks to be saved on close', async () => {
    await vscode.commands.executeCommand<RouteDecisionView>(
      'agentAffinity.explainRouting',
      'Explain where modules/billing/handler.ts goes',
    );
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc, 'Explain Routing opened no editor');
    assert.equal(doc.isUntitled, false, `an Untitled document (${doc.uri.toString()}) asks to be saved when it closes`);
    assert.equal(doc.isDirty, false);
    assert.equal(doc.uri.scheme, 'agent-affinity-report', 'the fan-out reports and the explanations share one read-only provider');
    assert.equal(doc.languageId, 'markdown');
    assert.match(doc.getText(), /modules\/billing\/handler\.ts/);
    // Closing it asks nothing: the command returns once the editor is gone.
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor('the explanation to close', () => !vscode.window.visibleTextEditors.some((e) => e.document === doc));
  });

  it('resolves a function named in the task through workspace symbols to the session that edited its file', async () => {
    const affinity = await getApi();
    const profile = sessions[2];
    assert.ok(profile);
    // A small TypeScript project, so the built-in TypeScript extension indexes every file of it
    // once one of them is open; the file's name does not resemble the function it exports.
    const project = join(folder, 'accounts');
    mkdirSync(join(project, 'billing'), { recursive: true });
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['**/*.ts'] }),
    );
    writeFileSync(join(project, 'index.ts'), 'export const accounts = true;\n');
    const ledger = join(project, 'billing', 'ledger.ts');
    const before = affinity.sessions().find((s) => s.id === profile.id)?.tasksRun ?? 0;
    await vscode.commands.executeCommand(
      'agentAffinity.sendTaskToSession',
      profile.id,
      `WRITE ${ledger} export function reconcileQuarterTotals(amounts: number[]): number { return Math.round(amounts.reduce((a, b) => a + b, 0) * 100) / 100; }`,
    );
    await waitFor(
      'the ledger to be written',
      () =>
        existsSync(ledger) &&
        (affinity.sessions().find((s) => s.id === profile.id)?.tasksRun ?? 0) > before &&
        affinity.sessions().find((s) => s.id === profile.id)?.state === 'idle',
      60_000,
    );

    await vscode.workspace.openTextDocument(vscode.Uri.file(join(project, 'index.ts')));
    const deadline = Date.now() + 90_000;
    for (;;) {
      const found = await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>(
        'vscode.executeWorkspaceSymbolProvider',
        'reconcileQuarterTotals',
      );
      // TypeScript reports functions as "reconcileQuarterTotals()".
      if ((found ?? []).some((s) => s.name.startsWith('reconcileQuarterTotals') && s.location.uri.fsPath === ledger)) break;
      if (Date.now() > deadline)
        assert.fail(`the TypeScript symbol provider never reported reconcileQuarterTotals: ${JSON.stringify(found)}`);
      await new Promise((r) => setTimeout(r, 250));
    }

    const explained = await vscode.commands.executeCommand<RouteDecisionView>(
      'agentAffinity.explainRouting',
      'Fix the rounding in reconcileQuarterTotals',
    );
    assert.equal(explained?.chosen, profile.id, JSON.stringify(explained?.ranked));
    assert.deepEqual(explained.targetFiles, ['accounts/billing/ledger.ts']);
    const reasons = explained.ranked[0]?.reasons ?? [];
    assert.ok(
      reasons.some((r) => r.includes('names symbol reconcileQuarterTotals defined in accounts/billing/ledger.ts')),
      `reasons: ${reasons.join('; ')}`,
    );
  });

  it('fans a task out over a glob and every subtask finishes', async () => {
    const affinity = await getApi();
    for (let i = 0; i < 6; i++) {
      const dir = join(folder, 'pkg', `p${i}`);
      mkdirSync(dir, { recursive: true });
      if (!existsSync(join(dir, 'index.ts'))) writeFileSync(join(dir, 'index.ts'), `export const p${i} = ${i};\n`);
    }
    const plan = await vscode.commands.executeCommand<FanOutView>('agentAffinity.fanOutTask', {
      text: 'Add a license header',
      glob: 'pkg/**/*.ts',
    });
    assert.ok(plan && plan.subtasks.length > 0, JSON.stringify(plan));
    assert.equal(plan.matchedFiles, 6);
    const taskIds = new Set(plan.subtasks.map((s) => s.taskId));
    const audit = await affinity.routingAudit(5);
    assert.ok(
      audit.some((a) => a.by === 'fan-out' && a.task === 'Add a license header'),
      'the fan-out is in the audit log',
    );
    // Every subtask finishes; those on this test's sessions (whose agents answer from this test's
    // mock) succeed. Sessions left by other suites may hold agents bound to their own mocks.
    const mine = new Set(sessions.map((s) => s.id));
    await waitFor(
      'every subtask to finish',
      () =>
        affinity
          .sessions()
          .flatMap((s) => s.recent)
          .filter((t) => taskIds.has(t.id)).length === taskIds.size,
      150_000,
    );
    for (const s of affinity.sessions().filter((x) => mine.has(x.id))) {
      for (const t of s.recent.filter((x) => taskIds.has(x.id))) assert.equal(t.status, 'succeeded', `${s.name}: ${t.error ?? ''}`);
    }
  });
});
