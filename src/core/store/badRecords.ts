// One bad record is not a bad file: the entries of a store's record lists that fail their check
// are taken out of the data and kept in `<name>.bad-records-<timestamp>.json` beside the store
// (never overwriting a file), so the other records load and the user can see what was set aside.
import { open, unlink } from 'node:fs/promises';
import { isPlainObject } from './recordChecks';
import { quarantinePathFor } from './quarantine';
import { errorCode } from './storeErrors';
import type { JsonObject, RecordList } from './storeTypes';

export interface SetAsideRecord {
  readonly field: string;
  /** The index in the list, or the key in the object. */
  readonly key: string;
  /** What the entry is, for messages: `session "s-1a2b"`, `audit entry #3`. */
  readonly label: string;
  readonly reason: string;
  readonly entry: unknown;
}

/** Removes the entries that fail their check from `data` and returns them. Linear in the number of entries. */
export function takeBadRecords(data: JsonObject, lists: readonly RecordList[]): SetAsideRecord[] {
  const taken: SetAsideRecord[] = [];
  for (const list of lists) {
    const value = data[list.field];
    if (Array.isArray(value)) {
      const kept: unknown[] = [];
      value.forEach((entry: unknown, index) => {
        const reason = checkEntry(list, entry);
        if (reason === undefined) kept.push(entry);
        else taken.push({ field: list.field, key: String(index), label: labelOf(list.noun, entry, `#${index}`), reason, entry });
      });
      if (kept.length !== value.length) data[list.field] = kept;
    } else if (isPlainObject(value)) {
      const kept: JsonObject = {};
      let removed = false;
      for (const [key, entry] of Object.entries(value)) {
        const reason = checkEntry(list, entry);
        if (reason === undefined) kept[key] = entry;
        else {
          removed = true;
          taken.push({ field: list.field, key, label: `${list.noun} ${JSON.stringify(key.slice(0, 80))}`, reason, entry });
        }
      }
      if (removed) data[list.field] = kept;
    }
    // Anything else is the whole document's problem (`validate`), not one entry's.
  }
  return taken;
}

function checkEntry(list: RecordList, entry: unknown): string | undefined {
  try {
    return list.check(entry);
  } catch (error) {
    return `could not be checked (${error instanceof Error ? error.message : String(error)})`;
  }
}

function labelOf(noun: string, entry: unknown, fallback: string): string {
  const id = isPlainObject(entry) ? entry['id'] : undefined;
  return typeof id === 'string' && id.length > 0 ? `${noun} ${JSON.stringify(id.slice(0, 80))}` : `${noun} ${fallback}`;
}

/**
 * Writes the records set aside to a fresh `<name>.bad-records-<timestamp>[-n].json` beside `file`
 * (exclusive create: never over an existing file), with `mode` when given, and returns its path.
 */
export async function writeSetAsideRecords(file: string, records: readonly SetAsideRecord[], when: Date, mode?: number): Promise<string> {
  const text = `${JSON.stringify(
    {
      from: file,
      setAsideAt: when.toISOString(),
      records: records.map(({ field, key, reason, entry }) => ({ field, key, reason, entry })),
    },
    null,
    2,
  )}\n`;
  for (let attempt = 0; attempt < 100; attempt++) {
    const path = quarantinePathFor(file, when, attempt, 'bad-records');
    let handle;
    try {
      handle = await open(path, 'wx', mode ?? 0o666);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') continue;
      throw error;
    }
    try {
      await handle.writeFile(text);
      await handle.sync();
      await handle.close();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(path).catch(() => undefined); // No half-written copy.
      throw error;
    }
    return path;
  }
  throw new Error(`Could not find a free name to set records of "${file}" aside.`);
}
