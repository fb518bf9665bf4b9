import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OrchestratorState } from '../../../src/protocol/orchestratorState';
import { CommandIds } from '../../../src/extension/contributions';
import { statusBarView } from '../../../src/extension/statusBarModel';
import { budgetSummary } from '../../support/budget/budgetSummaryBuilder';

test('every orchestrator state maps to text naming the state and a click that helps', () => {
  const expected: Record<OrchestratorState, string> = {
    restricted: 'workbench.trust.manage',
    starting: CommandIds.showLogs,
    ready: CommandIds.showDashboard,
    crashed: CommandIds.restartOrchestrator,
    stopped: CommandIds.restartOrchestrator,
  };
  for (const [state, command] of Object.entries(expected) as [OrchestratorState, string][]) {
    const view = statusBarView({ state });
    assert.match(view.text, /Affinity/);
    assert.match(view.text, new RegExp(state));
    assert.equal(view.command, command, state);
    assert.ok(view.accessibilityLabel.length > 0);
  }
});

test('crashed is shown on the error background with its reason in the tooltip', () => {
  const view = statusBarView({ state: 'crashed', detail: 'the orchestrator process exited' });
  assert.equal(view.background, 'statusBarItem.errorBackground');
  assert.match(view.tooltip, /process exited/);
  assert.equal(statusBarView({ state: 'ready' }).background, undefined);
});

test('ready tooltip names version, pid and uptime', () => {
  const view = statusBarView({ state: 'ready', version: '0.1.0', pid: 42, startedAt: 1_000 }, 1_000 + 125_000);
  assert.match(view.tooltip, /v0\.1\.0/);
  assert.match(view.tooltip, /pid 42/);
  assert.match(view.tooltip, /up 2m 5s/);
});

test('ready with no sessions offers to create one', () => {
  const view = statusBarView({ state: 'ready' }, 0, { sessionCount: 0 });
  assert.match(view.text, /no sessions/);
  assert.equal(view.command, CommandIds.createSession);
});

test('ready with an active session shows its budget: name, percent, used/window, click opens the dashboard on it', () => {
  const view = statusBarView({ state: 'ready' }, 0, { sessionCount: 2, active: { id: 's-1', name: 'backend', budget: budgetSummary() } });
  assert.equal(view.text, '$(pulse) backend 42% · 84k/200k');
  assert.equal(view.command, CommandIds.showDashboard);
  assert.deepEqual(view.commandArgs, ['s-1']);
  assert.equal(view.background, undefined);
  assert.match(view.tooltipMarkdown ?? '', /\| Memory files \*\(estimate\)\* \| 2k \|/);
  assert.match(view.tooltipMarkdown ?? '', /agent's own usage figure/);
  assert.match(view.accessibilityLabel, /42 percent/);
});

test('the budget colours by threshold level and labels estimates', () => {
  const warn = statusBarView({ state: 'ready' }, 0, {
    sessionCount: 1,
    active: { id: 's-1', name: 'b', budget: budgetSummary({ usedTokens: 150_000, level: 'warn' }) },
  });
  assert.equal(warn.background, 'statusBarItem.warningBackground');
  const critical = statusBarView({ state: 'ready' }, 0, {
    sessionCount: 1,
    active: { id: 's-1', name: 'b', budget: budgetSummary({ usedTokens: 190_000, level: 'critical' }) },
  });
  assert.equal(critical.background, 'statusBarItem.errorBackground');
  assert.match(critical.accessibilityLabel, /critical/);
  const est = statusBarView({ state: 'ready' }, 0, {
    sessionCount: 1,
    active: { id: 's-1', name: 'b', budget: budgetSummary({ usedTokens: 22_000, source: 'estimate' }) },
  });
  assert.equal(est.text, '$(pulse) b est. 22k/200k');
  assert.match(est.tooltip, /estimate/);
  assert.match(est.tooltipMarkdown ?? '', /an estimate \(tiktoken\)/);
  const unknown = statusBarView({ state: 'ready' }, 0, {
    sessionCount: 1,
    active: { id: 's-1', name: 'b', budget: budgetSummary({ usedTokens: null, source: 'compacted' }) },
  });
  assert.equal(unknown.text, '$(pulse) b ?/200k');
});

test('the orchestrator state wins over the budget when it is not ready', () => {
  const view = statusBarView({ state: 'crashed' }, 0, {
    sessionCount: 1,
    active: { id: 's-1', name: 'b', budget: budgetSummary({ level: 'critical' }) },
  });
  assert.match(view.text, /crashed/);
  assert.equal(view.command, CommandIds.restartOrchestrator);
});
