// What differs between a store file owned by one process (LocalMode) and one written by several
// (SharedMode): how it is opened, written and reloaded, and what an update must remember.
import type { Mutator } from './storeCore';
import type { StoreData } from './storeTypes';

export interface StoreMode<T extends StoreData> {
  /** Loads the file into the core (with recovery). */
  open(): Promise<void>;
  /** Called after `mutator` has been applied to the in-memory data. */
  recordUpdate(mutator: Mutator<T>): void;
  /** The scheduler's write: persists the pending updates. */
  write(): Promise<void>;
  /** Re-reads the file, keeping pending updates. */
  reload(): Promise<void>;
  /** While a reload runs, a promise of its end (a flush waits for it); otherwise undefined. */
  settled(): Promise<void> | undefined;
}
