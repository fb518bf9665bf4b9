// The store layer's public surface: JSON stores on lowdb with schema versions, migrations,
// debounced atomic writes, quarantine of damaged files and a cross-process shared mode.
export { openJsonStore } from './jsonStore';
export { closeStores, defineStore, openStoreIn, openStores } from './storeSpec';
export { storeProblemReport, storeProblemSeverity } from './storeProblems';
export type { StoreProblemSeverity } from './storeProblems';
export type { OpenStores, StoreSetOptions, StoreSpec, StoreSpecs } from './storeSpec';
export type { JsonObject, JsonStore, JsonStoreOptions, Migration, RecordList, StoreData, StoreProblem, StoreStats } from './storeTypes';
export {
  isBoolean,
  isNumber,
  isPlainObject,
  isString,
  kindOf,
  listOf,
  mapOf,
  nullable,
  oneOf,
  optional,
  shape,
  tupleOf,
} from './recordChecks';
export type { Check } from './recordChecks';
export { StoreAccessError, StoreClosedError, StoreConfigError, StoreError, StoreLockTimeoutError, StoreReadOnlyError } from './storeErrors';
export { acquireFileLock } from './fileLock';
export type { FileLock, FileLockOptions } from './fileLock';
