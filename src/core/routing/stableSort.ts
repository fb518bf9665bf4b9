// The sorts of the routing hot path: stable, in place, and allocation-free (Array.prototype.sort
// allocates, and a decision sorts a few dozen items at most, where an insertion sort is fastest).

/** Sorts `items` in place, highest `key` first, keeping the order of equal keys; returns `items`.
 *  Pass a module-level `key` function: a closure made per call would allocate. */
export function sortDescending<T>(items: T[], key: (item: T) => number): T[] {
  for (let i = 1; i < items.length; i++) {
    const item = items[i] as T;
    const k = key(item);
    let j = i - 1;
    for (; j >= 0 && key(items[j] as T) < k; j--) items[j + 1] = items[j] as T;
    items[j + 1] = item;
  }
  return items;
}

/**
 * Keeps `items` (with their `weights`) the `max` heaviest seen so far, heaviest first, equal
 * weights in arrival order: what a stable sort by weight followed by `slice(0, max)` would keep,
 * without sorting (or allocating for) everything.
 */
export function insertTop<T>(items: T[], weights: number[], item: T, weight: number, max: number): void {
  let i = weights.length;
  while (i > 0 && (weights[i - 1] as number) < weight) i--;
  if (i >= max) return;
  if (items.length < max) {
    items.push(item);
    weights.push(weight);
  }
  for (let k = items.length - 1; k > i; k--) {
    items[k] = items[k - 1] as T;
    weights[k] = weights[k - 1] as number;
  }
  items[i] = item;
  weights[i] = weight;
}
