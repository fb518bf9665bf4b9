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
 * Keeps in `ids`/`scores` the `max` best (id, score) pairs seen so far, best first, equal scores
 * in arrival order, without sorting or allocating for all of them.
 */
export function insertTopIds(ids: number[], scores: number[], id: number, score: number, max: number): void {
  let i = scores.length;
  while (i > 0 && (scores[i - 1] as number) < score) i--;
  if (i >= max) return;
  if (ids.length < max) {
    ids.push(id);
    scores.push(score);
  }
  for (let k = ids.length - 1; k > i; k--) {
    ids[k] = ids[k - 1] as number;
    scores[k] = scores[k - 1] as number;
  }
  ids[i] = id;
  scores[i] = score;
}
