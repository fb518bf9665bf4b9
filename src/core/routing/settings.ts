// Router settings with their defaults; the extension maps `agentAffinity.routing.*` onto these.

export type StrategyName = 'affinity' | 'round-robin' | 'least-loaded' | 'manual';

export const STRATEGY_NAMES: readonly StrategyName[] = ['affinity', 'round-robin', 'least-loaded', 'manual'];

export interface RoutingSettings {
  readonly strategy: StrategyName;
  /** Half-life of a user's edit or an open editor as a focus signal, in ms. */
  readonly focusHalfLifeMs: number;
  /** Weight of focus signals older than the previous routed task (they were about that one). */
  readonly staleFocusFactor: number;
  /** Half-life of a session's working-set entries, in ms (what its context still holds). */
  readonly workingSetHalfLifeMs: number;
  /** Files a session's context holds before compaction evicts the oldest. */
  readonly workingSetCapacity: number;
  /** Fraction of its working set a session keeps after a compaction or rollover. */
  readonly compactionKeep: number;
  /** A session with this many tasks running + queued is not eligible. */
  readonly maxInFlight: number;
  /** Below this affinity score no session is considered to hold the task's context. */
  readonly confidenceThreshold: number;
  /** Smoothing factor of the success EMA. */
  readonly successAlpha: number;
  /** Score margin under which a follow-up task stays with the previous session. */
  readonly stickyMargin: number;
  /** Focus entries (edits, closed editors) below this weight are pruned. */
  readonly pruneBelow: number;
  /** Upper bound of user-edit entries kept (oldest pruned first). */
  readonly maxTrackedEdits: number;
}

export const DEFAULT_ROUTING_SETTINGS: RoutingSettings = {
  strategy: 'affinity',
  focusHalfLifeMs: 5 * 60_000,
  staleFocusFactor: 0.2,
  workingSetHalfLifeMs: 8 * 3_600_000,
  workingSetCapacity: 40,
  compactionKeep: 0.5,
  maxInFlight: 2,
  confidenceThreshold: 0.25,
  successAlpha: 0.2,
  stickyMargin: 0.05,
  pruneBelow: 0.01,
  maxTrackedEdits: 20_000,
};

/** Settings with defaults for the fields not given. */
export function resolveRoutingSettings(partial: Partial<RoutingSettings> = {}): RoutingSettings {
  return { ...DEFAULT_ROUTING_SETTINGS, ...partial };
}

export function isStrategyName(s: string): s is StrategyName {
  return (STRATEGY_NAMES as readonly string[]).includes(s);
}
