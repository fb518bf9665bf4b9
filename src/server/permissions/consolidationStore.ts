// The last permission consolidation per folder, on the store layer (one JSON file in the
// workspace storage folder), or in memory when the window has no storage folder.
import { join } from 'node:path';
import { openJsonStore, type JsonObject, type JsonStore, type StoreProblem } from '../../core/store';
import type { ConsolidationRecord } from '../../protocol/permissions';

export interface ConsolidationsDocument {
  /** Keyed by folder path. */
  last: Record<string, ConsolidationRecord>;
}

export interface ConsolidationRepository {
  all(): ConsolidationRecord[];
  get(folder: string): ConsolidationRecord | undefined;
  set(record: ConsolidationRecord): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

function validate(data: JsonObject): string | undefined {
  const last = data.last;
  if (typeof last !== 'object' || last === null || Array.isArray(last)) return 'last is not an object';
  for (const r of Object.values(last as Record<string, unknown>)) {
    const rec = r as Partial<ConsolidationRecord> | null;
    if (
      typeof rec !== 'object' ||
      rec === null ||
      typeof rec.folder !== 'string' ||
      typeof rec.at !== 'number' ||
      !Array.isArray(rec.files)
    ) {
      return 'a consolidation record lacks its folder, time or files';
    }
  }
  return undefined;
}

function sorted(records: ConsolidationRecord[]): ConsolidationRecord[] {
  return records.sort((a, b) => b.at - a.at);
}

/** Records kept in a lowdb JSON file (`permissions.json` in the given folder). */
export class FileConsolidationStore implements ConsolidationRepository {
  private constructor(private readonly store: JsonStore<ConsolidationsDocument>) {}

  static async open(storageDir: string, onProblem: (p: StoreProblem) => void): Promise<FileConsolidationStore> {
    const store = await openJsonStore<ConsolidationsDocument>({
      file: join(storageDir, 'permissions.json'),
      defaults: () => ({ last: {} }),
      schemaVersion: 1,
      validate,
      onProblem,
    });
    return new FileConsolidationStore(store);
  }

  get file(): string {
    return this.store.file;
  }

  all(): ConsolidationRecord[] {
    return sorted(structuredClone(Object.values(this.store.data.last)));
  }

  get(folder: string): ConsolidationRecord | undefined {
    const r = this.store.data.last[folder];
    return r ? structuredClone(r) : undefined;
  }

  set(record: ConsolidationRecord): void {
    const copy = structuredClone(record);
    this.store.update((d) => {
      d.last[copy.folder] = copy;
    });
  }

  flush(): Promise<void> {
    return this.store.flush();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** Records kept for the life of the process (no workspace storage folder). */
export class MemoryConsolidationStore implements ConsolidationRepository {
  private readonly records = new Map<string, ConsolidationRecord>();

  all(): ConsolidationRecord[] {
    return sorted([...this.records.values()].map((r) => structuredClone(r)));
  }

  get(folder: string): ConsolidationRecord | undefined {
    const r = this.records.get(folder);
    return r ? structuredClone(r) : undefined;
  }

  set(record: ConsolidationRecord): void {
    this.records.set(record.folder, structuredClone(record));
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
