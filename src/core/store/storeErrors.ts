// Errors raised by the store layer. Each names the file it is about, so a message shown to the
// user or written to the log says which file and why without extra context.

/** Base class of every store error: carries the store file (or lock file) it is about. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The store file exists but cannot be read (EACCES, EPERM, EISDIR, EIO...). Never quarantined. */
export class StoreAccessError extends StoreError {
  readonly code: string | undefined;
  constructor(file: string, cause: unknown) {
    const code = errorCode(cause);
    super(
      `Cannot read the store file "${file}" (${code ?? 'error'}: ${errorText(cause)}). ` +
        'It was left untouched; fix its permissions or remove it, then reload.',
      file,
      { cause },
    );
    this.code = code;
  }
}

/** The file does not hold a store document this version can use; it gets quarantined. */
export class StoreCorruptError extends StoreError {
  constructor(
    file: string,
    readonly reason: string,
  ) {
    super(`The store file "${file}" is damaged: ${reason}.`, file);
  }
}

/** The file was written by a newer schema than this code knows; it is opened read-only. */
export class StoreNewerVersionError extends StoreError {
  constructor(
    file: string,
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `The store file "${file}" was written by a newer version of Agent Affinity ` +
        `(schema ${fileVersion}; this version knows up to ${knownVersion}). ` +
        'It is opened read-only and left unchanged; update the extension to use it.',
      file,
    );
  }
}

/** An update was attempted on a store opened read-only. */
export class StoreReadOnlyError extends StoreError {
  constructor(file: string, reason: string) {
    super(`The store "${file}" is read-only: ${reason}`, file);
  }
}

/** An update was attempted after close(). */
export class StoreClosedError extends StoreError {
  constructor(file: string) {
    super(`The store "${file}" is closed.`, file);
  }
}

/** The cross-process lock could not be taken in time (another live process keeps holding it). */
export class StoreLockTimeoutError extends StoreError {
  constructor(lockFile: string, timeoutMs: number, holder: string) {
    super(`Timed out after ${timeoutMs} ms waiting for the lock "${lockFile}" (held by ${holder}).`, lockFile);
  }
}

/** The store was opened with inconsistent options (a programming error, not a data problem). */
export class StoreConfigError extends StoreError {}

/** The errno-style code of an error (`ENOENT`, `EACCES`...), when it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** A one-line text for any thrown value. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Wraps any thrown value as an Error (for problem reports). */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
