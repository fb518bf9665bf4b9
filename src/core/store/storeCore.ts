// The state every store has whatever its mode: the lowdb instance over the file adapter, the
// read-only reason, loading with recovery, problem reporting and replaying an update on a draft.
import { Low } from 'lowdb';
import { StoreFileAdapter } from './storeFileAdapter';
import { asError, errorText } from './storeErrors';
import { loadWithRecovery, type RecoveredData } from './storeRecovery';
import type { JsonStoreOptions, StoreData, StoreProblem } from './storeTypes';

export type Mutator<T> = (draft: T) => void;

export class StoreCore<T extends StoreData> {
  readonly adapter: StoreFileAdapter<T>;
  readonly low: Low<T>;
  /** Set when the file must not be written (newer schema, damaged file that could not be moved aside). */
  readOnlyReason: string | undefined;

  constructor(
    readonly file: string,
    private readonly options: JsonStoreOptions<T>,
  ) {
    this.adapter = new StoreFileAdapter<T>({
      file,
      schemaVersion: options.schemaVersion,
      migrations: options.migrations ?? [],
      validate: options.validate,
      records: options.records ?? [],
      fsync: options.fsync ?? true,
      indent: options.indent ?? 2,
      mode: options.mode,
      recordJson: options.immutableRecords === true && options.indent === 0 ? new WeakMap() : undefined,
    });
    this.low = new Low<T>(this.adapter, options.defaults());
  }

  /** Reads the file with recovery (quarantine, read-only); the caller decides what to do with the result. */
  load(): Promise<RecoveredData<T>> {
    return loadWithRecovery({
      file: this.file,
      adapter: this.adapter,
      defaults: this.options.defaults,
      now: this.options.now ?? ((): Date => new Date()),
      mode: this.options.mode,
      report: (problem) => this.report(problem),
    });
  }

  /** Applies `mutator` to `draft`; a throwing mutator is dropped (and reported when asked). */
  replay(mutator: Mutator<T>, draft: T, reportFailure: boolean): void {
    try {
      mutator(draft);
    } catch (error) {
      if (!reportFailure) return;
      this.report({
        kind: 'updateDropped',
        file: this.file,
        error: asError(error),
        message: `An update to "${this.file}" could not be applied to its latest content and was dropped: ${errorText(error)}`,
      });
    }
  }

  report(problem: StoreProblem): void {
    try {
      this.options.onProblem?.(problem);
    } catch {
      // A failing listener must not break the store.
    }
  }
}
