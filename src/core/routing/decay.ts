// Exponential time decay: a weight halves every half-life.

/** Factor by which a weight recorded `elapsedMs` ago has decayed. 1 for non-positive elapsed times. */
export function decayFactor(elapsedMs: number, halfLifeMs: number): number {
  if (elapsedMs <= 0) return 1;
  if (halfLifeMs <= 0) return 0;
  return Math.pow(2, -elapsedMs / halfLifeMs);
}

/** `weight` recorded at `at`, seen at `now`. */
export function decayed(weight: number, at: number, now: number, halfLifeMs: number): number {
  return weight * decayFactor(now - at, halfLifeMs);
}

/** Elapsed time after which a weight of 1 falls under `floor`. */
export function timeToFall(floor: number, halfLifeMs: number): number {
  if (floor >= 1) return 0;
  return halfLifeMs * Math.log2(1 / Math.max(floor, Number.MIN_VALUE));
}

/** "4 min ago", "2 h ago", "just now": an age in plain words (one formatter for every surface). */
export { formatAge } from '../../common/format';
