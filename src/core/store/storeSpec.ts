// Declaring a feature's stores once, typed: a spec gives the file name, schema version,
// defaults and migrations of one store, and a key→type map names a set of stores opened together
// in one storage folder (the pattern of GitLens' constants.storage.ts, per STYLE.md).
//
//   interface WorkspaceStores { sessions: SessionsData; routing: RoutingData }
//   const workspaceStores: StoreSpecs<WorkspaceStores> = {
//     sessions: defineStore({ fileName: 'sessions.json', schemaVersion: 2, defaults: ..., migrations: [...] }),
//     routing: defineStore({ fileName: 'routing.json', schemaVersion: 1, defaults: ... }),
//   };
//   const stores = await openStores(storageDir, workspaceStores, { onProblem });
//   stores.sessions.update((d) => ...);   // typed as SessionsData
import { join } from 'node:path';
import { openJsonStore } from './jsonStore';
import type { JsonObject, JsonStore, JsonStoreOptions, Migration, RecordList, StoreData, StoreProblem } from './storeTypes';

/** One store's persistent identity. Keep old migrations forever: they are how old files are read. */
export interface StoreSpec<T extends StoreData> {
  /** File name inside the storage folder, e.g. `learned-fixes.json`. */
  readonly fileName: string;
  readonly schemaVersion: number;
  readonly defaults: () => T;
  readonly migrations?: readonly Migration[];
  readonly validate?: (data: JsonObject) => string | undefined;
  /** Lists checked entry by entry: a bad entry is set aside, not the whole file. */
  readonly records?: readonly RecordList[];
  /** Permission bits, e.g. 0o600 for a file holding task texts (fixed on an existing file at its next write). */
  readonly mode?: number;
  /** Delay between the first unsaved change and its write (default 100 ms). */
  readonly debounceMs?: number;
  /** Written by several processes at once (global stores shared by windows). */
  readonly shared?: boolean;
}

/** A spec per key of the key→type map `M`. */
export type StoreSpecs<M extends { [K in keyof M]: StoreData }> = { readonly [K in keyof M]: StoreSpec<M[K]> };

/** The opened stores of a key→type map `M`. */
export type OpenStores<M extends { [K in keyof M]: StoreData }> = { readonly [K in keyof M]: JsonStore<M[K]> };

/** Options applied to every store of a set (they take precedence over the specs'). */
export interface StoreSetOptions {
  readonly debounceMs?: number;
  readonly fsync?: boolean;
  readonly onProblem?: (problem: StoreProblem) => void;
}

/** Identity, for type inference of `T` from `defaults`. */
export function defineStore<T extends StoreData>(spec: StoreSpec<T>): StoreSpec<T> {
  return spec;
}

/** Opens one spec'd store inside `folder`. */
export function openStoreIn<T extends StoreData>(folder: string, spec: StoreSpec<T>, options: StoreSetOptions = {}): Promise<JsonStore<T>> {
  const storeOptions: JsonStoreOptions<T> = {
    ...spec,
    ...options,
    file: join(folder, spec.fileName),
  };
  return openJsonStore(storeOptions);
}

/** Opens every store of `specs` inside `folder`; if one fails to open, the others are closed and the error rethrown. */
export async function openStores<M extends { [K in keyof M]: StoreData }>(
  folder: string,
  specs: StoreSpecs<M>,
  options: StoreSetOptions = {},
): Promise<OpenStores<M>> {
  const keys = Object.keys(specs) as Array<keyof M>;
  const settled = await Promise.allSettled(keys.map((key) => openStoreIn(folder, specs[key], options)));
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure !== undefined) {
    await Promise.allSettled(settled.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)));
    throw failure.reason;
  }
  const opened: Partial<{ [K in keyof M]: JsonStore<M[K]> }> = {};
  keys.forEach((key, index) => {
    const result = settled[index];
    if (result?.status === 'fulfilled') opened[key] = result.value as JsonStore<M[typeof key]>;
  });
  return opened as OpenStores<M>;
}

/** Flushes and closes every store of a set; rejects with the first failure after trying them all. */
export async function closeStores(stores: { readonly [key: string]: JsonStore<StoreData> }): Promise<void> {
  const results = await Promise.allSettled(Object.values(stores).map((store) => store.close()));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
}
