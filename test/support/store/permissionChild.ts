// Child of the permission tests, run as an unprivileged user (root ignores file modes): plays the
// EACCES scenarios inside the folder given as argument and prints what happened as one JSON line.
// The parent test makes the assertions.
import { chmod, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreAccessError, StoreReadOnlyError } from '../../../src/core/store/storeErrors';
import { isString } from '../../../src/core/store/recordChecks';
import { openJsonStore } from '../../../src/core/store/jsonStore';
import type { StoreProblem } from '../../../src/core/store/storeTypes';

interface Data {
  items: string[];
}

export interface PermissionReport {
  unreadable: { rejected: boolean; errorName: string; code: string; message: string; unchanged: boolean; listing: string[] };
  readOnlyFolder: {
    loaded: string[];
    flushError: string;
    problemKinds: string[];
    problemMessage: string;
    keptInMemory: string[];
    afterRepair: string[];
  };
  readOnlyCorrupt: { problemKinds: string[]; readOnlyReason: string; updateThrows: boolean; unchanged: boolean; listing: string[] };
  readOnlySharedFolder: { loaded: string[]; flushError: string; problemKinds: string[] };
  readOnlyBadRecord: { loaded: string[]; problemKinds: string[]; readOnlyReason: string; unchanged: boolean; listing: string[] };
}

const base = process.argv[2];
if (base === undefined) throw new Error('usage: permissionChild <folder>');
const defaults = (): Data => ({ items: [] });
const valid = JSON.stringify({ schemaVersion: 1, items: ['on disk'] });

async function unreadable(): Promise<PermissionReport['unreadable']> {
  const dir = join(base!, 'unreadable');
  const file = join(dir, 'store.json');
  await writeFile(file, valid);
  await chmod(file, 0o000);
  let rejected = false;
  let errorName = '';
  let code = '';
  let message = '';
  try {
    await openJsonStore<Data>({ file, defaults, schemaVersion: 1 });
  } catch (error) {
    rejected = true;
    errorName = error instanceof Error ? error.constructor.name : typeof error;
    code = error instanceof StoreAccessError ? (error.code ?? '') : '';
    message = error instanceof Error ? error.message : String(error);
  }
  await chmod(file, 0o644);
  return { rejected, errorName, code, message, unchanged: (await readFile(file, 'utf8')) === valid, listing: await readdir(dir) };
}

async function readOnlyFolder(): Promise<PermissionReport['readOnlyFolder']> {
  const dir = join(base!, 'read-only-folder');
  const file = join(dir, 'store.json');
  await writeFile(file, valid);
  await chmod(dir, 0o555);
  const problems: StoreProblem[] = [];
  const store = await openJsonStore<Data>({ file, defaults, schemaVersion: 1, debounceMs: 0, onProblem: (p) => problems.push(p) });
  const loaded = [...store.data.items];
  store.update((d) => d.items.push('unsaved'));
  let flushError = '';
  await store.flush().catch((error: unknown) => (flushError = String(error)));
  const keptInMemory = [...store.data.items];
  await chmod(dir, 0o755);
  store.update((d) => d.items.push('after repair'));
  await store.close();
  const afterRepair = (JSON.parse(await readFile(file, 'utf8')) as Data).items;
  return {
    loaded,
    flushError,
    problemKinds: problems.map((p) => p.kind),
    problemMessage: problems[0]?.message ?? '',
    keptInMemory,
    afterRepair,
  };
}

async function readOnlyCorrupt(): Promise<PermissionReport['readOnlyCorrupt']> {
  const dir = join(base!, 'read-only-corrupt');
  const file = join(dir, 'store.json');
  const garbage = '{"schemaVersion": 1, "items": [';
  await writeFile(file, garbage);
  await chmod(dir, 0o555);
  const problems: StoreProblem[] = [];
  const store = await openJsonStore<Data>({ file, defaults, schemaVersion: 1, onProblem: (p) => problems.push(p) });
  let updateThrows = false;
  try {
    store.update((d) => d.items.push('x'));
  } catch (error) {
    updateThrows = error instanceof StoreReadOnlyError;
  }
  await store.close();
  await chmod(dir, 0o755);
  return {
    problemKinds: problems.map((p) => p.kind),
    readOnlyReason: store.readOnlyReason ?? '',
    updateThrows,
    unchanged: (await readFile(file, 'utf8')) === garbage,
    listing: await readdir(dir),
  };
}

async function readOnlySharedFolder(): Promise<PermissionReport['readOnlySharedFolder']> {
  const dir = join(base!, 'read-only-shared');
  const file = join(dir, 'store.json');
  await writeFile(file, valid);
  await chmod(dir, 0o555);
  const problems: StoreProblem[] = [];
  const store = await openJsonStore<Data>({
    file,
    defaults,
    schemaVersion: 1,
    shared: true,
    debounceMs: 0,
    onProblem: (p) => problems.push(p),
  });
  const loaded = [...store.data.items];
  store.update((d) => d.items.push('unsaved'));
  let flushError = '';
  await store.flush().catch((error: unknown) => (flushError = String(error)));
  await chmod(dir, 0o755);
  await store.close();
  return { loaded, flushError, problemKinds: problems.map((p) => p.kind) };
}

async function readOnlyBadRecord(): Promise<PermissionReport['readOnlyBadRecord']> {
  const dir = join(base!, 'read-only-bad-record');
  const file = join(dir, 'store.json');
  const text = JSON.stringify({ schemaVersion: 1, items: ['good', 42] });
  await writeFile(file, text);
  await chmod(dir, 0o555);
  const problems: StoreProblem[] = [];
  const store = await openJsonStore<Data>({
    file,
    defaults,
    schemaVersion: 1,
    records: [{ field: 'items', noun: 'item', check: isString }],
    onProblem: (p) => problems.push(p),
  });
  const loaded = [...store.data.items];
  await store.close();
  await chmod(dir, 0o755);
  return {
    loaded,
    problemKinds: problems.map((p) => p.kind),
    readOnlyReason: store.readOnlyReason ?? '',
    unchanged: (await readFile(file, 'utf8')) === text,
    listing: await readdir(dir),
  };
}

async function main(): Promise<void> {
  const report: PermissionReport = {
    unreadable: await unreadable(),
    readOnlyFolder: await readOnlyFolder(),
    readOnlyCorrupt: await readOnlyCorrupt(),
    readOnlySharedFolder: await readOnlySharedFolder(),
    readOnlyBadRecord: await readOnlyBadRecord(),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

void main();
