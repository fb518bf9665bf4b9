// Routing inside a real VS Code: three Claude Code sessions (real CLI, mock API) build different
// working sets; a task naming a file one of them edited is routed there with that reason; Explain
// Routing shows the scoring; fan-out splits a task over a glob and every subtask finishes; the
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
      const s = await vscode.commands.executeCommand<SessionSummary>('agentAffinity.createSession', { name: `${area}-${stamp}`, agent: 'claude', folder });
      assert.ok(s);
      sessions.push(s);
      mkdirSync(join(folder, 'modules', area), { recursive: true });
      await vscode.commands.executeCommand('agentAffinity.sendTaskToSession', s.id, `WRITE ${join(folder, 'modules', area, 'handler.ts')} export const ${area} = 1;`);
    }
    const ids = new Set(sessions.map((s) => s.id));
    await waitFor('the three sessions to finish their first task', () => affinity.sessions().filter((s) => ids.has(s.id)).every((s) => s.tasksRun >= 1 && s.state === 'idle'), 120_000);
  });

  after(async () => {
    await claude.dispose();
  });

  it('sends a task that names a file one session edited to that session, with the reason', async () => {
    const affinity = await getApi();
    const search = sessions[1];
    assert.ok(search);
    const explained = await vscode.commands.executeCommand<RouteDecisionView>('agentAffinity.explainRouting', 'Handle empty queries in modules/search/handler.ts');
    assert.equal(explained?.chosen, search.id, JSON.stringify(explained?.ranked));
    const top = explained.ranked[0];
    assert.ok(top?.reasons.some((r) => r.includes('modules/search/handler.ts')), `reasons: ${top?.reasons.join('; ')}`);
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'markdown', 'Explain Routing opens the scoring');

    const before = affinity.sessions().find((s) => s.id === search.id)?.tasksRun ?? 0;
    const result = await vscode.commands.executeCommand<DispatchResult>('agentAffinity.sendTask', { text: 'Handle empty queries in modules/search/handler.ts', confirm: false });
    assert.equal(result?.sessionId, search.id);
    await waitFor('the routed task', () => (affinity.sessions().find((s) => s.id === search.id)?.tasksRun ?? 0) > before && affinity.sessions().find((s) => s.id === search.id)?.state === 'idle', 60_000);
    const [last] = await affinity.routingAudit(5);
    assert.equal(last?.chosen, search.id);
    assert.equal(last?.by, 'router');
    assert.match(last?.task ?? '', /modules\/search\/handler\.ts/);
    assert.ok(last?.candidates.some((c) => c.sessionId === search.id && c.reasons.some((r) => r.includes('modules/search/handler.ts'))), JSON.stringify(last));
  });

  it('fans a task out over a glob and every subtask finishes', async () => {
    const affinity = await getApi();
    for (let i = 0; i < 6; i++) {
      const dir = join(folder, 'pkg', `p${i}`);
      mkdirSync(dir, { recursive: true });
      if (!existsSync(join(dir, 'index.ts'))) writeFileSync(join(dir, 'index.ts'), `export const p${i} = ${i};\n`);
    }
    const plan = await vscode.commands.executeCommand<FanOutView>('agentAffinity.fanOutTask', { text: 'Add a license header', glob: 'pkg/**/*.ts' });
    assert.ok(plan && plan.subtasks.length > 0, JSON.stringify(plan));
    assert.equal(plan.matchedFiles, 6);
    const taskIds = new Set(plan.subtasks.map((s) => s.taskId));
    const audit = await affinity.routingAudit(5);
    assert.ok(audit.some((a) => a.by === 'fan-out' && a.task === 'Add a license header'), 'the fan-out is in the audit log');
    // Every subtask finishes; those on this test's sessions (whose agents answer from this test's
    // mock) succeed. Sessions left by other suites may hold agents bound to their own mocks.
    const mine = new Set(sessions.map((s) => s.id));
    await waitFor('every subtask to finish', () => affinity.sessions().flatMap((s) => s.recent).filter((t) => taskIds.has(t.id)).length === taskIds.size, 150_000);
    for (const s of affinity.sessions().filter((x) => mine.has(x.id))) {
      for (const t of s.recent.filter((x) => taskIds.has(x.id))) assert.equal(t.status, 'succeeded', `${s.name}: ${t.error ?? ''}`);
    }
  });
});
