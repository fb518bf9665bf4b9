// Threshold state machine: one transition per crossing, one notification per upward crossing,
// hysteresis against flapping, unknown figures keep the level.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_THRESHOLDS,
  INITIAL_THRESHOLD_STATE,
  levelFor,
  normalizeThresholds,
  stepThresholds,
  type ThresholdState,
  type ThresholdTransition,
} from '../../../src/core/budget/thresholds';

function runSequence(fractions: Array<number | null>): { levels: string[]; transitions: ThresholdTransition[] } {
  let state: ThresholdState = INITIAL_THRESHOLD_STATE;
  const levels: string[] = [];
  const transitions: ThresholdTransition[] = [];
  for (const f of fractions) {
    const step = stepThresholds(state, f, DEFAULT_THRESHOLDS);
    state = step.state;
    if (step.transition != null) transitions.push(step.transition);
    levels.push(state.level);
  }
  return { levels, transitions };
}

describe('thresholds', () => {
  test('defaults 70 % warn, 90 % critical', () => {
    assert.equal(levelFor(null), 'unknown');
    assert.equal(levelFor(0.69), 'ok');
    assert.equal(levelFor(0.7), 'warn');
    assert.equal(levelFor(0.9), 'critical');
    assert.equal(levelFor(1.3), 'critical');
  });

  test('rising through both thresholds notifies once each', () => {
    const { levels, transitions } = runSequence([0.1, 0.5, 0.72, 0.8, 0.91, 0.95, 0.97]);
    assert.deepEqual(levels, ['ok', 'ok', 'warn', 'warn', 'critical', 'critical', 'critical']);
    assert.deepEqual(
      transitions.map((t) => t.notify),
      [null, 'warn', 'critical'],
    );
  });

  test('hovering at a threshold does not flap; a real drop and rise notifies again', () => {
    const { transitions } = runSequence([0.91, 0.89, 0.905, 0.889, 0.9, 0.5, 0.92]);
    assert.deepEqual(
      transitions.map((t) => `${t.from}>${t.to}:${t.notify ?? ''}`),
      ['unknown>critical:critical', 'critical>ok:', 'ok>critical:critical'],
    );
  });

  test('compaction (null figure) keeps the level; the next figure decides', () => {
    const { levels, transitions } = runSequence([0.95, null, null, 0.2]);
    assert.deepEqual(levels, ['critical', 'critical', 'critical', 'ok']);
    assert.equal(transitions.length, 2);
  });

  test('critical dropping into the warn band goes to warn', () => {
    const { levels } = runSequence([0.95, 0.75, 0.69, 0.6]);
    assert.deepEqual(levels, ['critical', 'warn', 'warn', 'ok']);
  });

  test('settings are clamped and ordered', () => {
    assert.deepEqual(normalizeThresholds({ warn: 0.95, critical: 0.5 }), { warn: 0.95, critical: 0.95, hysteresis: 0.02 });
    assert.deepEqual(normalizeThresholds({ warn: -1, critical: Number.NaN }), { warn: 0, critical: 0.9, hysteresis: 0.02 });
  });
});
