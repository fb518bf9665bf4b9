// Where fix records live. The fix store only needs "load everything" and "apply these mutations
// atomically to the latest state"; the in-memory implementation serves tests and the CLI.
import type { FixRecord } from './fixRecord';
import type { FixMutation } from './fixMutations';
import { applyFixMutations } from './fixMutations';

export interface FixRepository {
  /** Every stored record (latest persisted state). */
  loadAll(): Promise<FixRecord[]>;
  /** Applies the mutations to the latest persisted state in one atomic step; resolves to all records afterwards. */
  apply(mutations: readonly FixMutation[]): Promise<FixRecord[]>;
  /**
   * Like `apply` for mutations that delete nothing, resolving to the records they touched only
   * (each as it is now), so a change of one fix among 100,000 costs what one fix costs. Optional.
   */
  applyTouching?(mutations: readonly FixMutation[]): Promise<FixRecord[]>;
}

/** A repository held in memory (tests, CLI, or a store without persistence). */
export class InMemoryFixRepository implements FixRepository {
  private records: FixRecord[];

  constructor(initial: readonly FixRecord[] = []) {
    this.records = [...initial];
  }

  loadAll(): Promise<FixRecord[]> {
    return Promise.resolve([...this.records]);
  }

  apply(mutations: readonly FixMutation[]): Promise<FixRecord[]> {
    this.records = applyFixMutations(this.records, mutations);
    return Promise.resolve([...this.records]);
  }
}
