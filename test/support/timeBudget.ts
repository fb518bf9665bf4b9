// A time budget for property tests that guard linear-time code: a case over budget is run twice
// more and judged by its fastest run. A super-linear path is slow every time; a loaded machine
// (CI, the other test files running beside this one) is slow only now and then.
import assert from 'node:assert/strict';

/** Runs `f` (a pure function: it may run up to three times) and fails when its fastest run took `budgetMs` or more. */
export function withinBudget<T>(what: string, f: () => T, budgetMs: number): T {
  let t0 = performance.now();
  const out = f();
  let best = performance.now() - t0;
  for (let again = 0; again < 2 && best >= budgetMs; again++) {
    t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  assert.ok(best < budgetMs, `${what} took ${best.toFixed(0)} ms at best of 3 (budget ${budgetMs} ms): a super-linear path`);
  return out;
}
