// Writing files safely: the one atomic writer (temporary file, fsync, rename; refusing what would
// hurt the user's file), its temporary-file cleanup, and the checked rewrite with a backup.
export { FileWriteRefusedError, checkWritableSync, writeFileAtomic, writeFileAtomicSync } from './atomicWrite';
export type { AtomicWriteOptions, WriteRefusal } from './atomicWrite';
export { applyFileRewrite, describeFileError, restoreBackup } from './fileRewrite';
export type { AtomicWriteResult } from './fileRewrite';
export { cleanStaleTempFiles, cleanStaleTempFilesSync, tempPathFor } from './tempFiles';
export { isProcessAlive } from './processAlive';
