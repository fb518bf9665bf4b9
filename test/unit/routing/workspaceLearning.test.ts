// The routing workspace as the orchestrator runs it (core, no LSP): it learns each folder's git
// history off the decision path and says how much it learned; a session that did work on an area
// gets the next task on that area even when the text names no file; a task whose CLI never started
// does not lower a session's success; the router's success figure is the metrics' figure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CommandAdapter } from '../../../src/core/agents/commandAdapter';
import type { GitHistory } from '../../../src/core/routing/gitHistory';
import { RoutingWorkspace } from '../../../src/core/routing/routingWorkspace';
import { MetricsRecorder } from '../../../src/core/metrics/metricsRecorder';
import { SessionManager } from '../../../src/core/sessions/sessionManager';
import { InMemorySessionRepository } from '../../../src/core/sessions/sessionRepository';
import { lspDocuments } from '../../support/lspDocuments';
import { ManualDrivers } from '../../support/sessions/manualDriver';

const FOLDER = '/ws';

function history(commits: { text: string; files: string[] }[], head = 'h1'): GitHistory {
  return {
    status: 'ok',
    message: `read ${commits.length} commits`,
    head,
    commits: commits.map((c, i) => ({ hash: `${head}-${i}`, ...c })),
    fromCache: 0,
    read: commits.length,
    truncated: false,
    shallow: false,
  };
}

function setup(readHistory?: () => Promise<GitHistory>): {
  m: SessionManager;
  drivers: ManualDrivers;
  routing: RoutingWorkspace;
  metrics: MetricsRecorder;
} {
  const drivers = new ManualDrivers();
  let clock = 1_000_000;
  const m = new SessionManager({
    repository: new InMemorySessionRepository(),
    adapters: { command: new CommandAdapter('echo') },
    createDriver: () => drivers.driver(),
    now: () => (clock += 1000),
  });
  const metrics = new MetricsRecorder(() => clock);
  m.on('taskFinished', ({ sessionId, task }) => metrics.taskFinished({ sessionId, taskId: task.id, ...task }));
  const routing = new RoutingWorkspace({
    manager: m,
    folders: [FOLDER],
    documents: lspDocuments().port,
    settings: () => ({ strategy: 'affinity', focusHalfLifeMinutes: 5, maxParallelSessions: 4, historyCommits: 3000 }),
    workspaceFolderOf: (id) => m.get(id)?.folder,
    createSession: async (input) => m.createSession(input),
    askSymbols: async () => [],
    log: () => undefined,
    listFiles: async () =>
      ['src/editor/caret.ts', 'src/editor/selection.ts', 'src/export/pdf.ts', 'src/export/svg.ts'].map((f) => `${FOLDER}/${f}`),
    sessionSuccess: (id) => metrics.outcomes.success(id),
    ...(readHistory ? { readHistory } : {}),
    now: () => clock,
  });
  return { m, drivers, routing, metrics };
}

describe('routing workspace: learning and one success figure', () => {
  test('learns the git history in the background and says how much it learned', async () => {
    const { routing } = setup(async () =>
      history([
        { text: 'fix(editor): caret jumps after paste', files: ['src/editor/caret.ts'] },
        { text: 'feat(export): pdf margins', files: ['src/export/pdf.ts'] },
      ]),
    );
    await routing.historyLearned();
    const status = routing.status();
    assert.equal(status.learned.commits, 2);
    assert.match(status.text, /learned from 2 commits/);
    assert.deepEqual(
      status.history.map((h) => h.status),
      ['ok'],
    );
    await routing.close();
  });

  test('a session that worked on an area gets the next task on it, though the text names no file', async () => {
    const { m, drivers, routing } = setup(async () =>
      history([
        { text: 'fix(editor): caret jumps after paste', files: ['src/editor/caret.ts'] },
        { text: 'editor: selection lost on undo', files: ['src/editor/selection.ts'] },
        { text: 'export: svg fonts missing', files: ['src/export/svg.ts'] },
        { text: 'feat(export): pdf margins', files: ['src/export/pdf.ts'] },
      ]),
    );
    await routing.historyLearned();
    const editor = m.createSession({ name: 'editor', agent: 'command', folder: FOLDER });
    const exporter = m.createSession({ name: 'exporter', agent: 'command', folder: FOLDER });
    // Each session does one task in its area (the agent edits the files).
    const work = async (sessionId: string, text: string, file: string): Promise<void> => {
      const before = drivers.runs.length;
      const sent = await routing.dispatch({ text, sessionId, by: 'user' });
      const [run] = (await drivers.started(before + 1)).slice(-1);
      assert.ok(run);
      run.emit({
        type: 'tool_use',
        toolId: 't',
        toolName: 'Edit',
        input: {},
        files: [{ path: `${FOLDER}/${file}`, access: 'edit' }],
        isSidechain: false,
      });
      run.finish({ ok: true });
      await m.waitForTask(sent.task.id);
    };
    await work(editor.id, 'make the caret blink', 'src/editor/caret.ts');
    await work(exporter.id, 'svg export of gradients', 'src/export/svg.ts');
    const d = await routing.decide('the caret disappears when undoing a paste', undefined, true);
    assert.equal(d.decision.chosen, editor.id, JSON.stringify(d.decision.ranked.map((r) => [r.sessionId, r.score, r.reasons])));
    assert.deepEqual(new Set(d.decision.ranked.map((r) => r.sessionId)), new Set([editor.id, exporter.id]), 'every session is ranked');
    assert.ok(d.decision.ranked.find((r) => r.sessionId === editor.id)?.reasons.some((r) => /caret/.test(r)));
    await routing.close();
  });

  test("a CLI that never started does not count; the router's figure is the dashboard's", async () => {
    const { m, drivers, routing, metrics } = setup();
    const s = m.createSession({ name: 'backend', agent: 'command', folder: FOLDER });
    const run = async (ok: boolean, kind?: string): Promise<string> => {
      const before = drivers.runs.length;
      const t = m.sendTask(s.id, { text: `task ${before}` });
      const [r] = (await drivers.started(before + 1)).slice(-1);
      assert.ok(r);
      r.finish(
        ok ? { ok: true } : { ok: false, failure: { kind: (kind ?? 'agent-error') as 'agent-error', reason: 'no', stderrTail: [] } },
      );
      await m.waitForTask(t.id);
      return t.id;
    };
    await run(true);
    await run(true);
    await run(false);
    // Three setup failures (the CLI was not found): the session's success must not move.
    for (let i = 0; i < 3; i++) {
      await run(false, 'missing-executable');
      m.resumeSession(s.id);
    }
    const figure = metrics.outcomes.success(s.id);
    assert.deepEqual([figure.succeeded, figure.samples], [2, 3]);
    const d = await routing.decide('anything at all', undefined, true);
    const reasons = d.decision.ranked.find((r) => r.sessionId === s.id)?.reasons ?? [];
    assert.ok(
      reasons.includes('67% of its 3 tasks succeeded'),
      `the same figure as the metrics (${metricsLine(metrics, s.id)}): ${reasons.join('; ')}`,
    );
    await routing.close();
  });
});

function metricsLine(metrics: MetricsRecorder, sessionId: string): string {
  const m = metrics.snapshot().sessions.find((x) => x.sessionId === sessionId);
  return m ? `${Math.round(m.successRate * 100)}% of ${m.tasksRun}` : 'none';
}
