// One file algorithm, two forms. The atomic writer is needed synchronously (applying a permission
// rewrite) and asynchronously (the stores, which must not block the orchestrator's event loop),
// so its steps are written once as a generator of fs calls and run either with the `*Sync`
// functions or with their callback forms (the approach of Babel's gensync). Only the calls listed
// here can be made, which keeps the two forms identical by construction.
import * as fs from 'node:fs';

/** The calls the steps may make, in their synchronous shape (the asynchronous forms mirror them). */
const syncCalls = {
  open: (path: string, flags: string, mode?: number): number => fs.openSync(path, flags, mode),
  close: (fd: number): void => fs.closeSync(fd),
  read: (fd: number, buffer: Uint8Array, position: number): number => fs.readSync(fd, buffer, 0, buffer.length, position),
  write: (fd: number, data: Uint8Array, position: number): number => fs.writeSync(fd, data, 0, data.length, position),
  fsync: (fd: number): void => fs.fsyncSync(fd),
  fstat: (fd: number): fs.Stats => fs.fstatSync(fd),
  fchown: (fd: number, uid: number, gid: number): void => fs.fchownSync(fd, uid, gid),
  fchmod: (fd: number, mode: number): void => fs.fchmodSync(fd, mode),
  ftruncate: (fd: number, length: number): void => fs.ftruncateSync(fd, length),
  stat: (path: string): fs.Stats => fs.statSync(path),
  access: (path: string, mode: number): void => fs.accessSync(path, mode),
  realpath: (path: string): string => fs.realpathSync(path),
  rename: (from: string, to: string): void => fs.renameSync(from, to),
  unlink: (path: string): void => fs.unlinkSync(path),
  readdir: (path: string): string[] => fs.readdirSync(path),
  sleep: (ms: number): void => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  },
};

type SyncCalls = typeof syncCalls;
export type CallName = keyof SyncCalls;
type AsyncCalls = { readonly [K in CallName]: (...args: Parameters<SyncCalls[K]>) => Promise<ReturnType<SyncCalls[K]>> };

/** Adapts a Node callback API to a promise. */
function settle<T>(start: (done: (error: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}

const asyncCalls: AsyncCalls = {
  open: (path, flags, mode) => settle<number>((done) => fs.open(path, flags, mode, done)),
  close: (fd) => settle<void>((done) => fs.close(fd, (error) => done(error, undefined))),
  read: (fd, buffer, position) => settle<number>((done) => fs.read(fd, buffer, 0, buffer.length, position, (error, n) => done(error, n))),
  write: (fd, data, position) => settle<number>((done) => fs.write(fd, data, 0, data.length, position, (error, n) => done(error, n))),
  fsync: (fd) => settle<void>((done) => fs.fsync(fd, (error) => done(error, undefined))),
  fstat: (fd) => settle<fs.Stats>((done) => fs.fstat(fd, done)),
  fchown: (fd, uid, gid) => settle<void>((done) => fs.fchown(fd, uid, gid, (error) => done(error, undefined))),
  fchmod: (fd, mode) => settle<void>((done) => fs.fchmod(fd, mode, (error) => done(error, undefined))),
  ftruncate: (fd, length) => settle<void>((done) => fs.ftruncate(fd, length, (error) => done(error, undefined))),
  stat: (path) => settle<fs.Stats>((done) => fs.stat(path, done)),
  access: (path, mode) => settle<void>((done) => fs.access(path, mode, (error) => done(error, undefined))),
  realpath: (path) => settle<string>((done) => fs.realpath(path, done)),
  rename: (from, to) => settle<void>((done) => fs.rename(from, to, (error) => done(error, undefined))),
  unlink: (path) => settle<void>((done) => fs.unlink(path, (error) => done(error, undefined))),
  readdir: (path) => settle<string[]>((done) => fs.readdir(path, done)),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface FileCall {
  readonly name: CallName;
  readonly args: readonly unknown[];
}

/** A file algorithm: yields the calls it makes and receives their results (or their errors, thrown in). */
export type Steps<T> = Generator<FileCall, T, unknown>;

/** Makes one call: `const fd = yield* call('open', path, 'r')`. */
export function* call<K extends CallName>(name: K, ...args: Parameters<SyncCalls[K]>): Steps<ReturnType<SyncCalls[K]>> {
  return (yield { name, args }) as ReturnType<SyncCalls[K]>;
}

/** Runs the steps with synchronous calls. */
export function runSync<T>(steps: Steps<T>): T {
  let next = steps.next();
  while (!next.done) {
    let result: unknown;
    try {
      result = (syncCalls[next.value.name] as (...args: readonly unknown[]) => unknown)(...next.value.args);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(result);
  }
  return next.value;
}

/** Runs the steps with asynchronous calls. */
export async function runAsync<T>(steps: Steps<T>): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    let result: unknown;
    try {
      result = await (asyncCalls[next.value.name] as (...args: readonly unknown[]) => Promise<unknown>)(...next.value.args);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(result);
  }
  return next.value;
}

/** The errno-style code of an error (`ENOENT`, `EACCES`...), when it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** Runs `steps`, swallowing any error (best-effort cleanup). */
export function* ignoringErrors(steps: Steps<unknown>): Steps<void> {
  try {
    yield* steps;
  } catch {
    // Best effort.
  }
}
