// Budget thresholds as a small pure state machine: each new fill figure yields the level and, when
// the level changes, one transition, so the UI colours on every change and notifies once per upward
// crossing. A hysteresis margin keeps a fill hovering at a threshold from flapping.

export type BudgetLevel = 'unknown' | 'ok' | 'warn' | 'critical';

export interface ThresholdConfig {
  /** Fraction of the window (0–1); default 0.7. */
  warn: number;
  /** Default 0.9. */
  critical: number;
  /** A level is left downwards only below threshold − hysteresis; default 0.02. */
  hysteresis: number;
}

export const DEFAULT_THRESHOLDS: Readonly<ThresholdConfig> = { warn: 0.7, critical: 0.9, hysteresis: 0.02 };

export interface ThresholdState {
  level: BudgetLevel;
}

export interface ThresholdTransition {
  from: BudgetLevel;
  to: BudgetLevel;
  /** Set on an upward crossing into warn or critical: the one notification to show. */
  notify: 'warn' | 'critical' | null;
}

export const INITIAL_THRESHOLD_STATE: Readonly<ThresholdState> = { level: 'unknown' };

/** Settings values made safe: clamped to [0, 1], critical ≥ warn. */
export function normalizeThresholds(partial: Partial<ThresholdConfig> = {}): ThresholdConfig {
  const clamp = (v: number | undefined, d: number): number => (v == null || !Number.isFinite(v) ? d : Math.min(1, Math.max(0, v)));
  const warn = clamp(partial.warn, DEFAULT_THRESHOLDS.warn);
  const critical = Math.max(warn, clamp(partial.critical, DEFAULT_THRESHOLDS.critical));
  return { warn, critical, hysteresis: clamp(partial.hysteresis, DEFAULT_THRESHOLDS.hysteresis) };
}

const RANK: Record<BudgetLevel, number> = { unknown: -1, ok: 0, warn: 1, critical: 2 };

/** The level of a fraction with no history (no hysteresis). */
export function levelFor(fraction: number | null, config: ThresholdConfig = DEFAULT_THRESHOLDS): BudgetLevel {
  if (fraction == null || !Number.isFinite(fraction)) return 'unknown';
  if (fraction >= config.critical) return 'critical';
  if (fraction >= config.warn) return 'warn';
  return 'ok';
}

/**
 * Next state for a new fill fraction. `null` (no figure: before the first answer, right after a
 * compaction) keeps the current level: the next real figure decides.
 */
export function stepThresholds(
  state: ThresholdState,
  fraction: number | null,
  config: ThresholdConfig = DEFAULT_THRESHOLDS,
): { state: ThresholdState; transition: ThresholdTransition | null } {
  if (fraction == null || !Number.isFinite(fraction)) return { state, transition: null };
  let next = levelFor(fraction, config);
  // Going down: stay until the fraction is clearly below the threshold of the current level.
  if (RANK[next] < RANK[state.level]) {
    const held = state.level === 'critical' ? config.critical : state.level === 'warn' ? config.warn : 0;
    if (fraction >= held - config.hysteresis) next = state.level;
    else if (state.level === 'critical' && fraction >= config.warn - config.hysteresis && next === 'ok') next = 'warn';
  }
  if (next === state.level) return { state, transition: null };
  const rising = RANK[next] > RANK[state.level];
  return {
    state: { level: next },
    transition: { from: state.level, to: next, notify: rising && (next === 'warn' || next === 'critical') ? next : null },
  };
}
