import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mostRecentlyActive } from '../../../src/extension/budget/activeSession';
import { budgetPercent, budgetShort, formatCost, formatTokens } from '../../../src/extension/budget/budgetPresentation';
import { budgetLevelColor, sessionDescription } from '../../../src/extension/sessions/sessionPresentation';
import type { SessionSummary } from '../../../src/protocol/sessions';
import { budgetSummary } from '../../support/budget/budgetSummaryBuilder';

function session(over: Partial<SessionSummary>): SessionSummary {
  return {
    id: 's',
    name: 'n',
    agent: 'claude',
    folder: '/w',
    cwd: '/w',
    state: 'idle',
    queue: [],
    recent: [],
    tasksRun: 0,
    workingSet: [],
    createdAt: 0,
    lastActivityAt: 0,
    ...over,
  };
}

test('token and cost formatting', () => {
  assert.equal(formatTokens(950), '950');
  assert.equal(formatTokens(84_000), '84k');
  assert.equal(formatTokens(200_000), '200k');
  assert.equal(formatTokens(1_000_000), '1.0M');
  assert.equal(formatCost(0.421), '$0.42');
  assert.equal(formatCost(0.001), '<$0.01');
});

test('short budget text: percent, used/window; an estimate is labelled and shows no percentage', () => {
  assert.equal(budgetShort(budgetSummary()), '42% · 84k/200k');
  assert.equal(budgetShort(budgetSummary({ source: 'estimate', usedTokens: 30_000 })), 'est. 30k/200k');
  assert.equal(budgetPercent(budgetSummary({ usedTokens: 190_000 })), '95%');
});

test('tree description carries the fill right after the state', () => {
  assert.equal(sessionDescription(session({}), budgetSummary()), 'idle · 42% · Claude');
  assert.equal(sessionDescription(session({})), 'idle · Claude');
});

test('the active session is the running one, else the most recently active', () => {
  const a = session({ id: 'a', lastActivityAt: 10 });
  const b = session({ id: 'b', lastActivityAt: 20 });
  const c = session({ id: 'c', lastActivityAt: 5, state: 'running' });
  assert.equal(mostRecentlyActive([a, b])?.id, 'b');
  assert.equal(mostRecentlyActive([a, b, c])?.id, 'c');
  assert.equal(mostRecentlyActive([]), undefined);
});

test('tree icons turn yellow at warn and red at critical', () => {
  assert.equal(budgetLevelColor(budgetSummary({ level: 'critical' })), 'charts.red');
  assert.equal(budgetLevelColor(budgetSummary({ level: 'warn' })), 'charts.yellow');
  assert.equal(budgetLevelColor(budgetSummary({ level: 'ok' })), undefined);
  assert.equal(budgetLevelColor(undefined), undefined);
});
