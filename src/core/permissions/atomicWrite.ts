// The permission rewrite's file writing now lives in the shared writer (src/core/files); this
// module keeps the names the permission code imports from here.
export { applyFileRewrite, restoreBackup } from '../files/fileRewrite';
export type { AtomicWriteResult } from '../files/fileRewrite';
export type { AtomicWriteOptions } from '../files/atomicWrite';
