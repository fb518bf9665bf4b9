import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OrchestratorState } from '../../../src/protocol/orchestratorState';
import { CommandIds } from '../../../src/extension/contributions';
import { statusBarView } from '../../../src/extension/statusBarModel';

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
